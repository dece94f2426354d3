"""Settings, naming, preflight estimates and refusals of `convert gptq` (no quantization runs here)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from rich.console import Console

import oyster_edge.convert.gptq as gptq
from oyster_edge.convert.gptq_plan import (
    GptqSettings,
    QuantizeWork,
    estimate_quantize_memory,
    estimate_quantize_seconds,
    folder_digest,
)
from oyster_edge.convert.source import resolve_source
from oyster_edge.errors import NotEnoughMemory, OysterError

QWEN3_14B = {
    "hidden_size": 5120, "intermediate_size": 17408, "num_attention_heads": 40, "num_key_value_heads": 8,
    "head_dim": 128, "vocab_size": 151936, "num_hidden_layers": 40, "tie_word_embeddings": False,
}


def test_artifact_type_names_the_settings():
    assert GptqSettings().artifact_type == "GPTQ-4bit-g128"
    assert GptqSettings(bits=8, group_size=32).artifact_type == "GPTQ-8bit-g32"
    assert GptqSettings(group_size=-1, desc_act=True, sym=False).artifact_type == "GPTQ-4bit-gchan-act-asym"


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [("bits", 5, "--bits 5"), ("group_size", 100, "--group-size 100"), ("damp", 1.5, "--damp"),
     ("device", "tpu", "--device"), ("seq_len", 4, "--seq-len")],
)
def test_bad_settings_are_refused(field, value, match):
    with pytest.raises(OysterError, match=match):
        GptqSettings(**{field: value})


def test_memory_estimate_for_a_14b_model_fits_a_24gb_laptop_but_not_a_phone():
    estimate = estimate_quantize_memory(QWEN3_14B, GptqSettings())
    assert 8 << 30 < estimate.total < 20 << 30
    assert estimate.hessians > 4 * 17408**2  # the down_proj Hessian alone
    longer = estimate_quantize_memory(QWEN3_14B, GptqSettings(seq_len=2048))
    assert longer.activations > 3 * estimate.activations


def _qwen3_14b_work() -> QuantizeWork:
    h, inter, q, kv = 5120, 17408, 40 * 128, 8 * 128
    shapes = [(q, h), (kv, h), (kv, h), (h, q), (inter, h), (inter, h), (h, inter)]  # (out, in)
    return QuantizeWork(
        quantized_params=40 * sum(o * i for o, i in shapes), params_times_inputs=40 * sum(o * i * i for o, i in shapes)
    )


def test_time_estimate_scales_with_size_and_device():
    work = _qwen3_14b_work()
    assert 13.0e9 < work.quantized_params < 13.5e9
    laptop = estimate_quantize_seconds(work, 20_000, "cpu", 8)  # the default mix is ~20k tokens
    assert 3600 < laptop < 24 * 3600  # hours on a laptop CPU
    assert estimate_quantize_seconds(work, 20_000, "cuda", 8) < 30 * 60  # minutes on a GPU
    assert estimate_quantize_seconds(work, 40_000, "cpu", 8) > laptop


def test_work_is_read_from_the_projection_shapes(gptq_source):
    work = QuantizeWork.of(resolve_source(str(gptq_source)))
    hidden, inter, q, kv = 128, 256, 128, 64  # tiny_models: 4 heads of 32, 2 KV heads, intermediate 2 x hidden
    per_layer = [(q, hidden), (kv, hidden), (kv, hidden), (hidden, q)]
    per_layer += [(inter, hidden), (inter, hidden), (hidden, inter)]
    assert work.quantized_params == 2 * sum(o * i for o, i in per_layer)
    assert work.params_times_inputs == 2 * sum(o * i * i for o, i in per_layer)


def test_folder_digest_is_sha256_of_sorted_path_hash_lines(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("a")
    digest, files = folder_digest(tmp_path)
    sha = {name: hashlib.sha256(data).hexdigest() for name, data in (("b.txt", b"b"), ("sub/a.txt", b"a"))}
    assert files == sha
    expected = f"b.txt  {sha['b.txt']}\nsub/a.txt  {sha['sub/a.txt']}\n"
    assert digest == hashlib.sha256(expected.encode()).hexdigest()


def test_refuses_when_memory_cannot_hold_a_layer(gptq_source, tmp_path, monkeypatch):
    monkeypatch.setattr(gptq, "available_memory", lambda device: (64 << 20, "available RAM"))
    with pytest.raises(NotEnoughMemory, match="needs about"):
        gptq.quantize_to_gptq(resolve_source(str(gptq_source)), tmp_path, GptqSettings(device="cpu"), Console())
    assert list(tmp_path.iterdir()) == []


def test_failed_run_leaves_no_folder_and_keeps_the_log(gptq_source, tmp_path, monkeypatch):
    def broken(source, settings, device, calibration, work_dir, on_layer):
        (work_dir / "model.safetensors").write_bytes(b"half")
        os.write(2, b"gptqmodel says: out of luck\n")  # what reaches the terminal's file descriptor
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(gptq, "run_gptqmodel", broken)
    settings = GptqSettings(device="cpu", calibration_samples=2, seq_len=32)
    with pytest.raises(OysterError, match="simulated failure") as caught:
        gptq.quantize_to_gptq(resolve_source(str(gptq_source)), tmp_path, settings, Console())
    log = tmp_path / ".Tiny-Qwen3-GPTQ-4bit-g128.log"
    assert str(log) in str(caught.value) and "out of luck" in log.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == [log.name]


def test_missing_and_unsupported_sources(tmp_path):
    with pytest.raises(OysterError, match="no such model folder"):
        resolve_source(str(tmp_path / "nope"))
    (tmp_path / "config.json").write_text(json.dumps({"architectures": ["GPT2LMHeadModel"]}))
    with pytest.raises(OysterError, match="unsupported architecture GPT2LMHeadModel"):
        resolve_source(str(tmp_path))


def test_output_estimate_is_close_to_the_real_folder(gptq_source: Path, gptq_folder: Path):
    from oyster_edge.convert.gptq_plan import estimate_output_bytes

    real = sum(p.stat().st_size for p in gptq_folder.iterdir())
    estimate = estimate_output_bytes(resolve_source(str(gptq_source)), GptqSettings())
    assert 0.8 * real < estimate < 1.25 * real
