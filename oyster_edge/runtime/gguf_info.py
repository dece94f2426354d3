"""What the runtime needs to know about a GGUF, read from its header alone (no llama.cpp load)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oyster_edge.errors import OysterError
from oyster_edge.gguf_info import GgufHeader, field_value, file_type_name, open_gguf
from oyster_edge.manifest import imatrix_kind, imatrix_record_from_header


@dataclass(frozen=True)
class GGUFInfo:
    path: Path
    name: str
    architecture: str
    quant: str
    file_bytes: int
    weight_bytes: int
    parameters: int
    layers: int
    heads: int
    kv_heads: int
    head_dim_k: int
    head_dim_v: int
    embedding_length: int
    feed_forward_length: int
    vocab_size: int
    context_length: int
    chat_template: str | None
    bos_token: str
    eos_token: str
    stop_token_ids: tuple[int, ...]
    imatrix_kind: str = "none"  # from the quantize.imatrix.* header keys: none / generic / custom / safety

    @property
    def bits_per_weight(self) -> float:
        return 8 * self.weight_bytes / self.parameters if self.parameters else 0.0


def _per_layer_max(value: Any, default: int) -> int:
    """Some architectures store head counts per layer (a list); the KV cache is sized by the largest."""
    if value is None:
        return default
    if isinstance(value, list):
        return max((int(v) for v in value), default=default)
    return int(value)


def _token_text(tokens: list[str] | None, token_id: int | None) -> str:
    if tokens is None or token_id is None or not 0 <= token_id < len(tokens):
        return ""
    return tokens[token_id]


def _stop_ids(reader: GgufHeader, tokens: list[str] | None) -> tuple[int, ...]:
    ids = {
        int(v)
        for key in ("eos_token_id", "eot_token_id", "eom_token_id")
        if (v := field_value(reader, f"tokenizer.ggml.{key}")) is not None
    }
    if tokens is not None:
        # Chat models often end a turn with a token the metadata does not call EOS (Qwen's <|im_end|>).
        ids |= {i for i, text in enumerate(tokens) if text in ("<|im_end|>", "<|eot_id|>", "<|end|>")}
    return tuple(sorted(ids))


def read_gguf_info(path: Path) -> GGUFInfo:
    """Read the header; raise OysterError for a missing, foreign, corrupt or truncated file.

    Results are kept per (path, size, mtime) for the life of the process."""
    path = Path(path)
    if not path.is_file():
        open_gguf(path, what="model file")  # raises the error that says what is wrong with the path
    stat = path.stat()
    return _read_gguf_info(path.resolve(), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _read_gguf_info(path: Path, size: int, mtime_ns: int) -> GGUFInfo:
    reader = open_gguf(path, what="model file")
    if not reader.tensors:
        raise OysterError(f"{path} holds no tensors; copy or convert it again")
    file_bytes = size
    arch = field_value(reader, "general.architecture")
    if not arch:
        raise OysterError(f"{path} has no general.architecture in its metadata; it is not a model GGUF")

    def arch_value(key: str, default: Any = None) -> Any:
        return field_value(reader, f"{arch}.{key}", default)

    heads = _per_layer_max(arch_value("attention.head_count"), 0)
    embedding = int(arch_value("embedding_length", 0))
    head_dim = embedding // heads if heads else 0
    tokens = field_value(reader, "tokenizer.ggml.tokens")
    vocab = int(arch_value("vocab_size", len(tokens) if tokens else 0))
    return GGUFInfo(
        path=path,
        name=str(field_value(reader, "general.name", path.stem)),
        architecture=str(arch),
        quant=file_type_name(field_value(reader, "general.file_type")) or "unknown",
        file_bytes=file_bytes,
        weight_bytes=sum(int(t.n_bytes) for t in reader.tensors),
        parameters=sum(int(t.n_elements) for t in reader.tensors),
        layers=int(arch_value("block_count", 0)),
        heads=heads,
        kv_heads=_per_layer_max(arch_value("attention.head_count_kv"), heads),
        head_dim_k=int(arch_value("attention.key_length", head_dim)),
        head_dim_v=int(arch_value("attention.value_length", head_dim)),
        embedding_length=embedding,
        feed_forward_length=_per_layer_max(arch_value("feed_forward_length"), 4 * embedding),
        vocab_size=vocab,
        context_length=int(arch_value("context_length", 2048)),
        chat_template=field_value(reader, "tokenizer.chat_template"),
        bos_token=_token_text(tokens, field_value(reader, "tokenizer.ggml.bos_token_id")),
        eos_token=_token_text(tokens, field_value(reader, "tokenizer.ggml.eos_token_id")),
        stop_token_ids=_stop_ids(reader, tokens),
        imatrix_kind=imatrix_kind(imatrix_record_from_header(reader.fields)),
    )
