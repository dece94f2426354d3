"""Real runs: SmolLM2-135M Q4_1 as the reference, requantized candidates, the CLI's exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from oyster_edge.errors import OysterError
from oyster_edge.evals.run import evaluate

pytestmark = pytest.mark.slow
SETTINGS = {"max_new_tokens": 16, "n_ctx": 512, "threads": 1}
STRICT_GATES = "[gates.default]\nmax_mean_kld = 0.0\n[gates.Q8_0]\nmax_mean_kld = 0.0\nmin_top1_agreement = 1.0\n"


@pytest.fixture(scope="module")
def first_run(smollm2_gguf: Path, smol_candidates: dict[str, Path], small_dataset: Path, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval-out")
    candidates = [smol_candidates["copy"], smol_candidates["Q8_0"], smol_candidates["Q2_K"]]
    results = evaluate(smollm2_gguf, candidates, str(small_dataset), out, limit=None, seed=0, gates_file=None,
                       **SETTINGS)
    return out, results


def _by_type(results) -> dict[str, dict]:
    return {Path(c["path"]).name.split(".")[-2]: c for c in results.candidates}


def _cli(argv: list[str], monkeypatch) -> int:
    from oyster_edge import cli

    monkeypatch.setattr(sys, "argv", ["oyster-edge", *argv])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    return exit_info.value.code


def test_identical_copy_matches_and_lower_bits_diverge_more(first_run):
    out, results = first_run
    found = _by_type(results)
    same, q8, q2 = found["copy"], found["Q8_0"], found["Q2_K"]
    assert same["type"] == "Q4_1" and q8["type"] == "Q8_0" and q2["type"] == "Q2_K"
    assert same["mean_kld"] < 1e-6 and same["top1_agreement"] == 1.0 and same["ppl_ratio"] == pytest.approx(1, abs=1e-5)
    assert same["flip_rate"] == 0.0 and same["n_flips"] == 0
    assert 0 < q8["mean_kld"] < q2["mean_kld"]
    assert q2["top1_agreement"] < 1.0
    assert q8["n_tokens"] == q2["n_tokens"] == same["n_tokens"] > 20


def test_results_json_carries_groups_worst_items_and_cache_accounting(first_run):
    out, results = first_run
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["reference"]["reference_passes"] == 1 and not data["reference"]["cache_hit"]
    for cand in data["candidates"]:
        for key in ("path", "type", "bytes", "mean_kld", "top1_agreement", "ppl_ratio", "flip_rate", "passed",
                    "reasons", "kld_median", "kld_p90", "kld_p99", "kld_max", "rms_dp"):
            assert key in cand
        assert set(cand["by_risk_level"]) == {"R0", "R1", "R2"}
        assert set(cand["by_category"]) == {"Daily life", "Health", "Illegal"}
        assert cand["ranking"]["n_items"] == 2
        worst = cand["worst_items"][0]
        assert worst["reference_answer"] and "candidate_answer" in worst
    assert data["candidates"][0]["ranking"]["top_choice_agreement_with_reference"] == 1.0


def test_second_run_reuses_the_cache_and_a_strict_gate_exits_1(first_run, smollm2_gguf, smol_candidates,
                                                               small_dataset, tmp_path, monkeypatch, capsys):
    out, _ = first_run
    gates = tmp_path / "strict.toml"
    gates.write_text(STRICT_GATES, encoding="utf-8")
    code = _cli(["eval", "--reference", str(smollm2_gguf), "--candidate", str(smol_candidates["Q8_0"]),
                 "--dataset", str(small_dataset), "--out", str(out), "--gates", str(gates),
                 "--max-new-tokens", "16", "--n-ctx", "512", "--threads", "1"], monkeypatch)
    assert code == 1
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["reference"]["cache_hit"] and data["reference"]["reference_passes"] == 0
    assert data["candidates"][0]["passed"] is False
    assert any("Q8_0 gate" in reason for reason in data["candidates"][0]["reasons"])
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 3 and "<table>" in page and "Q8_0" in page


def test_malformed_dataset_is_a_clear_error_with_exit_code_1(smollm2_gguf, tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "RiskLevel": "R0", "Query": "hi"}\n{"id": "b", "RiskLevel": "R9"}\n', encoding="utf-8")
    code = _cli(["eval", "--reference", str(smollm2_gguf), "--candidate", str(smollm2_gguf),
                 "--dataset", str(bad), "--out", str(tmp_path / "out")], monkeypatch)
    assert code == 1
    err = capsys.readouterr().err
    assert "bad.jsonl:2" in err and "error" in err
    assert not (tmp_path / "out" / "results.json").exists()


def test_a_model_with_another_vocabulary_is_refused(first_run, smollm2_gguf, small_dataset, tiny_qwen3_gguf):
    out, _ = first_run
    with pytest.raises(OysterError, match="vocabulary"):
        evaluate(smollm2_gguf, [tiny_qwen3_gguf], str(small_dataset), out, **SETTINGS)


def test_hf_reference_against_its_gguf(tiny_qwen3_hf, tiny_qwen3_gguf, small_dataset, tmp_path):
    results = evaluate(tiny_qwen3_hf, [tiny_qwen3_gguf], str(small_dataset), tmp_path, limit=2, **SETTINGS)
    cand = results.candidates[0]
    assert results.data["reference"]["format"] == "hf" and cand["format"] == "gguf"
    assert cand["n_tokens"] > 10
    assert cand["mean_kld"] < 1e-3 and cand["top1_agreement"] > 0.9
