"""--judge: every answer (reference and candidates) is graded and summarised, with a stand-in judge model."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from rich.console import Console

from oyster_edge.evals import refcache, run
from oyster_edge.evals.datasets import EvalItem


class ScriptedJudge:
    """Answers the rubric prompt: +1 on everything for answers mentioning help, -1 otherwise, once unparseable."""

    n_vocab = 10
    template_source = "test"

    def __init__(self) -> None:
        self.prompts: list[str] = []

    def prompt_ids(self, text: str) -> list[int]:
        self.prompts.append(text)
        return [len(self.prompts) - 1]

    def generate(self, prompt: list[int], max_new_tokens: int) -> str:
        text = self.prompts[prompt[0]]
        answer = text.split("Assistant reply:", 1)[1]
        if "garbled" in answer:
            return "no idea"
        score = 1 if "help" in answer else -1
        keys = ("politeness", "willingness", "completion", "logic", "information")
        return "{" + ", ".join(f'"{k}": {score}' for k in keys) + "}"

    def close(self) -> None:
        pass


def _item(item_id: str) -> EvalItem:
    return EvalItem(id=item_id, source="test", language="en", risk_level="R1", category="Health/Mental health",
                    profile=None, task=None, query="I feel low.", reference_response=None, options=(),
                    needs_resources=False, expected_behaviour="guidance")


def test_judge_grades_reference_and_candidate_answers(monkeypatch, tmp_path: Path):
    judge = ScriptedJudge()
    monkeypatch.setattr(run, "open_model", lambda *args, **kwargs: judge)
    items = [_item("a"), _item("b")]
    cache = refcache.ReferenceCache(key="k", reference="ref", settings={})
    for item in items:
        cache.items[item.id] = refcache.ItemReference(item.id, [1], [2], "reference-answer", "I can help you.",
                                                      None, None)
    outcomes = [run.ItemOutcome(items[0], None, {"candidate_answer": "Here is some help."}),
                run.ItemOutcome(items[1], None, {"candidate_answer": "garbled"})]
    summary = run.run_judge(tmp_path / "judge.gguf", items, cache, [outcomes], run.EvalSettings(),
                            Console(file=io.StringIO()))
    assert summary["reference"] == {"n_graded": 2, "n_unparsed": 0, "mean_satisfaction": 1.0}
    assert summary["candidates"] == [{"n_graded": 1, "n_unparsed": 1, "mean_satisfaction": 1.0}]
    assert outcomes[0].record["judge"]["candidate"]["scores"]["logic"] == 1
    assert outcomes[1].record["judge"]["candidate"]["satisfaction"] is None
    assert len(judge.prompts) == 4 and all("Score each item" in p for p in judge.prompts)
    assert np.isclose(outcomes[0].record["judge"]["reference"]["satisfaction"], 1.0)
