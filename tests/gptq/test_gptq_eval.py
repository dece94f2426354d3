"""`oyster-edge eval` scores the GPTQ folder next to a GGUF quant of the same source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("gptqmodel", reason="GPTQ needs the [gptq] extra: gptqmodel==7.6.0, optimum==2.3.0")


@pytest.mark.slow
def test_eval_reports_gptq_next_to_gguf(gptq_source: Path, gptq_folder: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from oyster_edge.cli import app
    from oyster_edge.convert.source import resolve_source
    from oyster_edge.convert.to_gguf import write_gguf

    gguf = tmp_path / "Tiny-Qwen3-F16.gguf"
    write_gguf(resolve_source(str(gptq_source)), gguf, "f16")
    out = tmp_path / "eval"
    args = ["eval", "--reference", str(gptq_source), "--candidate", str(gptq_folder), "--candidate", str(gguf),
            "--out", str(out), "--limit", "2", "--max-new-tokens", "4", "--threads", "1", "--no-report"]
    result = CliRunner().invoke(app, args)
    results_file = out / "results.json"
    assert results_file.exists(), f"{result.output}\n{result.exception!r}"
    candidates = {Path(c["path"]).name: c for c in json.loads(results_file.read_text())["candidates"]}
    gptq, f16 = candidates[gptq_folder.name], candidates[gguf.name]
    assert gptq["type"].startswith("GPTQ") and f16["type"] == "F16"
    # Both are scored against the same reference; 4-bit weights drift further than 16-bit ones.
    assert gptq["mean_kld"] is not None and f16["mean_kld"] is not None
    assert gptq["mean_kld"] > f16["mean_kld"]
