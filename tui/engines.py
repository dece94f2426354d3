"""Open the runtime's ChatEngine for the TUI and kiosk, lazily, inside the app's loading worker."""

from __future__ import annotations

from pathlib import Path

from oyster_edge.runtime.types import ChatEngine


def open_chat_engine(
    model: Path, *, n_ctx: int | None = None, system_prompt: str | None = None
) -> ChatEngine:
    """The llama.cpp engine (or another registered backend) for a GGUF file or model folder."""
    from oyster_edge.runtime.backends import EngineOptions, open_engine
    from oyster_edge.runtime.prompts import DEFAULT_SYSTEM_PROMPT

    options = EngineOptions(n_ctx=n_ctx, system_prompt=system_prompt or DEFAULT_SYSTEM_PROMPT)
    return open_engine(model, options)
