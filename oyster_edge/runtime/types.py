"""The chat-engine contract the TUI, kiosk and CLI chat sit on (implemented by runtime.engine)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str


@dataclass(frozen=True)
class GenerationStats:
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    time_to_first_token: float
    stop_reason: Literal["stop", "length", "cancelled"]
    dropped_turns: int = 0

    @property
    def tokens_per_second(self) -> float:
        decode_seconds = self.seconds - self.time_to_first_token
        return self.completion_tokens / decode_seconds if decode_seconds > 0 else 0.0


@dataclass(frozen=True)
class StreamEvent:
    """One piece of a streamed reply.

    kind: "reasoning" (text inside <think>...</think>), "answer" (visible reply text),
    "notice" (engine message for the user, e.g. old turns were dropped), "done" (final; carries stats).
    """

    kind: Literal["reasoning", "answer", "notice", "done"]
    text: str = ""
    stats: GenerationStats | None = None


class ChatEngine(Protocol):
    """What a chat front end needs from a model."""

    model_name: str
    quant: str

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        think: bool = False,
        cancel: threading.Event | None = None,
    ) -> Iterator[StreamEvent]:
        """Yield events for the assistant's reply to `messages`; stop early when `cancel` is set."""
        ...
