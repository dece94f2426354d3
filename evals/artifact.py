"""What an artifact is (type, size, bits per weight, KV cache cost), read from its headers alone."""

from __future__ import annotations

import json
import struct
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from oyster_edge.errors import OysterError
from oyster_edge.gguf_info import GgufHeader, field_value, file_type_name, open_gguf
from oyster_edge.manifest import (
    Artifact,
    imatrix_kind,
    imatrix_label,
    imatrix_record_from_header,
    load_manifest,
)

HF_WEIGHT_SUFFIXES = (".safetensors", ".bin")
HF_META_FILES = (
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "quantize_config.json",
    "chat_template.jinja",
)


@dataclass(frozen=True)
class ArtifactInfo:
    path: str
    format: str  # "gguf" | "hf"
    type: str  # "Q4_K_M", "BF16", "GPTQ-4bit", ...
    type_source: str  # where `type` came from
    bytes: int
    parameters: int
    layers: int
    kv_bytes_per_token: int  # f16 K and V across all layers
    imatrix: dict[str, Any] | None = None  # the imatrix a quant was made with (manifest or GGUF header)

    @property
    def bits_per_weight(self) -> float:
        return 8 * self.bytes / self.parameters if self.parameters else 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["bits_per_weight"] = round(self.bits_per_weight, 3)
        data["imatrix_kind"] = imatrix_kind(self.imatrix)
        data["imatrix_label"] = imatrix_label(self.imatrix)
        return data


def describe(path: Path) -> ArtifactInfo:
    if path.is_dir():
        return _describe_hf(path)
    return _describe_gguf(path)


def artifact_files(path: Path) -> list[Path]:
    """The files whose bytes define a model (hashed for the reference cache key)."""
    if path.is_file():
        return [path]
    files = [p for p in sorted(path.iterdir()) if p.is_file()]
    return [p for p in files if p.suffix in HF_WEIGHT_SUFFIXES or p.name in HF_META_FILES]


# ---------------------------------------------------------------- GGUF


def _dominant_tensor_type(reader: GgufHeader) -> str:
    """The quant type holding most of the 2-D weight bytes (the file's ftype when it has none)."""
    weight: Counter[str] = Counter()
    for tensor in reader.tensors:
        if len(tensor.shape) >= 2:
            weight[tensor.tensor_type.name] += int(tensor.n_bytes)
    return weight.most_common(1)[0][0] if weight else "unknown"


def _manifest_entry(path: Path) -> Artifact | None:
    """The manifest's record of this file, if the folder has a manifest naming it at this size."""
    try:
        manifest = load_manifest(path.parent)
    except OysterError:
        return None
    size = path.stat().st_size
    return next((a for a in manifest.artifacts if Path(a.path).name == path.name and a.bytes == size), None)


def _imatrix_record(reader: GgufHeader, entry: Artifact | None) -> dict[str, Any] | None:
    if entry is not None and "imatrix" in entry.extra:
        return entry.extra["imatrix"]
    return imatrix_record_from_header(reader.fields)


def _describe_gguf(path: Path) -> ArtifactInfo:
    reader = open_gguf(path)
    arch = field_value(reader, "general.architecture", "llama")
    entry = _manifest_entry(path)
    manifest_type = entry.type if entry else None
    file_type = file_type_name(field_value(reader, "general.file_type"))
    if manifest_type:
        quant, source = manifest_type, "manifest.json"
    elif file_type:
        quant, source = file_type, "general.file_type"
    else:
        quant, source = _dominant_tensor_type(reader), "tensor types"
    layers = int(field_value(reader, f"{arch}.block_count", 0) or 0)
    heads = _first_int(field_value(reader, f"{arch}.attention.head_count", 1))
    kv_heads = _first_int(field_value(reader, f"{arch}.attention.head_count_kv", heads))
    embd = int(field_value(reader, f"{arch}.embedding_length", 0) or 0)
    key_dim = int(field_value(reader, f"{arch}.attention.key_length", 0) or (embd // max(heads, 1)))
    value_dim = int(field_value(reader, f"{arch}.attention.value_length", 0) or key_dim)
    parameters = sum(int(t.n_elements) for t in reader.tensors)
    return ArtifactInfo(
        path=str(path),
        format="gguf",
        type=quant,
        type_source=source,
        bytes=path.stat().st_size,
        parameters=parameters,
        layers=layers,
        kv_bytes_per_token=2 * layers * kv_heads * (key_dim + value_dim),
        imatrix=_imatrix_record(reader, entry),
    )


def _first_int(value: Any) -> int:
    if isinstance(value, list):
        return max((int(v) for v in value), default=1)
    return int(value or 1)


# ---------------------------------------------------------------- Hugging Face folders


def _safetensors_parameters(path: Path) -> int:
    with path.open("rb") as fh:
        header_len = struct.unpack("<Q", fh.read(8))[0]
        header = json.loads(fh.read(header_len))
    total = 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        count = 1
        for dim in entry["shape"]:
            count *= dim
        total += count
    return total


def _hf_type(folder: Path, config: dict[str, Any]) -> tuple[str, str]:
    quantize_config = folder / "quantize_config.json"
    quant = None
    source = ""
    if quantize_config.exists():
        quant, source = json.loads(quantize_config.read_text(encoding="utf-8")), "quantize_config.json"
    elif isinstance(config.get("quantization_config"), dict):
        quant, source = config["quantization_config"], "config.json quantization_config"
    if quant is not None:
        method = str(quant.get("quant_method", "gptq")).upper()
        bits = quant.get("bits")
        return (f"{method}-{bits}bit" if bits else method), source
    dtype = str(config.get("torch_dtype") or config.get("dtype") or "float32").removeprefix("torch.")
    names = {"bfloat16": "BF16", "float16": "F16", "float32": "F32"}
    return names.get(dtype, dtype.upper()), "config.json dtype"


def _gptq_parameters(config: dict[str, Any]) -> int:
    """Packed GPTQ tensors hide the count; estimate it from the architecture (embeddings + blocks)."""
    hidden = int(config.get("hidden_size", 0))
    layers = int(config.get("num_hidden_layers", 0))
    inter = int(config.get("intermediate_size", 0))
    vocab = int(config.get("vocab_size", 0))
    heads = int(config.get("num_attention_heads", 1))
    kv_heads = int(config.get("num_key_value_heads", heads))
    head_dim = int(config.get("head_dim", hidden // max(heads, 1)))
    attention = hidden * head_dim * (2 * heads + 2 * kv_heads)
    mlp = 3 * hidden * inter
    embeddings = vocab * hidden * (1 if config.get("tie_word_embeddings") else 2)
    return layers * (attention + mlp) + embeddings


def _describe_hf(folder: Path) -> ArtifactInfo:
    config_path = folder / "config.json"
    if not config_path.exists():
        raise OysterError(f"{folder} has no config.json; give a Hugging Face model folder or a .gguf file")
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config = config.get("text_config", config) if "hidden_size" not in config else config
    quant, source = _hf_type(folder, config)
    weights = [p for p in folder.iterdir() if p.suffix in HF_WEIGHT_SUFFIXES]
    size = sum(p.stat().st_size for p in weights)
    if quant.startswith("GPTQ") or "BIT" in quant:
        parameters = _gptq_parameters(config)
    else:
        parameters = sum(_safetensors_parameters(p) for p in weights if p.suffix == ".safetensors")
    heads = int(config.get("num_attention_heads", 1))
    kv_heads = int(config.get("num_key_value_heads", heads))
    head_dim = int(config.get("head_dim", int(config.get("hidden_size", 0)) // max(heads, 1)))
    layers = int(config.get("num_hidden_layers", 0))
    return ArtifactInfo(
        path=str(folder),
        format="hf",
        type=quant,
        type_source=source,
        bytes=size,
        parameters=parameters,
        layers=layers,
        kv_bytes_per_token=2 * layers * kv_heads * head_dim * 2,
    )
