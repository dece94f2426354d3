"""Gates (defaults and TOML overrides), the judge's reply parser, and ranking agreement."""

from __future__ import annotations

from pathlib import Path

import pytest

from oyster_edge.errors import OysterError
from oyster_edge.evals import gates
from oyster_edge.evals.judge import parse_judgement, satisfaction
from oyster_edge.evals.ranking import kendall_tau, labelled_scores


def test_default_gates_cover_the_quant_ladder():
    table = gates.load_gates(None)
    for quant in ("F16", "BF16", "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "IQ4_XS", "Q3_K_M", "Q2_K", "GPTQ-4BIT"):
        assert quant in table
    assert table["Q8_0"]["max_mean_kld"] == 0.002
    assert table["Q4_K_M"]["max_mean_kld"] == 0.04 and table["Q4_K_M"]["min_top1_agreement"] == 0.90
    assert table["Q4_K_M"]["max_flip_rate"] == 0.05
    limits = [table[q]["max_mean_kld"] for q in ("Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q3_K_M", "Q2_K")]
    assert limits == sorted(limits)


def test_override_file_merges_and_checks(tmp_path: Path):
    path = tmp_path / "gates.toml"
    path.write_text('[gates.Q4_K_M]\nmax_mean_kld = 0.01\n[gates.q5_1]\nmax_flip_rate = 0.0\n', encoding="utf-8")
    table = gates.load_gates(path)
    assert table["Q4_K_M"]["max_mean_kld"] == 0.01
    assert table["Q4_K_M"]["min_top1_agreement"] == 0.90  # untouched default
    assert table["Q5_1"]["max_flip_rate"] == 0.0
    passed, reasons, klass, _ = gates.check(
        {"mean_kld": 0.02, "top1_agreement": 0.95, "ppl_ratio": 1.01, "flip_rate": 0.0}, "Q4_K_M", table
    )
    assert not passed and klass == "Q4_K_M" and reasons == ["mean_kld 0.02 > 0.01 (Q4_K_M gate)"]
    assert gates.check({"mean_kld": 0.001}, "SOMETHING_NEW", table)[2] == "DEFAULT"


@pytest.mark.parametrize(
    "text",
    [
        "[gates.Q4_K_M\nmax_mean_kld = 1",
        "[gates.Q4_K_M]\nmax_kld = 0.1",
        '[gates.Q4_K_M]\nmax_mean_kld = "low"',
        "x = 1",
    ],
)
def test_bad_gates_files_are_clear_errors(tmp_path: Path, text: str):
    path = tmp_path / "gates.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OysterError, match="gates"):
        gates.load_gates(path)


def test_judge_replies_parse_from_json_lines_and_noise():
    assert parse_judgement('Here: {"politeness": 1, "willingness": "+1", "task completion": 0, "logic": -1}') == {
        "politeness": 1, "willingness": 1, "completion": 0, "logic": -1
    }
    lines = (
        "<think>hmm</think>\nPoliteness: +1\n**Willingness to help**: 0\nTask completion: -1\nLogic: 1\n"
        "Information - good"
    )
    scores = parse_judgement(lines)
    assert scores == {"politeness": 1, "willingness": 0, "completion": -1, "logic": 1, "information": 1}
    assert satisfaction(scores) == pytest.approx(0.4)
    assert parse_judgement("I refuse to grade this.") == {}
    assert satisfaction({}) is None


def test_kendall_tau():
    labels = labelled_scores(4)
    assert kendall_tau([4.0, 3.0, 2.0, 1.0], labels) == 1.0
    assert kendall_tau([1.0, 2.0, 3.0, 4.0], labels) == -1.0
    assert kendall_tau([-0.1, -0.3, -0.2, -0.9], labels) == pytest.approx(4 / 6)
