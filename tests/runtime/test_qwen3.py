"""Qwen3 thinking on/off: the real Qwen3 chat template, and a tiny Qwen3 GGUF through the engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from runtime_helpers import open_test_engine

from oyster_edge.chat_template import render_chat
from oyster_edge.runtime.engine import LlamaEngine
from oyster_edge.runtime.types import ChatMessage

SHARED_TOKENIZER = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "qwen3-tokenizer"
EMPTY_THINK = "<think>\n\n</think>\n\n"
MESSAGES = [{"role": "system", "content": "Be kind."}, {"role": "user", "content": "I feel alone."}]


@pytest.fixture(scope="module")
def qwen3_template() -> str:
    config = SHARED_TOKENIZER / "tokenizer_config.json"
    if not config.exists():
        pytest.skip(f"the real Qwen3 chat template lives in ../shared ({config} is absent in this checkout)")
    return json.loads(config.read_text(encoding="utf-8"))["chat_template"]


def test_thinking_off_adds_an_empty_think_block(qwen3_template: str) -> None:
    off = render_chat(qwen3_template, MESSAGES, enable_thinking=False)
    on = render_chat(qwen3_template, MESSAGES, enable_thinking=True)
    assert off.endswith("<|im_start|>assistant\n" + EMPTY_THINK)
    assert on.endswith("<|im_start|>assistant\n") and "<think>" not in on
    assert off == on + EMPTY_THINK


def test_earlier_reasoning_is_not_sent_back(qwen3_template: str) -> None:
    history = [
        *MESSAGES,
        {"role": "assistant", "content": "<think>\nThey need support.\n</think>\n\nI'm here with you."},
        {"role": "user", "content": "Thanks."},
    ]
    prompt = render_chat(qwen3_template, history, enable_thinking=True)
    assert "I'm here with you." in prompt and "They need support." not in prompt


@pytest.fixture(scope="module")
def qwen3_engine(tiny_qwen3_gguf: Path):  # type: ignore[no-untyped-def]
    engine = open_test_engine(tiny_qwen3_gguf, 1024)
    yield engine
    engine.close()


@pytest.mark.slow
def test_engine_renders_the_gguf_template_with_the_think_switch(qwen3_engine: LlamaEngine) -> None:
    messages = [ChatMessage("user", "hello")]
    off = qwen3_engine.render(messages, think=False)
    on = qwen3_engine.render(messages, think=True)
    if "enable_thinking" not in qwen3_engine.template:
        pytest.skip("this tiny Qwen3 carries a fallback template without the thinking switch")
    assert off == on + EMPTY_THINK


@pytest.mark.slow
def test_engine_stops_on_im_end_and_streams(qwen3_engine: LlamaEngine) -> None:
    im_end = qwen3_engine.tokenize("<|im_end|>")
    assert len(im_end) == 1 and qwen3_engine.is_stop(im_end[0])
    for think in (False, True):
        result = qwen3_engine.complete([ChatMessage("user", "hello")], max_tokens=8, think=think)
        assert result.stats.completion_tokens <= 8
        assert result.stats.stop_reason in ("stop", "length")
