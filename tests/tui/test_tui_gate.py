from __future__ import annotations

from tui_doubles import FakeReplyAssessment

from oyster_edge.tui.gate import ReplyGate


def _checker(seen: list[str]):
    def check(text: str) -> FakeReplyAssessment:
        seen.append(text)
        return FakeReplyAssessment("METHOD" in text, replacement="safe" if "METHOD" in text else None)

    return check


def test_gate_releases_text_only_at_sentence_ends() -> None:
    seen: list[str] = []
    gate = ReplyGate(_checker(seen))
    assert gate.feed("Hello the") == ""
    assert gate.feed("re. How are") == "Hello there."
    assert gate.feed(" you？我很好。") == " How are you？我很好。"
    assert gate.finish() == ""
    assert seen == ["Hello there.", "Hello there. How are you？我很好。", "Hello there. How are you？我很好。"]


def test_gate_withholds_the_unsafe_sentence_and_everything_after() -> None:
    gate = ReplyGate(_checker([]))
    assert gate.feed("Okay. ") == "Okay."
    assert gate.feed("The METHOD is") == ""
    assert gate.feed(" this. And more.") == ""
    assert gate.blocked is not None and gate.blocked.replacement == "safe"
    assert gate.finish() == ""


def test_gate_finish_checks_a_tail_without_sentence_end() -> None:
    gate = ReplyGate(_checker([]))
    assert gate.feed("code:\n") == "code:\n"
    assert gate.feed("x = 1") == ""
    assert gate.finish() == "x = 1"
    tail_gate = ReplyGate(_checker([]))
    tail_gate.feed("fine\nthen METHOD")
    assert tail_gate.finish() == ""
    assert tail_gate.blocked is not None
