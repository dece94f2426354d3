"""The TUI end to end on the real llama.cpp engine and a real small GGUF (SmolLM2-135M-Instruct Q4_1)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_pilot import constant_memory, run_pilot, wait_for

from oyster_edge.tui.app import ChatApp, ChatSettings
from oyster_edge.tui.engines import open_chat_engine
from oyster_edge.tui.gate import SafetyHooks
from oyster_edge.tui.widgets import AssistantMessage, MessageInput


class FirstTokenRecorder:
    """Wraps the real engine; notes whether the help panel was open when the model's first event came."""

    def __init__(self, engine: Any, panel_is_open: Callable[[], bool]) -> None:
        self.engine = engine
        self.panel_is_open = panel_is_open
        self.panel_open_at_first_event: list[bool] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def stream_chat(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        first = True
        for event in self.engine.stream_chat(*args, **kwargs):
            if first:
                self.panel_open_at_first_event.append(self.panel_is_open())
                first = False
            yield event


@pytest.mark.slow
def test_tui_streams_real_replies_opens_help_first_and_cancels(fake_safety: SafetyHooks, smollm2_gguf: Path) -> None:
    recorders: list[FirstTokenRecorder] = []

    def load() -> FirstTokenRecorder:
        recorders.append(FirstTokenRecorder(open_chat_engine(smollm2_gguf, n_ctx=1024), lambda: app.panel.is_open))
        return recorders[0]

    app = ChatApp(
        safety=fake_safety,
        engine_loader=load,
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
        await send(pilot, "DISTRESS: I feel hopeless. Can you talk with me?")
        await wait_for(pilot, lambda: not app.generating, timeout=180)
        assert app.panel.is_open
        assert recorders[0].panel_open_at_first_event == [True]  # help was up before the model's first token
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
