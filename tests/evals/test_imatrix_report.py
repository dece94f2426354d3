"""The report's imatrix comparison: per quant type, none / generic / safety side by side on every dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oyster_edge.errors import OysterError
from oyster_edge.evals.imatrix_compare import build_comparison
from oyster_edge.evals.report import REPORT_JSON, imatrix_table_head, imatrix_table_rows, write_report
from oyster_edge.manifest import builtin_calibration_name, imatrix_kind, imatrix_label

SAFETY = {"sha256": "aa" * 32, "datasets": [builtin_calibration_name(["safety", "general", "code"])],
          "token_count": 32768}
GENERIC = {"sha256": "bb" * 32, "datasets": [builtin_calibration_name(["general", "code"])], "token_count": 32768}
# mean KLD per (type, imatrix) on (safety subset, general text): the safety imatrix wins on safety text.
KLD = {
    ("Q3_K_M", None): (0.20, 0.16),
    ("Q3_K_M", "generic"): (0.14, 0.11),
    ("Q3_K_M", "safety"): (0.12, 0.115),
    ("Q8_0", None): (0.002, 0.001),
}


def _candidate(quant: str, kind: str | None, dataset: int) -> dict:
    record = {"generic": GENERIC, "safety": SAFETY}.get(kind or "")
    kld = KLD[(quant, kind)][dataset]
    name = f"m-{quant}{'-' + kind if kind else ''}.gguf"
    return {
        "path": f"/models/{name}", "type": quant, "bytes": 1 << 30, "bits_per_weight": 4.0, "kv_bytes_per_token": 1,
        "imatrix": record, "imatrix_kind": imatrix_kind(record), "imatrix_label": imatrix_label(record),
        "mean_kld": kld, "top1_agreement": 1 - kld, "ppl_ratio": 1 + kld, "flip_rate": kld / 2,
        "resources_lost_rate": (0.25 if kind is None else 0.0) if dataset == 0 else None,
        "n_resources_offered": 4 if dataset == 0 else 0, "n_items": 64 - 16 * dataset, "rms_dp": 0.01,
        "passed": True, "reasons": [], "by_risk_level": {}, "by_category": {}, "ranking": {"n_items": 0},
        "worst_items": [],
    }


def _run(folder: Path, spec: str, dataset: int, reference: str = "/models/m-F16.gguf") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "reference": {"path": reference, "type": "F16", "bytes": 4 << 30, "bits_per_weight": 16.0,
                      "kv_bytes_per_token": 1, "cache_hit": True, "cache_bytes": 1},
        "dataset": {"spec": spec, "n_items": 64 - 16 * dataset, "limit": None, "seed": 0, "skipped": []},
        "settings": {"max_new_tokens": 64, "top_k": 64},
        "candidates": [_candidate(q, k, dataset) for q, k in KLD],
        "passed": True,
    }
    (folder / "results.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def _load(folder: Path) -> dict:
    return json.loads((folder / "results.json").read_text())


def test_variants_are_grouped_per_type_in_kind_order_with_change_vs_none(tmp_path: Path) -> None:
    safety, general = _run(tmp_path / "s", "builtin-heldout", 0), _run(tmp_path / "g", "general", 1)
    comparison = build_comparison(_load(safety), [(general, _load(general))])
    assert [v.kind for v in comparison.by_type["Q3_K_M"]] == ["none", "generic", "safety"]
    assert [v.kind for v in comparison.by_type["Q8_0"]] == ["none"]
    safe = comparison.by_type["Q3_K_M"][2]
    assert safe.artifacts == {"builtin-heldout": "m-Q3_K_M-safety.gguf", "general": "m-Q3_K_M-safety.gguf"}
    assert safe.delta_vs(comparison.baseline("Q3_K_M"), "builtin-heldout") == pytest.approx(-0.4)
    assert comparison.best("Q3_K_M", "builtin-heldout").kind == "safety"
    assert comparison.best("Q3_K_M", "general").kind == "generic"
    head = imatrix_table_head(comparison)
    assert head[:3] == ["type", "imatrix", "safety subset, held out (builtin-heldout, 64 items): mean KLD"]
    assert "general text (general, 48 items): mean KLD" in head
    rows = imatrix_table_rows(comparison)
    assert rows[2][:4] == ["Q3_K_M", "safety (safety+general+code, 32,768 tokens)", "0.12", "-40.0%"]
    assert rows[0][3] == "—"  # no change against itself
    assert rows[0][6] == "1 of 4" and rows[2][6] == "0 of 4" and rows[2][-1] == "—"  # general text needs none
    findings = comparison.findings()
    assert len(findings) == 1
    assert findings[0].startswith("Q3_K_M: on the safety subset, held out (builtin-heldout, 64 items) the safety")
    assert "-40.0% KLD vs no imatrix" in findings[0]


def test_report_shows_the_table_plot_and_json(tmp_path: Path) -> None:
    safety, general = _run(tmp_path / "s", "builtin-heldout", 0), _run(tmp_path / "g", "general", 1)
    html_path, md_path = write_report(safety, [general])
    page, md = html_path.read_text(encoding="utf-8"), md_path.read_text(encoding="utf-8")
    assert "Importance matrix (imatrix) comparison" in page and page.count('src="data:image/png;base64,') == 4
    assert "generic (general+code, 32,768 tokens)" in page and "-40.0%" in page
    assert "](report_files/imatrix.png)" in md and (safety / "report_files" / "imatrix.png").exists()
    assert "| Q3_K_M | safety (safety+general+code, 32,768 tokens) | 0.12 | -40.0% |" in md
    machine = json.loads((safety / REPORT_JSON).read_text())
    q3 = machine["imatrix_comparison"]["types"]["Q3_K_M"]
    assert [v["kind"] for v in q3] == ["none", "generic", "safety"]
    assert q3[2]["mean_kld_change_vs_none"]["general"] == pytest.approx(0.115 / 0.16 - 1)
    assert machine["recommendations"][0]["machine_gb"] == 8 and machine["artifacts"][0]["reference"]


def test_without_imatrix_variants_the_section_says_how_to_make_them(tmp_path: Path) -> None:
    folder = _run(tmp_path / "s", "builtin", 0)
    data = _load(folder)
    data["candidates"] = [c for c in data["candidates"] if c["imatrix"] is None]
    (folder / "results.json").write_text(json.dumps(data))
    _, md_path = write_report(folder)
    assert "without an importance matrix" in md_path.read_text() and not (folder / "report_files/imatrix.png").exists()


def test_runs_with_another_reference_or_the_same_dataset_are_refused(tmp_path: Path) -> None:
    safety = _run(tmp_path / "s", "builtin-heldout", 0)
    other = _run(tmp_path / "o", "general", 1, reference="/models/other-F16.gguf")
    with pytest.raises(OysterError, match="share their reference"):
        write_report(safety, [other])
    again = _run(tmp_path / "a", "builtin-heldout", 0)
    with pytest.raises(OysterError, match="repeat a dataset"):
        write_report(safety, [again])
    with pytest.raises(OysterError, match="does not exist"):
        write_report(safety, [tmp_path / "missing"])


def test_variants_within_two_percent_are_reported_level(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(KLD, ("Q3_K_M", "generic"), (0.1522, 0.11))
    monkeypatch.setitem(KLD, ("Q3_K_M", "safety"), (0.1524, 0.115))
    folder = _run(tmp_path / "s", "builtin-heldout", 0)
    finding = build_comparison(_load(folder), []).findings()[0]
    assert "the generic and safety variants are level, within 2% of each other (-23.9% KLD vs no imatrix)" in finding
