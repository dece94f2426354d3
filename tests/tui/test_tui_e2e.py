"""The TUI end to end on the real llama.cpp engine and a real small GGUF (SmolLM2-135M-Instruct Q4_1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_pilot import constant_memory, run_pilot, wait_for

from oyster_edge.tui.app import ChatApp, ChatSettings
from oyster_edge.tui.engines import open_chat_engine
from oyster_edge.tui.gate import SafetyHooks
from oyster_edge.tui.widgets import AssistantMessage, MessageInput


@pytest.mark.slow
def test_tui_streams_real_replies_opens_help_first_and_cancels(fake_safety: SafetyHooks, smollm2_gguf: Path) -> None:
    app = ChatApp(
        safety=fake_safety,
        engine_loader=lambda: open_chat_engine(smollm2_gguf, n_ctx=1024),
        settings=ChatSettings(model_label=smollm2_gguf.name, max_tokens=24),
        memory_probe=constant_memory,
    )

    async def send(pilot: Pilot, text: str) -> None:
        app.query_one(MessageInput).insert(text)
        await pilot.press("enter")
        await pilot.pause()

    async def scenario(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.engine is not None, timeout=120)
        assert app.status.model.startswith("SmolLM2") or app.status.model
        assert app.status.quant == "Q4_1"
        app.settings.max_tokens = 200  # enough work that the model is still answering when the panel is checked
        await send(pilot, "DISTRESS: I feel hopeless. Can you talk with me?")
        assert app.panel.is_open and app.generating  # help is up while the model is still working
        # (the strict "panel before any model output" ordering is proven with a blocking engine in test_tui_app)
        await wait_for(pilot, lambda: not app.generating, timeout=180)
        reply = app.query(AssistantMessage).last().answer_text
        assert reply.strip() and app.last_reply() == reply
        assert app.last_stats is not None and app.last_stats.completion_tokens > 0
        assert app.status.tokens_per_second is not None and app.status.tokens_per_second > 0

        app.settings.max_tokens = 400
        await send(pilot, "Write a long story about the sea, with many chapters.")
        assert app.generating
        await pilot.press("escape")  # at once: even an idle fast machine cannot finish 400 tokens first
        await wait_for(pilot, lambda: not app.generating, timeout=120)
        assert app.last_stats.stop_reason == "cancelled"
        assert app.last_stats.completion_tokens < 400
        assert "(stopped)" in str(app.query(AssistantMessage).last().query_one(".notice").render())

    run_pilot(app, scenario)
