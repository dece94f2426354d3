"""The GPTQ paths through the real `oyster-edge` command: nothing left in the user's folder, clean JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def oyster_edge(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "oyster_edge.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.mark.slow
def test_convert_gptq_writes_only_its_output(gptq_source: Path, tmp_path: Path) -> None:
    result = oyster_edge(
        "convert",
        "gptq",
        str(gptq_source),
        "--out",
        "out",
        "--calibration-samples",
        "8",
        "--seq-len",
        "64",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # GPTQModel's ./logs is redirected
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["Tiny-Qwen3-GPTQ-4bit-g128", "manifest.json"]


@pytest.mark.slow
def test_chat_once_json_on_a_gptq_folder(gptq_folder: Path, tmp_path: Path) -> None:
    result = oyster_edge("chat", str(gptq_folder), "--once", "hello", "--max-tokens", "6", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    reply = json.loads(result.stdout)  # GPTQModel's load banners go to stderr, never into the JSON
    assert reply["quant"].startswith("GPTQ-4bit")
    assert reply["completion_tokens"] > 0
    assert list(tmp_path.iterdir()) == []
