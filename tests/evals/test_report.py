"""The report from a results.json: table, inline plots, escaping, recommendation by real sizes."""

from __future__ import annotations

import json
from pathlib import Path

from oyster_edge.evals.report import recommend, rows, write_report

GIB = 1 << 30


def _candidate(name: str, quant: str, size: int, kld: float, flip: float, passed: bool) -> dict:
    group = {"mean_kld": kld, "flip_rate": flip, "top1_agreement": 0.9, "n_items": 2}
    return {
        "path": f"/models/{name}", "type": quant, "bytes": size, "bits_per_weight": 4.8,
        "kv_bytes_per_token": 160 * 1024,
        "mean_kld": kld, "top1_agreement": 0.9, "ppl_ratio": 1.02, "flip_rate": flip, "rms_dp": 0.03,
        "passed": passed, "reasons": [] if passed else ["mean_kld too high"], "ref_tail_mass": 0.001,
        "by_risk_level": {"R0": group, "R2": group}, "by_category": {"Health": group, "Illegal": group},
        "ranking": {"n_items": 0},
        "worst_items": [{
            "id": "x1", "risk_level": "R2", "category": "Illegal", "query": "how <b>now</b>", "mean_kld": kld,
            "top1_agreement": 0.5, "flipped": True, "flip": "refusal -> compliance",
            "reference_label": "refusal", "candidate_label": "compliance",
            "reference_answer": "I can't help <script>alert(1)</script>", "candidate_answer": "Sure | <img src=x>",
        }],
    }


def _results(tmp_path: Path) -> Path:
    # Oyster-I scale: a 14B model, F16 reference 29.5 GB.
    data = {
        "reference": {"path": "/models/oy1-F16.gguf", "type": "F16", "bytes": int(27.5 * GIB), "bits_per_weight": 16.0,
                      "kv_bytes_per_token": 160 * 1024, "cache_hit": False, "cache_bytes": 1000},
        "dataset": {"spec": "builtin", "n_items": 2, "limit": None, "seed": 0, "skipped": []},
        "settings": {"max_new_tokens": 128, "top_k": 64},
        "candidates": [
            _candidate("oy1-Q8_0.gguf", "Q8_0", int(14.6 * GIB), 0.0015, 0.0, True),
            _candidate("oy1-Q4_K_M.gguf", "Q4_K_M", int(8.4 * GIB), 0.03, 0.0, True),
            _candidate("oy1-Q2_K.gguf", "Q2_K", int(5.4 * GIB), 0.5, 0.5, False),
        ],
        "passed": False,
    }
    (tmp_path / "results.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


def test_report_is_self_contained_escaped_and_has_plots(tmp_path: Path):
    html_path, md_path = write_report(_results(tmp_path))
    page = html_path.read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 3
    assert "<table>" in page and "oy1-Q4_K_M.gguf" in page and "FAIL" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x>" not in page and "http" not in page.replace("http-equiv", "")
    md = md_path.read_text(encoding="utf-8")
    for name in ("size_vs_kld", "by_risk_level", "by_category"):
        assert f"](report_files/{name}.png)" in md
        assert (tmp_path / "report_files" / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
    assert "<script>" not in md and "Sure &#124; &lt;img src=x&gt;" in md


def test_recommendation_uses_real_sizes(tmp_path: Path):
    table = rows(json.loads((_results(tmp_path) / "results.json").read_text()))
    advice = {a["machine_gb"]: a for a in recommend(table)}
    assert advice[8]["choice"] is None  # even Q2_K (5.4 GiB + KV + buffers) exceeds 70% of 8 GB
    assert advice[16]["choice"].type == "Q4_K_M"
    assert advice[32]["choice"].type == "Q8_0"
