"""Write a full-precision GGUF (F32/F16/BF16) from a Hugging Face folder, one tensor slice at a time."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import gguf
import numpy as np

from oyster_edge import __version__
from oyster_edge.convert.safetensors_stream import SafetensorsFile, to_float32
from oyster_edge.convert.source import ModelSource
from oyster_edge.convert.vocab import load_vocab
from oyster_edge.errors import OysterError
from oyster_edge.fsutil import atomic_output

OUTTYPES = {
    "f32": (gguf.GGMLQuantizationType.F32, gguf.LlamaFileType.ALL_F32),
    "f16": (gguf.GGMLQuantizationType.F16, gguf.LlamaFileType.MOSTLY_F16),
    "bf16": (gguf.GGMLQuantizationType.BF16, gguf.LlamaFileType.MOSTLY_BF16),
}
GGUF_ARCH = {
    "Qwen3ForCausalLM": gguf.MODEL_ARCH.QWEN3,
    "Qwen2ForCausalLM": gguf.MODEL_ARCH.QWEN2,
    "LlamaForCausalLM": gguf.MODEL_ARCH.LLAMA,
}
SKIPPED_SUFFIXES = ("rotary_emb.inv_freq",)
CHUNK_BYTES = 64 << 20

ProgressCallback = Callable[[int], None]


def default_outtype(source: ModelSource) -> str:
    return {"bfloat16": "bf16", "float16": "f16"}.get(source.torch_dtype, "f16")


@dataclass(frozen=True)
class PlannedTensor:
    """One output tensor: where its data comes from and how it is transformed on the way."""

    gguf_name: str
    shape: tuple[int, ...]
    out_type: gguf.GGMLQuantizationType
    source_file: SafetensorsFile | None
    source_name: str | None
    transform: Callable[[np.ndarray], np.ndarray] | None = None
    constant: np.ndarray | None = None

    @property
    def nbytes(self) -> int:
        element = 4 if self.out_type == gguf.GGMLQuantizationType.F32 else 2
        return math.prod(self.shape) * element


class StreamedTensor:
    """Looks like the ndarray GGUFWriter.write_tensor_data wants (nbytes, tofile) but converts in chunks."""

    def __init__(self, plan: PlannedTensor, on_bytes: ProgressCallback | None) -> None:
        self.plan = plan
        self.nbytes = plan.nbytes
        self.on_bytes = on_bytes

    def tofile(self, fout: BinaryIO) -> None:
        written = 0
        for chunk in self._float_chunks():
            data = _encode(chunk, self.plan.out_type)
            fout.write(data.tobytes())
            written += data.nbytes
            if self.on_bytes:
                self.on_bytes(data.nbytes)
        if written != self.nbytes:
            raise OysterError(f"tensor {self.plan.gguf_name}: wrote {written} bytes, expected {self.nbytes}")

    def _float_chunks(self) -> Iterator[np.ndarray]:
        plan = self.plan
        if plan.constant is not None:
            yield plan.constant.astype(np.float32)
            return
        assert plan.source_file is not None and plan.source_name is not None
        dtype = plan.source_file.tensors[plan.source_name].dtype
        if plan.transform is not None:
            yield plan.transform(to_float32(plan.source_file.read(plan.source_name), dtype))
            return
        for raw in plan.source_file.iter_row_chunks(plan.source_name, CHUNK_BYTES):
            yield to_float32(raw, dtype)


def _encode(chunk: np.ndarray, out_type: gguf.GGMLQuantizationType) -> np.ndarray:
    if out_type == gguf.GGMLQuantizationType.F32:
        return np.ascontiguousarray(chunk, dtype=np.float32)
    if out_type == gguf.GGMLQuantizationType.F16:
        return np.ascontiguousarray(chunk.astype(np.float16))
    return gguf.quants.quantize(np.ascontiguousarray(chunk, dtype=np.float32), out_type)


def llama_permute(weights: np.ndarray, n_head: int) -> np.ndarray:
    """HF Llama stores rotary pairs split in halves; llama.cpp wants them interleaved (per head)."""
    return (
        weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, *weights.shape[1:])
        .swapaxes(1, 2)
        .reshape(weights.shape)
    )


def _hp(config: dict[str, Any], key: str, default: Any = None) -> Any:
    if key in config:
        return config[key]
    rope = config.get("rope_parameters") or {}
    return rope.get(key, default)


def _rope_scaling(config: dict[str, Any]) -> dict[str, Any] | None:
    scaling = config.get("rope_scaling") or config.get("rope_parameters") or None
    if not scaling:
        return None
    kind = scaling.get("rope_type") or scaling.get("type")
    return None if kind in (None, "default") else {**scaling, "rope_type": kind}


def plan_tensors(source: ModelSource, outtype: str) -> list[PlannedTensor]:
    config = source.config
    arch = GGUF_ARCH[source.architecture]
    name_map = gguf.get_tensor_name_map(arch, int(config["num_hidden_layers"]))
    weight_type, _ = OUTTYPES[outtype]
    tied = bool(config.get("tie_word_embeddings", False))
    n_head = int(config["num_attention_heads"])
    n_head_kv = int(config.get("num_key_value_heads", n_head))
    plans: list[PlannedTensor] = []
    for hf_name, file in source.tensors.items():
        if hf_name.endswith(SKIPPED_SUFFIXES) or (tied and hf_name == "lm_head.weight"):
            continue
        gguf_name = name_map.get_name(hf_name, try_suffixes=(".weight", ".bias"))
        if gguf_name is None:
            raise OysterError(f"tensor {hf_name} of {source.architecture} has no GGUF name; is the checkpoint intact?")
        info = file.tensors[hf_name]
        transform = None
        if arch == gguf.MODEL_ARCH.LLAMA and hf_name.endswith("q_proj.weight"):
            transform = _permuter(n_head)
        elif arch == gguf.MODEL_ARCH.LLAMA and hf_name.endswith("k_proj.weight"):
            transform = _permuter(n_head_kv)
        out_type = weight_type if len(info.shape) > 1 else gguf.GGMLQuantizationType.F32
        plans.append(PlannedTensor(gguf_name, info.shape, out_type, file, hf_name, transform))
    plans.extend(_extra_tensors(source, arch))
    return plans


def _permuter(n_head: int) -> Callable[[np.ndarray], np.ndarray]:
    return lambda weights: llama_permute(weights, n_head)


def _extra_tensors(source: ModelSource, arch: gguf.MODEL_ARCH) -> list[PlannedTensor]:
    """Llama-3.1 style rope scaling becomes a rope_freqs tensor in GGUF."""
    scaling = _rope_scaling(source.config)
    if arch != gguf.MODEL_ARCH.LLAMA or not scaling or scaling["rope_type"] != "llama3":
        return []
    factors = llama3_rope_factors(source.config, scaling)
    name = gguf.TENSOR_NAMES[gguf.MODEL_TENSOR.ROPE_FREQS] + ".weight"
    return [PlannedTensor(name, factors.shape, gguf.GGMLQuantizationType.F32, None, None, constant=factors)]


def llama3_rope_factors(config: dict[str, Any], scaling: dict[str, Any]) -> np.ndarray:
    base = float(_hp(config, "rope_theta", 10000.0))
    dim = int(config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"])
    factor = float(scaling.get("factor", 8.0))
    low = float(scaling.get("low_freq_factor", 1.0))
    high = float(scaling.get("high_freq_factor", 4.0))
    old_context = float(scaling.get("original_max_position_embeddings", 8192))
    freqs = 1.0 / (base ** (np.arange(0, dim, 2, dtype=np.float64) / dim))
    wavelen = 2 * math.pi / freqs
    smooth = (old_context / wavelen - low) / (high - low)
    factors = np.where(
        wavelen < old_context / high,
        1.0,
        np.where(wavelen > old_context / low, factor, 1 / ((1 - smooth) / factor + smooth)),
    )
    return factors.astype(np.float32)


def _add_hyperparameters(writer: gguf.GGUFWriter, source: ModelSource, file_type: gguf.LlamaFileType) -> None:
    config = source.config
    n_head = int(config["num_attention_heads"])
    head_dim = config.get("head_dim")
    writer.add_block_count(int(config["num_hidden_layers"]))
    writer.add_context_length(int(config.get("max_position_embeddings", 4096)))
    writer.add_embedding_length(int(config["hidden_size"]))
    writer.add_feed_forward_length(int(config["intermediate_size"]))
    writer.add_head_count(n_head)
    writer.add_head_count_kv(int(config.get("num_key_value_heads", n_head)))
    writer.add_rope_freq_base(float(_hp(config, "rope_theta", 10000.0)))
    writer.add_layer_norm_rms_eps(float(config.get("rms_norm_eps", 1e-6)))
    if head_dim:
        writer.add_key_length(int(head_dim))
        writer.add_value_length(int(head_dim))
    if source.architecture == "LlamaForCausalLM":
        writer.add_vocab_size(int(config["vocab_size"]))
        writer.add_rope_dimension_count(int(head_dim or config["hidden_size"] // n_head))
    _add_rope_scaling(writer, config)
    writer.add_file_type(file_type)


def _add_rope_scaling(writer: gguf.GGUFWriter, config: dict[str, Any]) -> None:
    scaling = _rope_scaling(config)
    if not scaling or scaling["rope_type"] == "llama3":
        return
    kinds = {"linear": gguf.RopeScalingType.LINEAR, "yarn": gguf.RopeScalingType.YARN}
    if scaling["rope_type"] not in kinds:
        raise OysterError(f"rope scaling type {scaling['rope_type']!r} is not supported (linear, yarn, llama3 are)")
    writer.add_rope_scaling_type(kinds[scaling["rope_type"]])
    writer.add_rope_scaling_factor(float(scaling["factor"]))
    if "original_max_position_embeddings" in scaling:
        writer.add_rope_scaling_orig_ctx_len(int(scaling["original_max_position_embeddings"]))


def _add_tokenizer(writer: gguf.GGUFWriter, source: ModelSource) -> None:
    vocab = load_vocab(source.path, int(source.config.get("vocab_size", 0)))
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre(vocab.pre_tokenizer)
    writer.add_token_list(vocab.tokens)
    writer.add_token_types(vocab.token_types)
    special = gguf.SpecialVocab(source.path, load_merges=True, n_vocab=len(vocab.tokens))
    special.add_to_gguf(writer, quiet=True)
    if "bos" not in special.add_special_token:
        # Unstated, llama.cpp would guess; the tokenizer's post-processor says what transformers does.
        writer.add_add_bos_token(vocab.adds_bos)


def _add_general(writer: gguf.GGUFWriter, source: ModelSource) -> None:
    metadata = gguf.Metadata.load(None, source.path, source.name, source.parameter_count)
    metadata.name = metadata.name or source.name
    if metadata.size_label is None:
        metadata.size_label = gguf.size_label(source.parameter_count, 0, 0, 0)
    metadata.set_gguf_meta_model(writer)
    writer.add_quantized_by(f"oyster-edge {__version__}")


def estimate_gguf_bytes(source: ModelSource, outtype: str) -> int:
    element = 4 if outtype == "f32" else 2
    vocab_bytes = int(source.config.get("vocab_size", 0)) * 32
    return source.parameter_count * element + vocab_bytes + (16 << 20)


def write_gguf(
    source: ModelSource, out_path: Path, outtype: str, on_bytes: ProgressCallback | None = None
) -> list[PlannedTensor]:
    """Write `out_path` atomically: a temporary name until every byte is written."""
    if outtype not in OUTTYPES:
        raise OysterError(f"--outtype must be one of {', '.join(OUTTYPES)}, not {outtype!r}")
    plans = plan_tensors(source, outtype)
    arch_name = gguf.MODEL_ARCH_NAMES[GGUF_ARCH[source.architecture]]
    with atomic_output(out_path) as tmp:
        writer = gguf.GGUFWriter(tmp, arch_name)
        try:
            _add_general(writer, source)
            _add_hyperparameters(writer, source, OUTTYPES[outtype][1])
            _add_tokenizer(writer, source)
            writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
            for plan in plans:
                dtype = np.float32 if plan.out_type == gguf.GGMLQuantizationType.F32 else np.float16
                raw = None if plan.out_type != gguf.GGMLQuantizationType.BF16 else plan.out_type
                writer.add_tensor_info(plan.gguf_name, plan.shape, np.dtype(dtype), plan.nbytes, raw_dtype=raw)
            writer.write_header_to_file()
            writer.write_kv_data_to_file()
            writer.write_ti_data_to_file()
            for plan in plans:
                writer.write_tensor_data(StreamedTensor(plan, on_bytes))  # type: ignore[arg-type]
        finally:
            writer.close()
    return plans
