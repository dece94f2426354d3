"""The `oyster-edge` command line: a thin layer over the stages; heavy imports happen inside commands."""

from __future__ import annotations

import importlib
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


# Each stage adds its own commands; their heavy imports happen inside the commands, so --help stays fast.
COMMAND_MODULES = (
    "oyster_edge.convert.cli",
    "oyster_edge.convert.imatrix_cli",
    "oyster_edge.evals.datasets_cli",
    "oyster_edge.evals.cli",
    "oyster_edge.runtime.cli",
    "oyster_edge.safety.cli",
    "oyster_edge.tui.cli",
)


def _register_commands() -> None:
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(app)


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
