"""What a GGUF file holds, read from its header with the gguf package (no weights loaded)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import gguf
import numpy as np

from oyster_edge.errors import OysterError

GGUF_MAGIC = b"GGUF"


@dataclass
class GgufInfo:
    path: str
    file_bytes: int
    architecture: str
    parameters: int
    tensor_bytes: int
    bits_per_weight: float
    context_length: int | None
    file_type: str | None
    tensor_types: dict[str, int]
    tokenizer_model: str | None
    tokenizer_pre: str | None
    has_chat_template: bool
    general: dict[str, Any] = field(default_factory=dict)
    hyperparameters: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def open_gguf(path: Path, what: str = "GGUF file") -> gguf.GGUFReader:
    """GGUFReader with one clear error for a missing, foreign, corrupt or truncated file."""
    path = Path(path)
    if not path.exists():
        raise OysterError(f"{what} {path} does not exist; check the path")
    if path.is_dir():
        raise OysterError(f"{path} is a folder, not a GGUF file")
    with path.open("rb") as fh:
        if fh.read(4) != GGUF_MAGIC:
            raise OysterError(f"{path} is not a GGUF file (it does not start with the GGUF magic bytes)")
    try:
        reader = gguf.GGUFReader(path)
    except Exception as exc:  # the reader raises ValueError, IndexError, struct errors... on bad files
        raise OysterError(
            f"{path} is not a readable GGUF file: truncated or corrupt ({type(exc).__name__}: {exc})"
        ) from None
    size = path.stat().st_size
    end = max((int(t.data_offset) + int(t.n_bytes) for t in reader.tensors), default=0)
    if end > size:
        raise OysterError(f"{path} is truncated: its tensors need {end} bytes, the file has {size}")
    return reader


def field_value(reader: gguf.GGUFReader, key: str, default: Any = None) -> Any:
    """A metadata value as plain Python, or `default` when absent or unreadable."""
    found = reader.get_field(key)
    if found is None:
        return default
    try:
        value = found.contents()
    except (IndexError, ValueError, UnicodeDecodeError):
        return default
    return value.tolist() if isinstance(value, np.ndarray) else value


def read_info(path: Path) -> GgufInfo:
    reader = open_gguf(path)
    arch = str(field_value(reader, "general.architecture") or "unknown")
    parameters = sum(int(t.n_elements) for t in reader.tensors)
    tensor_bytes = sum(int(t.n_bytes) for t in reader.tensors)
    file_type = field_value(reader, "general.file_type")
    general: dict[str, Any] = {}
    hyper: dict[str, Any] = {}
    for key in reader.fields:
        if key.startswith("general.") and key not in ("general.architecture", "general.file_type"):
            general[key.removeprefix("general.")] = _short(field_value(reader, key))
        elif key.startswith(f"{arch}."):
            hyper[key.removeprefix(f"{arch}.")] = _short(field_value(reader, key))
    return GgufInfo(
        path=str(path),
        file_bytes=path.stat().st_size,
        architecture=arch,
        parameters=parameters,
        tensor_bytes=tensor_bytes,
        bits_per_weight=round(tensor_bytes * 8 / parameters, 3) if parameters else 0.0,
        context_length=field_value(reader, f"{arch}.context_length"),
        file_type=file_type_name(file_type),
        tensor_types=dict(Counter(t.tensor_type.name for t in reader.tensors).most_common()),
        tokenizer_model=field_value(reader, "tokenizer.ggml.model"),
        tokenizer_pre=field_value(reader, "tokenizer.ggml.pre"),
        has_chat_template=reader.get_field("tokenizer.chat_template") is not None,
        general=general,
        hyperparameters=hyper,
    )


def file_type_name(value: Any) -> str | None:
    """general.file_type as llama.cpp names the quant ("Q4_K_M", "F16", "F32")."""
    if value is None:
        return None
    try:
        return gguf.LlamaFileType(int(value)).name.removeprefix("MOSTLY_").removeprefix("ALL_")
    except ValueError:
        return f"type{value}"


def _short(value: Any) -> Any:
    if isinstance(value, list) and len(value) > 8:
        return f"[{len(value)} items]"
    return value
