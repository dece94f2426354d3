"""The chat-engine contract the TUI, kiosk and CLI chat sit on (implemented by runtime.engine)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class ChatResult:
    answer: str
    reasoning: str
    stats: GenerationStats
    notices: list[str] = field(default_factory=list)


def collect_reply(events: Iterable[StreamEvent]) -> ChatResult:
    """The whole reply of any engine's stream_chat at once."""
    parts: dict[str, list[str]] = {"answer": [], "reasoning": [], "notice": []}
    stats: GenerationStats | None = None
    for event in events:
        if event.kind == "done":
            stats = event.stats
        else:
            parts[event.kind].append(event.text)
    if stats is None:
        raise RuntimeError("the engine's stream ended without a done event")
    return ChatResult("".join(parts["answer"]).strip(), "".join(parts["reasoning"]).strip(), stats, parts["notice"])
