"""The think/answer split and UTF-8 reassembly on synthetic streams (no model needed)."""

from __future__ import annotations

import random

import pytest

from oyster_edge.runtime.reasoning import ReplyAssembler, ThinkSplitter, prompt_opens_thinking

CASES = [
    ("<think>\nThe user is sad.\n</think>\n\nI'm here for you.", False, "The user is sad.", "I'm here for you."),
    ("Let me see.\n\n</think>\n\nYes. <think> stays", True, "Let me see.", "Yes. <think> stays"),
    ("No thinking here <thin", False, "", "No thinking here <thin"),
    ("<think>\ncut off mid thought  ", False, "cut off mid thought  ", ""),
]


def split_in_chunks(text: str, rng: random.Random) -> list[str]:
    cuts = sorted(rng.sample(range(1, len(text)), rng.randint(0, min(12, len(text) - 1))))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


@pytest.mark.parametrize(("stream", "in_reasoning", "reasoning", "answer"), CASES)
def test_split_is_independent_of_chunking(stream: str, in_reasoning: bool, reasoning: str, answer: str) -> None:
    rng = random.Random(7)
    for _ in range(200):
        splitter = ThinkSplitter(in_reasoning)
        pieces = [p for chunk in split_in_chunks(stream, rng) for p in splitter.feed(chunk)] + splitter.flush()
        assert "".join(t for k, t in pieces if k == "reasoning") == reasoning
        assert "".join(t for k, t in pieces if k == "answer") == answer


def test_multibyte_characters_split_across_tokens_come_out_whole() -> None:
    text = "<think>\n先想一想。\n</think>\n\n你好，世界！🌊"
    data = text.encode("utf-8")
    assembler = ReplyAssembler()
    pieces = []
    for i in range(len(data)):  # one byte per "token": every character is split
        pieces += assembler.feed(data[i : i + 1])
    pieces += assembler.finish()
    assert all("\ufffd" not in t for _, t in pieces)
    assert "".join(t for k, t in pieces if k == "reasoning") == "先想一想。"
    assert "".join(t for k, t in pieces if k == "answer") == "你好，世界！🌊"


def test_truncated_multibyte_tail_is_replaced_not_raised() -> None:
    assembler = ReplyAssembler()
    pieces = assembler.feed("好".encode()[:2]) + assembler.finish()
    assert "".join(t for _, t in pieces) == "\ufffd"


def test_prompt_opens_thinking() -> None:
    assert prompt_opens_thinking("<|im_start|>assistant\n<think>\n")
    assert not prompt_opens_thinking("<|im_start|>assistant\n<think>\n\n</think>\n\n")
    assert not prompt_opens_thinking("<|im_start|>assistant\n")
