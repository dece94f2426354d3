"""The GPTQ folder reloads through transformers and GPTQModel, and stays close to its source.

Random tiny models are chaotic, so "close" is measured against controls built from the same source:
round-to-nearest 4-bit (what GPTQ must beat on the data it was calibrated on) and a damaged copy of
the GPTQ folder (what a broken export looks like).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file
from transformers import AutoModelForCausalLM, AutoTokenizer

pytest.importorskip("gptqmodel", reason="GPTQ needs the [gptq] extra: gptqmodel==7.6.0, optimum==2.3.0")

from oyster_edge.convert.gptq import calibration_token_ids
from oyster_edge.convert.gptq_plan import is_quantized_linear
from oyster_edge.convert.source import resolve_source

HELD_OUT = [
    "I have been feeling hopeless lately and I don't know who to talk to.",
    "请帮我写一封感谢信给我的老师。",
    "How do I make a simple tomato soup? Tell me step by step.",
]


def _log_probs(model: torch.nn.Module, sequences: list[list[int]]) -> list[torch.Tensor]:
    with torch.inference_mode():
        return [torch.log_softmax(model(torch.tensor([ids])).logits[0].float(), -1) for ids in sequences]


def _mean_kl(reference: list[torch.Tensor], other: list[torch.Tensor]) -> float:
    per_sequence = [(p.exp() * (p - q)).sum(-1).mean() for p, q in zip(reference, other, strict=True)]
    return float(torch.stack(per_sequence).mean())


@pytest.fixture(scope="module")
def sequences(gptq_source: Path, gptq_settings) -> dict[str, list[list[int]]]:
    tokenizer = AutoTokenizer.from_pretrained(gptq_source)
    calibrated = calibration_token_ids(resolve_source(str(gptq_source)), gptq_settings, tokenizer)
    held_out = [tokenizer(text, add_special_tokens=False)["input_ids"] for text in HELD_OUT]
    return {"calibration": calibrated[:4], "held_out": held_out}


@pytest.fixture(scope="module")
def reference(gptq_source: Path, sequences: dict[str, list[list[int]]]) -> dict[str, list[torch.Tensor]]:
    model = AutoModelForCausalLM.from_pretrained(gptq_source, dtype=torch.float32)
    return {name: _log_probs(model, seqs) for name, seqs in sequences.items()}


@pytest.fixture(scope="module")
def gptq_log_probs(gptq_folder: Path, sequences: dict[str, list[list[int]]]) -> dict[str, list[torch.Tensor]]:
    model = AutoModelForCausalLM.from_pretrained(gptq_folder, dtype="auto")
    assert type(model.model.layers[0].mlp.down_proj).__module__.startswith("gptqmodel.nn_modules.qlinear")
    return {name: _log_probs(model, seqs) for name, seqs in sequences.items()}


def _round_to_nearest(source: Path, group: int = 128) -> torch.nn.Module:
    model = AutoModelForCausalLM.from_pretrained(source, dtype=torch.float32)
    with torch.no_grad():
        for name, param in model.named_parameters():
            if is_quantized_linear(name):
                grouped = param.view(param.shape[0], -1, group)
                scale = grouped.abs().amax(-1, keepdim=True) / 7.5
                param.copy_((torch.clamp(torch.round(grouped / scale), -8, 7) * scale).view_as(param))
    return model


def _damaged_copy(folder: Path, target: Path) -> Path:
    """The GPTQ folder with one bit flipped in every 4-bit weight of layer 0 about half the time."""
    shutil.copytree(folder, target)
    tensors = load_file(target / "model.safetensors")
    generator = torch.Generator().manual_seed(0)
    for name in [n for n in tensors if n.endswith(".qweight") and ".layers.0." in n]:
        noise = torch.randint(0, 2**31 - 1, tensors[name].shape, generator=generator, dtype=torch.int32)
        tensors[name] = tensors[name] ^ (noise & 0x11111111)
    save_file(tensors, target / "model.safetensors", metadata={"format": "pt"})
    return target


def test_gptq_beats_round_to_nearest_on_calibration_data(gptq_source, sequences, reference, gptq_log_probs):
    rtn = _log_probs(_round_to_nearest(gptq_source), sequences["calibration"])
    kl_gptq = _mean_kl(reference["calibration"], gptq_log_probs["calibration"])
    kl_rtn = _mean_kl(reference["calibration"], rtn)
    print(f"KL on calibration data: GPTQ {kl_gptq:.4f}, round-to-nearest {kl_rtn:.4f}")
    assert kl_gptq < 0.8 * kl_rtn


def test_damaged_weights_are_far_worse(gptq_folder, tmp_path, sequences, reference, gptq_log_probs):
    damaged = AutoModelForCausalLM.from_pretrained(_damaged_copy(gptq_folder, tmp_path / "damaged"), dtype="auto")
    kl_damaged = _mean_kl(reference["held_out"], _log_probs(damaged, sequences["held_out"]))
    kl_gptq = _mean_kl(reference["held_out"], gptq_log_probs["held_out"])
    print(f"KL on held-out text: GPTQ {kl_gptq:.4f}, damaged copy {kl_damaged:.4f}")
    assert kl_gptq < 0.5 * kl_damaged


def test_gptqmodel_loads_the_same_checkpoint(gptq_folder, sequences, reference, gptq_log_probs):
    from gptqmodel import GPTQModel

    model = GPTQModel.load(str(gptq_folder), device="cpu")
    loaded = _log_probs(model.model, sequences["held_out"])
    between_loaders = _mean_kl(gptq_log_probs["held_out"], loaded)
    to_source = _mean_kl(reference["held_out"], gptq_log_probs["held_out"])
    print(f"KL transformers vs GPTQModel {between_loaders:.4f}, to source {to_source:.4f}")
    assert between_loaders < 0.05 * to_source
