"""What a GPTQ run will take before it starts: its settings, output name, disk, memory and time.

Pure arithmetic on config.json and the safetensors headers, so the CLI can refuse or warn before
importing torch or GPTQModel.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oyster_edge.convert.source import ModelSource
from oyster_edge.errors import OysterError
from oyster_edge.fsutil import sha256_file

SUPPORTED_BITS = (2, 3, 4, 8)
SUPPORTED_GROUP_SIZES = (-1, 32, 64, 128, 256)
DEVICES = ("auto", "cpu", "cuda")

# GPTQ time has two parts: every layer runs forward over every calibration token (twice), which grows
# with quantized parameters x tokens; and each projection's own solve, O(in_features^2 x out_features), which
# grows with parameters x input width. Core-seconds per billion of each, fitted by bench/bench_gptq.py on two
# models (hidden 512 with the default mix; hidden 1536 with a short calibration) from the process CPU time
# on this project's 2-core AMD EPYC (AVX-512 BF16), in bfloat16: 104.7 and 221.7 CPU seconds.
CPU_CORE_SECONDS_PER_GPARAM_KTOKEN = 180.0
CPU_CORE_SECONDS_PER_G_PARAM_IN = 0.11
# Import, load and save, whatever the size (~20 s for a 20M-parameter model here).
FIXED_SECONDS = 20.0
# No GPU here to measure; order of magnitude of GPTQModel's published single-GPU timings (8B in minutes).
GPU_SPEEDUP = 100.0
# torch + GPTQModel + tokenizer resident before the first layer is touched (measured ~1.2 GB).
PROCESS_OVERHEAD_BYTES = 1_500 << 20


@dataclass(frozen=True)
class GptqSettings:
    bits: int = 4
    group_size: int = 128
    desc_act: bool = False
    sym: bool = True
    damp: float = 0.05
    device: str = "auto"
    calibration: Path | None = None
    calibration_samples: int = 128
    seq_len: int = 512

    def __post_init__(self) -> None:
        if self.bits not in SUPPORTED_BITS:
            raise OysterError(f"--bits {self.bits} is not supported; choose one of {SUPPORTED_BITS}")
        if self.group_size not in SUPPORTED_GROUP_SIZES:
            raise OysterError(
                f"--group-size {self.group_size} is not supported; choose one of {SUPPORTED_GROUP_SIZES} "
                "(-1 = one group per output channel)"
            )
        if not 0 < self.damp < 1:
            raise OysterError(f"--damp {self.damp} must lie strictly between 0 and 1 (GPTQ's usual value: 0.01-0.1)")
        if self.device not in DEVICES:
            raise OysterError(f"--device {self.device!r} is not one of {', '.join(DEVICES)}")
        if self.calibration_samples < 1:
            raise OysterError("--calibration-samples must be at least 1")
        if self.seq_len < 16:
            raise OysterError("--seq-len must be at least 16 tokens")

    @property
    def artifact_type(self) -> str:
        """'GPTQ-4bit-g128', with -act (desc_act) and -asym suffixes when those differ from the default."""
        group = f"g{self.group_size}" if self.group_size > 0 else "gchan"
        suffix = ("-act" if self.desc_act else "") + ("" if self.sym else "-asym")
        return f"GPTQ-{self.bits}bit-{group}{suffix}"


def output_folder_name(source: ModelSource, settings: GptqSettings) -> str:
    return f"{source.name}-{settings.artifact_type}"


def is_quantized_linear(tensor_name: str) -> bool:
    """The decoder-layer projections GPTQ replaces (embeddings, norms and lm_head stay in float16)."""
    return ".layers." in tensor_name and tensor_name.endswith("_proj.weight")


def estimate_output_bytes(source: ModelSource, settings: GptqSettings) -> int:
    """Packed weights + per-group scales/zeros for the projections; float16 for everything else."""
    quantized = kept = 0
    for name, file in source.tensors.items():
        numel = file.tensors[name].numel
        if is_quantized_linear(name):
            quantized += numel
        else:
            kept += numel
    group = settings.group_size if settings.group_size > 0 else 4096
    bits_per_weight = settings.bits + (16 + settings.bits) / group + 32 / group  # scales, zeros, g_idx share
    tokenizer_bytes = sum(p.stat().st_size for p in source.path.glob("*") if p.is_file() and p.suffix != ".safetensors")
    return int(quantized * bits_per_weight / 8 + kept * 2 + tokenizer_bytes)


def _hp(config: dict[str, Any], key: str, default: int = 0) -> int:
    text = config.get("text_config") or {}
    value = config.get(key, text.get(key, default))
    return int(value) if value is not None else default


@dataclass(frozen=True)
class MemoryEstimate:
    layer_weights: int
    hessians: int
    activations: int
    embeddings: int
    packed: int
    overhead: int

    @property
    def total(self) -> int:
        return self.layer_weights + self.hessians + self.activations + self.embeddings + self.packed + self.overhead


def estimate_quantize_memory(config: dict[str, Any], settings: GptqSettings) -> MemoryEstimate:
    """Peak memory of layer-by-layer GPTQ: one decoder layer in float16 plus float32 working copies,
    a float32 Hessian per distinct projection input, every calibration token's hidden state cached
    before and after the layer, the (untied) embedding and output matrices, and the packed quantized layers
    held until they are saved. Checked by bench/bench_gptq.py against peak anonymous RSS (1.85 GiB measured,
    1.90 GiB estimated, for a 330M-parameter model)."""
    hidden = _hp(config, "hidden_size")
    intermediate = _hp(config, "intermediate_size", 4 * hidden)
    heads = _hp(config, "num_attention_heads", 1)
    kv_heads = _hp(config, "num_key_value_heads", heads)
    head_dim = _hp(config, "head_dim", hidden // max(heads, 1))
    vocab = _hp(config, "vocab_size")
    if not hidden or not vocab:
        raise OysterError("config.json lacks hidden_size or vocab_size; cannot plan GPTQ memory")
    attention = hidden * head_dim * (2 * heads + 2 * kv_heads)
    mlp = 3 * hidden * intermediate
    largest_module = max(hidden * intermediate, hidden * heads * head_dim)
    layer_weights = 2 * (attention + mlp) + 12 * largest_module  # fp16 layer, fp32 W/Q/error of one module
    hessians = 4 * (2 * hidden * hidden + (heads * head_dim) ** 2 + intermediate * intermediate)
    tokens = settings.calibration_samples * settings.seq_len
    activations = 2 * tokens * hidden * 2 + 4 * settings.seq_len * (intermediate + 3 * hidden) * 4
    tied = bool(config.get("tie_word_embeddings", False))
    embeddings = 2 * vocab * hidden * (1 if tied else 2)
    layers = _hp(config, "num_hidden_layers", 1)
    packed = int(layers * (attention + mlp) * settings.bits / 8 * 1.1)  # + scales, zeros, g_idx
    return MemoryEstimate(layer_weights, hessians, activations, embeddings, packed, PROCESS_OVERHEAD_BYTES)


@dataclass(frozen=True)
class QuantizeWork:
    """How much GPTQ has to do, from the safetensors headers."""

    quantized_params: int  # parameters of the projections GPTQ replaces
    params_times_inputs: int  # sum over projections of parameters x in_features (the per-module solve)

    @classmethod
    def of(cls, source: ModelSource) -> QuantizeWork:
        params = weighted = 0
        for name, file in source.tensors.items():
            if is_quantized_linear(name):
                info = file.tensors[name]
                params += info.numel
                weighted += info.numel * info.shape[-1]
        return cls(params, weighted)


def estimate_quantize_seconds(work: QuantizeWork, calibration_tokens: int, device: str, cores: int) -> float:
    core_seconds = (
        work.quantized_params / 1e9 * calibration_tokens / 1000 * CPU_CORE_SECONDS_PER_GPARAM_KTOKEN
        + work.params_times_inputs / 1e9 * CPU_CORE_SECONDS_PER_G_PARAM_IN
    )
    if device == "cuda":
        return FIXED_SECONDS + core_seconds / GPU_SPEEDUP
    return FIXED_SECONDS + core_seconds / max(cores, 1)


def human_duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def folder_digest(folder: Path) -> tuple[str, dict[str, str]]:
    """sha256 of a folder: over its sorted "relative/path  file-sha256" lines; plus the per-file hashes."""
    files = {
        path.relative_to(folder).as_posix(): sha256_file(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    lines = "".join(f"{rel}  {digest}\n" for rel, digest in sorted(files.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest(), files


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def physical_cores() -> int:
    import psutil

    return psutil.cpu_count(logical=False) or os.cpu_count() or 1
