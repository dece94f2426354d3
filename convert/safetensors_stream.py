"""Read safetensors files one tensor (or one slice of rows) at a time, without torch and without mmap.

Reading with explicit file reads keeps resident memory at the size of one chunk: a mapped 30 GB
checkpoint would count its touched pages against the laptop's memory.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from oyster_edge.errors import OysterError

# safetensors dtype -> (numpy dtype used to hold the raw bytes, bytes per element)
RAW_DTYPES: dict[str, np.dtype] = {
    "F32": np.dtype("<f4"),
    "F16": np.dtype("<f2"),
    "BF16": np.dtype("<u2"),  # no numpy bfloat16: kept as raw 16-bit words
    "F64": np.dtype("<f8"),
    "I64": np.dtype("<i8"),
    "I32": np.dtype("<i4"),
    "I16": np.dtype("<i2"),
    "I8": np.dtype("i1"),
    "U8": np.dtype("u1"),
    "BOOL": np.dtype("u1"),
}
MAX_HEADER_BYTES = 100 << 20


@dataclass(frozen=True)
class TensorInfo:
    name: str
    dtype: str
    shape: tuple[int, ...]
    start: int  # absolute file offset
    end: int

    @property
    def numel(self) -> int:
        return math.prod(self.shape)

    @property
    def nbytes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class SafetensorsFile:
    path: Path
    tensors: dict[str, TensorInfo]
    metadata: dict[str, str]

    def read(self, name: str) -> np.ndarray:
        """The whole tensor in its stored dtype (BF16 as uint16 words)."""
        info = self.tensors[name]
        return self.read_rows(name, 0, info.shape[0] if info.shape else 1)

    def read_rows(self, name: str, first: int, count: int) -> np.ndarray:
        info = self.tensors[name]
        dtype = RAW_DTYPES[info.dtype]
        row_shape = info.shape[1:] if info.shape else ()
        row_elems = math.prod(row_shape)
        offset = info.start + first * row_elems * dtype.itemsize
        with self.path.open("rb") as fh:
            fh.seek(offset)
            data = np.fromfile(fh, dtype=dtype, count=count * row_elems)
        if data.size != count * row_elems:
            raise OysterError(f"{self.path} is truncated: tensor {name} ends past the end of the file")
        return data.reshape((count, *row_shape)) if info.shape else data.reshape(())

    def iter_row_chunks(self, name: str, max_bytes: int) -> Iterator[np.ndarray]:
        info = self.tensors[name]
        if len(info.shape) < 2:
            yield self.read(name)
            return
        row_bytes = info.nbytes // info.shape[0]
        rows_per_chunk = max(1, max_bytes // max(row_bytes, 1))
        for first in range(0, info.shape[0], rows_per_chunk):
            yield self.read_rows(name, first, min(rows_per_chunk, info.shape[0] - first))


def open_safetensors(path: Path) -> SafetensorsFile:
    """Parse and validate the header; a truncated or corrupt file raises OysterError naming it."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        prefix = fh.read(8)
        if len(prefix) < 8:
            raise OysterError(f"{path} is not a safetensors file (shorter than its 8-byte header length)")
        (header_len,) = struct.unpack("<Q", prefix)
        if header_len > min(size - 8, MAX_HEADER_BYTES):
            raise OysterError(f"{path} is corrupt or truncated: header length {header_len} exceeds the file")
        try:
            header = json.loads(fh.read(header_len))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise OysterError(f"{path} is corrupt: its safetensors header is not valid JSON") from None
    if not isinstance(header, dict):
        raise OysterError(f"{path} is corrupt: its safetensors header is not a JSON object")
    data_start = 8 + header_len
    metadata = header.pop("__metadata__", None) or {}
    tensors = {name: _tensor_info(path, name, entry, data_start) for name, entry in header.items()}
    data_end = max((t.end for t in tensors.values()), default=data_start)
    if data_end > size:
        raise OysterError(
            f"{path} is truncated: its header describes {data_end - data_start} bytes of tensor data "
            f"but the file holds {size - data_start}"
        )
    return SafetensorsFile(path=path, tensors=tensors, metadata=metadata)


def _tensor_info(path: Path, name: str, entry: object, data_start: int) -> TensorInfo:
    try:
        dtype = entry["dtype"]  # type: ignore[index]
        shape = tuple(int(d) for d in entry["shape"])  # type: ignore[index]
        begin, end = (int(x) for x in entry["data_offsets"])  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        raise OysterError(f"{path} is corrupt: bad header entry for tensor {name}") from None
    if dtype not in RAW_DTYPES:
        raise OysterError(f"{path}: tensor {name} has dtype {dtype}, which oyster-edge cannot read")
    expected = math.prod(shape) * RAW_DTYPES[dtype].itemsize
    if end - begin != expected or begin < 0:
        raise OysterError(f"{path} is corrupt: tensor {name} spans {end - begin} bytes, its shape needs {expected}")
    return TensorInfo(name=name, dtype=dtype, shape=shape, start=data_start + begin, end=data_start + end)


def to_float32(raw: np.ndarray, dtype: str) -> np.ndarray:
    """Widen a chunk read with RAW_DTYPES to float32 (exact for BF16 and F16)."""
    if dtype == "BF16":
        return (raw.astype(np.uint32) << 16).view(np.float32)
    return raw.astype(np.float32, copy=False)
