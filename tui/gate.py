"""Safety hooks of the chat surfaces and the reply gate that holds back streamed text until it is checked.

The gate releases streamed text only up to the last sentence end whose prefix passed `assess_reply`,
so an unsafe sentence is replaced before it ever reaches the screen.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SENTENCE_END = re.compile(r"[\n.!?;。！？；…]")

ReplyCheck = Callable[[str], Any]  # text -> ReplyAssessment (unsafe, reasons, replacement)


class ReplyGate:
    """Accumulate a streamed reply; release checked text at sentence ends; stop at the first unsafe prefix."""

    def __init__(self, check: ReplyCheck) -> None:
        self._check = check
        self.text = ""
        self._released = 0
        self.blocked: Any | None = None

    def feed(self, chunk: str) -> str:
        """Add a chunk; return the newly released text ("" when nothing new is releasable or blocked)."""
        if self.blocked is not None:
            return ""
        self.text += chunk
        boundary = _last_boundary(self.text)
        if boundary <= self._released:
            return ""
        return self._release_upto(boundary)

    def finish(self) -> str:
        """The reply is complete: check it whole and release the rest."""
        if self.blocked is not None:
            return ""
        return self._release_upto(len(self.text)) if self.text else ""

    def _release_upto(self, end: int) -> str:
        verdict = self._check(self.text[:end])
        if verdict.unsafe:
            self.blocked = verdict
            return ""
        released, self._released = self.text[self._released:end], end
        return released


def _last_boundary(text: str) -> int:
    ends = [match.end() for match in SENTENCE_END.finditer(text)]
    return ends[-1] if ends else 0


@dataclass
class SafetyHooks:
    """The safety layer as the chat surfaces use it; tests may pass doubles."""

    assess_message: Callable[[str], Any]
    assess_reply: Callable[..., Any]
    resources_text: Callable[[str | None, str], str]  # (country, language) -> Markdown
    country: str

    def check_reply_against(self, user_assessment: Any) -> ReplyCheck:
        return lambda text: self.assess_reply(text, user_assessment, self.country)

    def fallback_replacement(self, language: str) -> str:
        return self.resources_text(self.country, language)


def default_safety(country_flag: str | None = None, config_country: str | None = None) -> SafetyHooks:
    """The real offline safety layer (oyster_edge.safety), with the country detected once at start."""
    from oyster_edge.safety import assess_message, assess_reply
    from oyster_edge.safety.resources import detect_country, format_resources, resources_for

    country = detect_country(flag=country_flag, config_country=config_country, env=dict(os.environ))

    def resources_text(country_code: str | None, language: str) -> str:
        return format_resources(resources_for(country_code), language)

    return SafetyHooks(assess_message, assess_reply, resources_text, country)
