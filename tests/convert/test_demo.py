"""`oyster-edge demo`: SmolLM2 through the same convert path, then the accuracy check and the report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_demo_converts_checks_and_reports(smollm2_gguf: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "oyster_edge.cli",
            "demo",
            "--out",
            str(tmp_path),
            "--quants",
            "Q8_0,Q2_K",
            "--limit",
            "2",
            "--max-new-tokens",
            "8",
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 0, result.stderr[-3000:]  # gate failures are reported, not an error, in the demo
    manifest = json.loads((tmp_path / "models" / "manifest.json").read_text())
    assert manifest["source"]["architecture"] == "LlamaForCausalLM"
    assert {a["type"] for a in manifest["artifacts"]} == {"F16", "Q8_0", "Q2_K"}
    results = json.loads((tmp_path / "eval" / "results.json").read_text())
    assert {Path(c["path"]).name for c in results["candidates"]} == {
        "SmolLM2-135M-Instruct-Q8_0.gguf",
        "SmolLM2-135M-Instruct-Q2_K.gguf",
    }
    by_type = {c["type"]: c for c in results["candidates"]}
    assert by_type["Q8_0"]["mean_kld"] < by_type["Q2_K"]["mean_kld"]
    assert (tmp_path / "eval" / "report.html").stat().st_size > 10_000
    assert "accuracy checks against the reference" in result.stdout  # the summary table
