"""`oyster-edge tui [MODEL]` and `oyster-edge kiosk {run,unit,check} --config kiosk.toml`."""

from __future__ import annotations

import os
import shutil
import sys
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

# Environment switches that make Textual write logs or screenshots, or talk to devtools.
TEXTUAL_WRITERS = ("TEXTUAL", "TEXTUAL_LOG", "TEXTUAL_SCREENSHOT", "TEXTUAL_SCREENSHOT_LOCATION",
                   "TEXTUAL_SCREENSHOT_FILENAME", "TEXTUAL_PRESS", "TEXTUAL_DEBUG")

ConfigOption = Annotated[Path, typer.Option("--config", "-c", help="kiosk.toml (see tui/KIOSK.md)")]


def register(app: typer.Typer) -> None:
    app.command("tui")(tui)
    kiosk = typer.Typer(help="Unattended public-terminal chat: locked down, nothing stored, help one key away.")
    kiosk.callback(invoke_without_command=True)(kiosk_default)
    kiosk.command("run")(kiosk_run)
    kiosk.command("check")(kiosk_check)
    kiosk.command("unit")(kiosk_unit)
    app.add_typer(kiosk, name="kiosk")


def tui(
    model: Annotated[Path | None, typer.Argument(help="A .gguf file or a converted model folder.")] = None,
    country: Annotated[str | None, typer.Option(help="Whose crisis lines to show (ISO code, e.g. CN).")] = None,
    language: Annotated[str | None, typer.Option(help="Language of the help panel before you write.")] = None,
    max_tokens: Annotated[int | None, typer.Option(help="Longest reply, in tokens.")] = None,
    think: Annotated[bool, typer.Option(help="Let Qwen3 reason before answering (hidden behind F4).")] = False,
    n_ctx: Annotated[int | None, typer.Option(help="Context length (default: what fits in memory).")] = None,
    system: Annotated[str | None, typer.Option(help="Replace Oy1's default system prompt.")] = None,
    config: Annotated[Path | None, typer.Option(help="TUI config TOML (default ~/.config/oyster-edge/tui.toml).")]
    = None,
) -> None:
    """Chat with a model in the terminal; the crisis-resources panel works even without a model."""
    from oyster_edge.tui.app import ChatApp, ChatSettings
    from oyster_edge.tui.engines import open_chat_engine
    from oyster_edge.tui.gate import default_safety
    from oyster_edge.tui.tui_config import load_tui_config

    settings_file = load_tui_config(config)
    safety = default_safety(country, settings_file.country)
    settings = ChatSettings(
        model_label=model.name if model else "no model",
        max_tokens=max_tokens or settings_file.max_tokens or 512,
        think=think,
        language=language or settings_file.language or "en",
        keymap=settings_file.keymap,
    )
    loader = partial(open_chat_engine, model, n_ctx=n_ctx, system_prompt=system) if model else None
    ChatApp(safety=safety, engine_loader=loader, settings=settings).run()


def kiosk_default(ctx: typer.Context, config: Annotated[Path | None, typer.Option(
        "--config", "-c", help="kiosk.toml: runs the kiosk (same as `kiosk run --config`).")] = None) -> None:
    """Run the kiosk when called as `oyster-edge kiosk --config kiosk.toml`."""
    if ctx.invoked_subcommand is not None:
        return
    if config is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)
    kiosk_run(config)


def kiosk_run(config: ConfigOption) -> None:
    """Run the kiosk full screen; the model is verified against its manifest before it loads."""
    for name in TEXTUAL_WRITERS:  # before any Textual import: no logs, screenshots or devtools
        os.environ.pop(name, None)
    sys.dont_write_bytecode = True
    from oyster_edge.tui.gate import default_safety
    from oyster_edge.tui.kiosk import KioskApp, kiosk_engine_loader
    from oyster_edge.tui.kiosk_config import load_kiosk_config

    kiosk_config = load_kiosk_config(config)
    safety = default_safety(config_country=kiosk_config.country)
    KioskApp(kiosk_config, safety=safety, engine_loader=kiosk_engine_loader(kiosk_config)).run()


def kiosk_check(config: ConfigOption) -> None:
    """Validate the config and verify the model's sha256, without starting the kiosk."""
    from oyster_edge.tui.kiosk_config import load_kiosk_config
    from oyster_edge.tui.preflight import verify_model

    kiosk_config = load_kiosk_config(config)
    verified = verify_model(kiosk_config.model, quant=kiosk_config.quant, sha256=kiosk_config.sha256)
    Console().print(
        f"[green]ok[/]: {verified.path} sha256 {verified.sha256} matches {verified.checked_against}",
        highlight=False, soft_wrap=True,
    )


def kiosk_unit(
    config: ConfigOption,
    user: Annotated[str, typer.Option(help="The unprivileged account the kiosk runs as.")] = "kiosk",
    tty: Annotated[str, typer.Option(help="The virtual terminal it takes over.")] = "tty1",
    terminal: Annotated[str, typer.Option(help="cage (foot, CJK fonts), kmscon, or console (no CJK).")] = "cage",
) -> None:
    """Print a systemd unit (Restart=always) that runs this kiosk on a VT at boot."""
    from oyster_edge.tui.kiosk_config import load_kiosk_config
    from oyster_edge.tui.kiosk_unit import render_unit

    load_kiosk_config(config)  # refuse to write a unit for a config that would not start
    executable = shutil.which("oyster-edge") or str(Path(sys.argv[0]).resolve())
    typer.echo(render_unit(config, executable=executable, user=user, tty=tty, terminal=terminal), nl=False)
