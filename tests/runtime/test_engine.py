"""The llama.cpp engine end to end on SmolLM2-135M-Instruct (greedy, so replies are reproducible)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from runtime_helpers import open_test_engine

from oyster_edge.runtime.engine import LlamaEngine
from oyster_edge.runtime.prompts import DEFAULT_SYSTEM_PROMPT, ContextOverflow
from oyster_edge.runtime.reasoning import ReplyAssembler
from oyster_edge.runtime.types import ChatEngine, ChatMessage, StreamEvent

pytestmark = pytest.mark.slow
QUESTION = [ChatMessage("user", "What is the capital of France?")]
STORY = [ChatMessage("user", "Tell me a long story about a lighthouse keeper and the sea.")]


def events_of(engine: LlamaEngine, messages: list[ChatMessage], **kwargs: object) -> list[StreamEvent]:
    return list(engine.stream_chat(messages, **kwargs))  # type: ignore[arg-type]


def test_engine_satisfies_the_chat_engine_protocol(smollm2_engine: LlamaEngine) -> None:
    engine: ChatEngine = smollm2_engine
    assert engine.quant == "Q4_1" and engine.model_name


def test_streamed_chat_returns_text_then_done(smollm2_engine: LlamaEngine) -> None:
    events = events_of(smollm2_engine, QUESTION, max_tokens=48)
    assert events[-1].kind == "done" and all(e.kind != "done" for e in events[:-1])
    answer = "".join(e.text for e in events if e.kind == "answer")
    assert "Paris" in answer
    stats = events[-1].stats
    assert stats is not None and stats.completion_tokens > 0 and stats.prompt_tokens > 10
    assert stats.stop_reason in ("stop", "length") and 0 < stats.time_to_first_token <= stats.seconds


def test_max_tokens_is_respected(smollm2_engine: LlamaEngine) -> None:
    result = smollm2_engine.complete(STORY, max_tokens=7)
    assert result.stats.completion_tokens == 7
    assert result.stats.stop_reason == "length"


def test_cancel_stops_generation(smollm2_engine: LlamaEngine) -> None:
    cancel = threading.Event()
    events = []
    for event in smollm2_engine.stream_chat(STORY, max_tokens=200, cancel=cancel):
        events.append(event)
        if sum(e.kind == "answer" for e in events) == 3:
            cancel.set()
    stats = events[-1].stats
    assert stats is not None and stats.stop_reason == "cancelled"
    assert 3 <= stats.completion_tokens <= 6


def test_kv_prefix_reuse_does_not_change_replies(smollm2_engine: LlamaEngine) -> None:
    first = smollm2_engine.complete(QUESTION, max_tokens=24)
    follow_up = [*QUESTION, ChatMessage("assistant", first.answer), ChatMessage("user", "And Germany?")]
    cached = smollm2_engine.complete(follow_up, max_tokens=24)
    smollm2_engine.reset()
    fresh = smollm2_engine.complete(follow_up, max_tokens=24)
    assert cached.answer == fresh.answer
    assert smollm2_engine.complete(QUESTION, max_tokens=24).answer == first.answer


def test_chinese_streams_without_broken_characters(smollm2_engine: LlamaEngine) -> None:
    events = events_of(smollm2_engine, [ChatMessage("user", "用中文写一首关于大海的短诗。")], max_tokens=40)
    streamed = "".join(e.text for e in events if e.kind == "answer")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in streamed)
    assert "\ufffd" not in streamed


def test_think_split_on_real_tokens(smollm2_engine: LlamaEngine) -> None:
    """Byte-level BPE tokens of a reply with a think block, fed one by one as the decode loop does."""
    reply = "<think>\n用户想知道首都。\n</think>\n\n巴黎是法国的首都。"
    tokens = smollm2_engine.tokenize(reply)
    assert len(tokens) > len(reply) // 2  # the Chinese characters really are split across tokens
    assembler = ReplyAssembler()
    pieces = [p for t in tokens for p in assembler.feed(smollm2_engine.piece(t))] + assembler.finish()
    assert "".join(t for k, t in pieces if k == "reasoning") == "用户想知道首都。"
    assert "".join(t for k, t in pieces if k == "answer") == "巴黎是法国的首都。"


def test_default_system_prompt_and_override(smollm2_engine: LlamaEngine) -> None:
    original = smollm2_engine.system_prompt
    try:
        smollm2_engine.system_prompt = DEFAULT_SYSTEM_PROMPT
        assert "crisis" in smollm2_engine.render(smollm2_engine.with_system(QUESTION), False)
        own = [ChatMessage("system", "Answer like a pirate."), *QUESTION]
        prompt = smollm2_engine.render(smollm2_engine.with_system(own), False)
        assert "pirate" in prompt and "crisis" not in prompt
    finally:
        smollm2_engine.system_prompt = original


@pytest.fixture(scope="module")
def small_context_engine(smollm2_gguf: Path):  # type: ignore[no-untyped-def]
    engine = open_test_engine(smollm2_gguf, 512, system_prompt="SYSTEM-PROMPT-MARKER. Be brief.")
    yield engine
    engine.close()


def long_conversation(turns: int) -> list[ChatMessage]:
    messages = []
    for i in range(turns):
        messages.append(ChatMessage("user", f"Question number {i}: " + "tell me about the ocean tides. " * 8))
        messages.append(ChatMessage("assistant", f"Answer number {i}: " + "the moon pulls the water. " * 8))
    return [*messages, ChatMessage("user", "LAST-QUESTION: what did we talk about?")]


def test_overflow_drops_oldest_turns_keeps_system(small_context_engine: LlamaEngine) -> None:
    messages = long_conversation(8)
    prompt, tokens, dropped = small_context_engine.fit_prompt(messages, False, reply_room=64)
    assert dropped > 0 and len(tokens) + 64 <= 512
    assert "SYSTEM-PROMPT-MARKER" in prompt and "LAST-QUESTION" in prompt
    assert "Question number 0:" not in prompt
    events = events_of(small_context_engine, messages, max_tokens=32)
    notices = [e.text for e in events if e.kind == "notice"]
    assert notices and "oldest" in notices[0]
    assert events[-1].stats is not None and events[-1].stats.dropped_turns >= dropped


def test_a_single_message_longer_than_the_context_is_refused(small_context_engine: LlamaEngine) -> None:
    with pytest.raises(ContextOverflow, match="too long"):
        small_context_engine.complete([ChatMessage("user", "ocean " * 1000)], max_tokens=8)


def test_cancel_before_the_first_token(smollm2_engine: LlamaEngine) -> None:
    cancel = threading.Event()
    cancel.set()
    result = smollm2_engine.complete(STORY, max_tokens=50, cancel=cancel)
    assert result.stats.stop_reason == "cancelled" and result.stats.completion_tokens == 0
    assert "Paris" in smollm2_engine.complete(QUESTION, max_tokens=24).answer  # the cache is still sound
