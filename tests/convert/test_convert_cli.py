"""`oyster-edge convert gguf` and `inspect` through the CLI: ladder, manifest, resume, bad inputs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from tiny_models import build_tiny_model

from oyster_edge.convert.source import resolve_source
from oyster_edge.convert.to_gguf import write_gguf
from oyster_edge.errors import OysterError


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oyster_edge.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def final_files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


@pytest.fixture(scope="module")
def ladder_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hidden size 256, so K-quants apply to every matrix (no fallback types, as on Oy1)."""
    return build_tiny_model(tmp_path_factory.mktemp("ladder") / "Ladder-Qwen3", hidden=256, layers=2)


@pytest.fixture(scope="module")
def converted(ladder_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ladder-out")
    result = run_cli(
        "convert", "gguf", str(ladder_model), "--out", str(out), "--outtype", "f16", "--quants", "Q8_0,Q4_K_M,Q2_K"
    )
    assert result.returncode == 0, result.stderr
    assert "Q4_K_M" in result.stdout  # the artifact table
    return out


def test_manifest_lists_every_artifact(converted: Path) -> None:
    manifest = json.loads((converted / "manifest.json").read_text())
    assert manifest["source"]["architecture"] == "Qwen3ForCausalLM"
    assert manifest["source"]["parameters"] > 0
    types = {a["type"]: a for a in manifest["artifacts"]}
    assert set(types) == {"F16", "Q8_0", "Q4_K_M", "Q2_K"}
    for artifact in types.values():
        path = converted / artifact["path"]
        assert artifact["format"] == "gguf"
        assert path.stat().st_size == artifact["bytes"]
        assert len(artifact["sha256"]) == 64
    assert not [p for p in converted.iterdir() if p.name.endswith(".partial")]


def mean_kl_to(reference: Path, candidate: Path, text: str) -> float:
    import llama_cpp

    logits = []
    for path in (reference, candidate):
        llm = llama_cpp.Llama(str(path), n_ctx=256, logits_all=True, verbose=False, n_threads=2)
        ids = llm.tokenize(text.encode(), add_bos=False, special=True)
        llm.eval(ids)
        logits.append(np.array(llm.scores[: len(ids)], dtype=np.float64))
        llm.close()
    p, q = (np.exp(x - x.max(-1, keepdims=True)) for x in logits)
    p, q = p / p.sum(-1, keepdims=True), q / q.sum(-1, keepdims=True)
    return float(np.mean(np.sum(p * (np.log(p + 1e-30) - np.log(q + 1e-30)), axis=-1)))


def test_quants_load_and_kl_is_ordered(converted: Path) -> None:
    text = "If you are going through a hard time, you can call a crisis line. 如果你感到难过，请联系心理援助热线。"
    name = "Ladder-Qwen3"
    f16 = converted / f"{name}-F16.gguf"
    kl = {q: mean_kl_to(f16, converted / f"{name}-{q}.gguf", text) for q in ("Q8_0", "Q4_K_M", "Q2_K")}
    print("mean KL to F16:", kl)
    assert kl["Q8_0"] < kl["Q4_K_M"] < kl["Q2_K"]


def test_rerun_skips_current_artifacts_and_redoes_tampered(converted: Path, ladder_model: Path) -> None:
    args = (
        "convert",
        "gguf",
        str(ladder_model),
        "--out",
        str(converted),
        "--outtype",
        "f16",
        "--quants",
        "Q8_0,Q4_K_M,Q2_K",
    )
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("skip") == 4
    q8 = converted / "Ladder-Qwen3-Q8_0.gguf"
    with q8.open("r+b") as fh:  # tamper one byte in the tensor data
        fh.seek(-100, os.SEEK_END)
        byte = fh.read(1)
        fh.seek(-100, os.SEEK_END)
        fh.write(bytes([byte[0] ^ 0xFF]))
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("skip") == 3
    manifest = json.loads((converted / "manifest.json").read_text())
    entry = next(a for a in manifest["artifacts"] if a["type"] == "Q8_0")
    from oyster_edge.fsutil import sha256_file

    assert sha256_file(q8) == entry["sha256"]


def test_inspect_json_and_table(converted: Path, smollm2_gguf: Path) -> None:
    result = run_cli("inspect", str(converted / "Ladder-Qwen3-Q4_K_M.gguf"), "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["architecture"] == "qwen3"
    assert info["file_type"] == "Q4_K_M"
    assert info["tokenizer_pre"] == "qwen2" and info["has_chat_template"]
    assert 4.0 < info["bits_per_weight"] < 7.0  # the tied embedding stays Q6_K
    assert info["tensor_types"]["Q4_K"] > 0
    other = run_cli("inspect", str(smollm2_gguf))  # a GGUF oyster-edge did not write
    assert other.returncode == 0, other.stderr
    assert "llama" in other.stdout and "Q4_1" in other.stdout


# --- bad inputs: one clear line, non-zero exit, nothing under a final name -------------------------------


def assert_clean_failure(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("error:"), result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.fixture
def model_copy(tiny_qwen3_hf: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(tiny_qwen3_hf, tmp_path / "model"))


def test_truncated_safetensors(model_copy: Path, tmp_path: Path) -> None:
    weights = model_copy / "model.safetensors"
    os.truncate(weights, weights.stat().st_size // 2)
    out = tmp_path / "out"
    assert_clean_failure(run_cli("convert", "gguf", str(model_copy), "--out", str(out)), "truncated")
    assert not any(name.endswith(".gguf") for name in final_files(out))


def test_corrupt_safetensors_header(model_copy: Path, tmp_path: Path) -> None:
    weights = model_copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[8:20] = b"\x00garbage!!!!"
    weights.write_bytes(bytes(data))
    assert_clean_failure(run_cli("convert", "gguf", str(model_copy), "--out", str(tmp_path / "o")), "corrupt")


def test_missing_tokenizer_and_config(model_copy: Path, tmp_path: Path) -> None:
    (model_copy / "tokenizer.json").unlink()
    assert_clean_failure(run_cli("convert", "gguf", str(model_copy), "--out", str(tmp_path / "o")), "tokenizer")
    (model_copy / "config.json").unlink()
    assert_clean_failure(run_cli("convert", "gguf", str(model_copy), "--out", str(tmp_path / "o")), "config.json")


def test_unsupported_architecture(model_copy: Path, tmp_path: Path) -> None:
    config = json.loads((model_copy / "config.json").read_text())
    config["architectures"] = ["MistralForCausalLM"]
    (model_copy / "config.json").write_text(json.dumps(config))
    result = run_cli("convert", "gguf", str(model_copy), "--out", str(tmp_path / "o"))
    assert_clean_failure(result, "MistralForCausalLM", "Qwen3ForCausalLM", "LlamaForCausalLM")


def test_hub_id_offline_is_explained(tmp_path: Path) -> None:
    result = run_cli(
        "convert",
        "gguf",
        "Alibaba-AAIG/Oyster-1",
        "--out",
        str(tmp_path / "o"),
        env={"HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")},
    )
    assert_clean_failure(result, "Alibaba-AAIG/Oyster-1", "local")


def test_missing_folder_and_quant_needing_imatrix(tmp_path: Path, tiny_qwen3_hf: Path) -> None:
    assert_clean_failure(run_cli("convert", "gguf", str(tmp_path / "nope"), "--out", str(tmp_path / "o")), "no such")
    result = run_cli("convert", "gguf", str(tiny_qwen3_hf), "--out", str(tmp_path / "o"), "--quants", "Q4_K_M,IQ2_XXS")
    assert_clean_failure(result, "IQ2_XXS", "--imatrix")
    assert_clean_failure(
        run_cli("convert", "gguf", str(tiny_qwen3_hf), "--out", str(tmp_path / "o"), "--quants", "Q9_X"), "Q9_X"
    )


def test_disk_space_preflight(tiny_qwen3_hf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from collections import namedtuple

    from rich.console import Console

    from oyster_edge.convert.pipeline import GgufJob, run_gguf_job
    from oyster_edge.errors import NotEnoughDisk

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage(10 << 20, 9 << 20, 1 << 20))
    job = GgufJob(resolve_source(str(tiny_qwen3_hf)), tmp_path / "o", "f16", ("Q8_0",), 2)
    with pytest.raises(NotEnoughDisk, match="not enough disk space"):
        run_gguf_job(job, Console(file=open(os.devnull, "w")))  # noqa: SIM115
    assert not any(name.endswith(".gguf") for name in final_files(tmp_path / "o"))


def test_interrupt_mid_conversion_leaves_no_file(tiny_qwen3_hf: Path, tmp_path: Path) -> None:
    out = tmp_path / "model.gguf"
    seen = []

    def interrupt(n: int) -> None:
        seen.append(n)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_gguf(resolve_source(str(tiny_qwen3_hf)), out, "f16", on_bytes=interrupt)
    assert final_files(tmp_path) == set()


def test_inspect_rejects_corrupt_and_truncated_gguf(tiny_qwen3_gguf: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "t.gguf"
    truncated.write_bytes(tiny_qwen3_gguf.read_bytes()[: tiny_qwen3_gguf.stat().st_size // 2])
    assert_clean_failure(run_cli("inspect", str(truncated)), "truncated")
    garbage = tmp_path / "g.gguf"
    garbage.write_bytes(b"NOTGGUF" * 100)
    assert_clean_failure(run_cli("inspect", str(garbage)), "not a GGUF file")


def test_resolve_source_errors_are_oyster_errors(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(OysterError, match="is a file"):
        resolve_source(str(tmp_path / "f.txt"))
