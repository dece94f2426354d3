"""Split a streamed reply into its <think>...</think> reasoning and the visible answer."""

from __future__ import annotations

import codecs
from typing import Literal

THINK_OPEN = "<think>"
THINK_CLOSE = "</think>"
Kind = Literal["reasoning", "answer"]


def prompt_opens_thinking(prompt: str) -> bool:
    """True when the rendered prompt already opened a think block the model is expected to close."""
    tail = prompt.rstrip()
    return tail.rfind(THINK_OPEN) > tail.rfind(THINK_CLOSE)


def _partial_tag_suffix(text: str, tag: str) -> int:
    """Length of the longest suffix of `text` that is a proper prefix of `tag` (may still become the tag)."""
    for size in range(min(len(tag) - 1, len(text)), 0, -1):
        if tag.startswith(text[-size:]):
            return size
    return 0


class ThinkSplitter:
    """Feed text chunks as they stream; get back (kind, text) pieces with the tags removed.

    Tags may arrive split across chunks, so a possible tag prefix at the end of a chunk is held back.
    Whitespace right after a tag (the template's newlines) is dropped.
    """

    def __init__(self, in_reasoning: bool = False) -> None:
        self.kind: Kind = "reasoning" if in_reasoning else "answer"
        self._pending = ""
        self._seen_answer_text = False
        self._strip_leading = in_reasoning

    def _tag(self) -> str:
        return THINK_CLOSE if self.kind == "reasoning" else THINK_OPEN

    def _emit(self, text: str, out: list[tuple[Kind, str]]) -> None:
        if self._strip_leading:
            text = text.lstrip()
            if not text:
                return
            self._strip_leading = False
        if self.kind == "answer":
            self._seen_answer_text = True
        out.append((self.kind, text))

    def _hold_back(self, text: str, tag: str) -> int:
        """How much of the end of `text` to keep for the next chunk: a possible partial tag and, inside
        reasoning, the whitespace before it (dropped if the block closes, so chunking never changes output)."""
        if self.kind == "answer" and self._seen_answer_text:
            return 0
        hold = _partial_tag_suffix(text, tag)
        if self.kind == "reasoning":
            rest = text[: len(text) - hold]
            hold += len(rest) - len(rest.rstrip())
        return hold

    def feed(self, chunk: str) -> list[tuple[Kind, str]]:
        out: list[tuple[Kind, str]] = []
        text = self._pending + chunk
        self._pending = ""
        while text:
            tag = self._tag()
            index = text.find(tag)
            # A think block opens only before any answer text; later "<think>" is just answer text.
            opens_late = self.kind == "answer" and (self._seen_answer_text or text[:index].strip())
            if index >= 0 and not opens_late:
                before = text[:index].rstrip() if self.kind == "reasoning" else text[:index]
                if before.strip():
                    self._emit(before, out)
                self.kind = "answer" if self.kind == "reasoning" else "reasoning"
                self._strip_leading = True
                text = text[index + len(tag) :]
                continue
            hold = self._hold_back(text, tag)
            if hold:
                self._pending = text[-hold:]
                text = text[:-hold]
            if text:
                self._emit(text, out)
            break
        return out

    def flush(self) -> list[tuple[Kind, str]]:
        out: list[tuple[Kind, str]] = []
        if self._pending:
            self._emit(self._pending, out)
            self._pending = ""
        return out


class ReplyAssembler:
    """Token bytes in, (kind, text) pieces out: UTF-8 sequences split across tokens are held until whole
    (a Chinese character is often two or three byte-level tokens), then split into reasoning and answer."""

    def __init__(self, in_reasoning: bool = False) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._splitter = ThinkSplitter(in_reasoning)

    def feed(self, data: bytes) -> list[tuple[Kind, str]]:
        text = self._decoder.decode(data)
        return self._splitter.feed(text) if text else []

    def finish(self) -> list[tuple[Kind, str]]:
        tail = self._decoder.decode(b"", final=True)
        return [*self._splitter.feed(tail), *self._splitter.flush()]
