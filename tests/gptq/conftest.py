"""A tiny Qwen3 (hidden 128, so group size 128 is a real group) and its GPTQ conversion, built once per run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from tiny_models import build_tiny_model
from typer.testing import CliRunner

from oyster_edge.convert.gptq_plan import GptqSettings

CALIBRATION_SAMPLES = 8
SEQ_LEN = 64


@pytest.fixture(scope="session")
def gptq_settings() -> GptqSettings:
    """The settings the session's GPTQ folder is made with (small calibration keeps the test fast)."""
    return GptqSettings(device="cpu", calibration_samples=CALIBRATION_SAMPLES, seq_len=SEQ_LEN)


@pytest.fixture(scope="session")
def gptq_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("gptq-src") / "Tiny-Qwen3", hidden=128, layers=2)


def run_gptq_cli(*args: str) -> object:
    from oyster_edge.convert.gptq import register_gptq

    app = typer.Typer()
    group = typer.Typer()
    register_gptq(group)
    app.add_typer(group, name="convert")
    return CliRunner().invoke(app, ["convert", "gptq", *args], catch_exceptions=True)


@pytest.fixture(scope="session")
def gptq_out(gptq_source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """DIR holding Tiny-Qwen3-GPTQ-4bit-g128/ and manifest.json, made through the CLI command."""
    out = tmp_path_factory.mktemp("gptq-out")
    result = run_gptq_cli(
        str(gptq_source), "--out", str(out), "--device", "cpu",
        "--calibration-samples", str(CALIBRATION_SAMPLES), "--seq-len", str(SEQ_LEN),
    )
    assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
    return out


@pytest.fixture(scope="session")
def gptq_folder(gptq_out: Path) -> Path:
    manifest = json.loads((gptq_out / "manifest.json").read_text())
    return gptq_out / manifest["artifacts"][0]["path"]
