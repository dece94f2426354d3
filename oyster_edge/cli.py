"""The `oyster-edge` command line: a thin layer over the stages; heavy imports happen inside commands."""

from __future__ import annotations

import sys

import click
import typer
from rich.console import Console

from oyster_edge.errors import OysterError

app = typer.Typer(
    name="oyster-edge",
    help="Oyster-I on the edge: convert, check, report, chat, kiosk.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err_console = Console(stderr=True)


def _register_commands() -> None:
    from oyster_edge.convert.cli import register as register_convert

    register_convert(app)
    from oyster_edge.runtime.cli import register as register_runtime; register_runtime(app)  # noqa: E702, I001
    from oyster_edge.tui.cli import register as register_tui; register_tui(app)  # noqa: E702, I001
    from oyster_edge.safety.cli import register as register_safety; register_safety(app)  # noqa: E702, I001
    from oyster_edge.evals.cli import register as register_evals; register_evals(app)  # noqa: E702, I001
    from oyster_edge.convert.imatrix_cli import register as register_imatrix; register_imatrix(app)  # noqa: E702, I001
    from oyster_edge.evals.datasets_cli import register as register_datasets; register_datasets(app)  # noqa: E702, I001


_register_commands()


def main() -> None:
    command = typer.main.get_command(app)
    try:
        # Without standalone mode click returns a typer.Exit's code instead of exiting with it.
        returned = command.main(prog_name="oyster-edge", standalone_mode=False)
        sys.exit(returned if isinstance(returned, int) else 0)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        err_console.print("[yellow]interrupted[/]: nothing was left under a final file name.")
        sys.exit(130)
    except OysterError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
