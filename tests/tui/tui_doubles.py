"""Test doubles for the TUI: a scripted engine that can block until released, and fixed safety hooks."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from oyster_edge.runtime.types import ChatMessage, GenerationStats, StreamEvent


class ScriptedEngine:
    """A ChatEngine that waits on `release` before answering, then streams `chunks` word by word."""

    model_name = "scripted-test-engine"
    quant = "Q0"

    def __init__(self, answer: str = "Hello there. I am here.", *, blocked: bool = False,
                 fail_with: Exception | None = None, reasoning: str = "") -> None:
        self.answer = answer
        self.reasoning = reasoning
        self.release = threading.Event()
        if not blocked:
            self.release.set()
        self.started = threading.Event()
        self.fail_with = fail_with
        self.calls: list[list[ChatMessage]] = []

    def stream_chat(self, messages: Sequence[ChatMessage], *, max_tokens: int = 512, think: bool = False,
                    cancel: threading.Event | None = None) -> Iterator[StreamEvent]:
        self.calls.append(list(messages))
        self.started.set()
        cancel = cancel or threading.Event()
        while not self.release.wait(0.01):
            if cancel.is_set():
                yield StreamEvent("done", stats=_stats(0, "cancelled"))
                return
        if self.fail_with is not None:
            raise self.fail_with
        if self.reasoning:
            yield StreamEvent("reasoning", self.reasoning)
        words = self.answer.split(" ")
        for count, word in enumerate(words, 1):
            if cancel.is_set():
                yield StreamEvent("done", stats=_stats(count, "cancelled"))
                return
            yield StreamEvent("answer", word if count == len(words) else word + " ")
        yield StreamEvent("done", stats=_stats(len(words), "stop"))


def _stats(tokens: int, reason: str) -> GenerationStats:
    return GenerationStats(prompt_tokens=5, completion_tokens=tokens, seconds=0.5, time_to_first_token=0.1,
                           stop_reason=reason)  # type: ignore[arg-type]


FIXED_RESOURCES = "**Crisis line (test)**: call 000-TEST, any hour."
SAFE_REPLACEMENT = "I can't help with that, but you deserve support right now."


@dataclass(frozen=True)
class FakeAssessment:
    text: str
    surface_resources: bool
    language: str = "en"


@dataclass(frozen=True)
class FakeReplyAssessment:
    unsafe: bool
    reasons: tuple[str, ...] = ()
    replacement: str | None = None


def fake_assess(text: str) -> FakeAssessment:
    return FakeAssessment(text, surface_resources="DISTRESS" in text)


def fake_reply(reply: str, user: object, country: str | None = None) -> FakeReplyAssessment:
    unsafe = "METHOD" in reply
    return FakeReplyAssessment(unsafe, ("test-method",) if unsafe else (), SAFE_REPLACEMENT if unsafe else None)
