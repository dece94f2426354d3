"""SVG snapshots of the main screens (pytest-textual-snapshot); update with --snapshot-update."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from tui_doubles import ScriptedEngine
from tui_pilot import constant_memory, wait_for

from oyster_edge.tui.app import ChatApp, ChatSettings
from oyster_edge.tui.gate import SafetyHooks
from oyster_edge.tui.kiosk import KioskApp
from oyster_edge.tui.kiosk_config import parse_kiosk_config
from oyster_edge.tui.widgets import AssistantMessage, MessageInput

SIZE = (110, 32)


def chat_app(safety: SafetyHooks, engine: ScriptedEngine) -> ChatApp:
    return ChatApp(safety=safety, engine_loader=lambda: engine, settings=ChatSettings(model_label="test"),
                   memory_probe=constant_memory)


async def settle(pilot: Pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.engine is not None and not app.generating)
    for text_area in app.query(MessageInput):
        text_area.cursor_blink = False
    await pilot.pause()


def test_empty_chat(snap_compare, fake_safety: SafetyHooks) -> None:
    assert snap_compare(chat_app(fake_safety, ScriptedEngine()), terminal_size=SIZE, run_before=settle)


def test_panel_open_after_a_distress_message(snap_compare, fake_safety: SafetyHooks) -> None:
    engine = ScriptedEngine("I'm really glad you told me. You don't have to go through this alone.\n\n"
                            "Would you like to tell me what happened today?")
    app = chat_app(fake_safety, engine)

    async def send(pilot: Pilot) -> None:
        await settle(pilot)
        app.query_one(MessageInput).insert("DISTRESS: I can't cope anymore")
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.query(AssistantMessage)) and not app.generating)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=send)


def test_kiosk_welcome(snap_compare, fake_safety: SafetyHooks, tmp_path: Path) -> None:
    config = parse_kiosk_config({"model": "m.gguf", "country": "CN", "language": "zh"}, tmp_path / "kiosk.toml")
    app = KioskApp(config, safety=fake_safety, engine_loader=lambda: ScriptedEngine(), memory_probe=constant_memory)

    async def welcome(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.engine is not None)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=welcome)
