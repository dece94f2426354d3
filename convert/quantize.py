"""The quant ladder: llama.cpp's own quantizer, called through llama-cpp-python."""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from oyster_edge.errors import OysterError
from oyster_edge.fsutil import atomic_output

DEFAULT_LADDER = ("Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "IQ4_XS", "Q3_K_M", "Q2_K")
# Types llama.cpp refuses (or makes useless) without an importance matrix.
NEEDS_IMATRIX = frozenset({"IQ1_S", "IQ1_M", "IQ2_XXS", "IQ2_XS", "IQ2_S", "IQ2_M", "IQ3_XXS", "Q2_K_S"})
# Approximate bits per weight of each type on a model whose sizes are multiples of 256 (for size estimates).
BITS_PER_WEIGHT = {
    "F32": 32.0,
    "F16": 16.0,
    "BF16": 16.0,
    "Q8_0": 8.5,
    "Q6_K": 6.56,
    "Q5_K_M": 5.69,
    "Q5_K_S": 5.54,
    "Q5_0": 5.5,
    "Q5_1": 6.0,
    "Q4_K_M": 4.89,
    "Q4_K_S": 4.58,
    "Q4_0": 4.5,
    "Q4_1": 5.0,
    "IQ4_XS": 4.25,
    "IQ4_NL": 4.5,
    "Q3_K_L": 4.27,
    "Q3_K_M": 3.91,
    "Q3_K_S": 3.5,
    "IQ3_M": 3.66,
    "IQ3_S": 3.44,
    "IQ3_XS": 3.3,
    "IQ3_XXS": 3.06,
    "Q2_K": 3.35,
    "Q2_K_S": 2.96,
    "IQ2_M": 2.7,
    "IQ2_S": 2.5,
    "IQ2_XS": 2.31,
    "IQ2_XXS": 2.06,
    "IQ1_M": 1.75,
    "IQ1_S": 1.56,
}


def quant_types() -> dict[str, int]:
    """Quant type name -> llama_ftype value, as this llama-cpp-python build knows them."""
    import llama_cpp

    prefix = "LLAMA_FTYPE_MOSTLY_"
    return {
        name[len(prefix) :]: getattr(llama_cpp, name)
        for name in dir(llama_cpp)
        if name.startswith(prefix) and name[len(prefix) :] in BITS_PER_WEIGHT
    }


def parse_ladder(text: str, have_imatrix: bool) -> list[str]:
    names = [part.strip().upper() for part in text.split(",") if part.strip()]
    known = quant_types()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise OysterError(f"unknown quant type(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    blocked = [n for n in names if n in NEEDS_IMATRIX and not have_imatrix]
    if blocked:
        raise OysterError(
            f"{', '.join(blocked)} need an importance matrix: pass --imatrix FILE (a llama.cpp imatrix GGUF, "
            "e.g. from `oyster-edge imatrix`) or drop them from --quants"
        )
    return list(dict.fromkeys(names))


def estimate_quant_bytes(parameter_count: int, quant: str) -> int:
    return int(parameter_count * BITS_PER_WEIGHT[quant] / 8 * 1.1) + (8 << 20)


@contextmanager
def _captured_llama_log(lines: list[str]) -> Iterator[None]:
    """llama.cpp logs every tensor it quantizes: collect its log (for error messages) instead of printing it.

    Restores llama-cpp-python's own callback afterwards (llama-cpp-python is pinned, so its private
    `_logger` module is stable here).
    """
    import llama_cpp
    from llama_cpp import _logger

    @llama_cpp.llama_log_callback
    def collect(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        lines.append(text.decode("utf-8", errors="replace"))
        del lines[:-200]

    llama_cpp.llama_log_set(collect, ctypes.c_void_p(0))
    try:
        yield
    finally:
        llama_cpp.llama_log_set(_logger.llama_log_callback, ctypes.c_void_p(0))


def kv_overrides(metadata: dict[str, str | int]) -> ctypes.Array:
    """A llama_model_kv_override array ending with an empty key, as llama_model_quantize reads it.

    llama.cpp keeps 127 bytes of a string value; longer text is cut at a UTF-8 character boundary.
    """
    import llama_cpp

    array = (llama_cpp.llama_model_kv_override * (len(metadata) + 1))()
    for entry, (key, value) in zip(array, metadata.items(), strict=False):
        if len(key.encode()) > 127:
            raise ValueError(f"GGUF key {key!r} is longer than llama.cpp's 127 bytes")
        entry.key = key.encode()
        if isinstance(value, int):
            entry.tag = llama_cpp.LLAMA_KV_OVERRIDE_TYPE_INT
            entry.value.val_i64 = value
        else:
            entry.tag = llama_cpp.LLAMA_KV_OVERRIDE_TYPE_STR
            entry.value.val_str = value.encode()[:127].decode("utf-8", "ignore").encode()
    array[len(metadata)].key = b""
    return array


def quantize_gguf(
    source: Path,
    out_path: Path,
    quant: str,
    *,
    threads: int,
    imatrix: ctypes.Array | None = None,
    metadata: dict[str, str | int] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> None:
    """Quantize `source` to `out_path` (written under a temporary name, renamed when llama.cpp succeeds).

    `metadata` adds string/integer keys to the output's GGUF header (llama-quantize records its imatrix
    this way). llama_model_quantize blocks and offers no progress callback, so it runs in a thread while
    this thread reports the growing size of the temporary file.
    """
    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = quant_types()[quant]
    params.nthread = threads
    params.allow_requantize = True
    if imatrix is not None:
        params.imatrix = ctypes.cast(imatrix, ctypes.POINTER(llama_cpp.llama_model_imatrix_data))
    if metadata:
        overrides = kv_overrides(metadata)  # a local: it must outlive the llama_model_quantize call below
        params.kv_overrides = ctypes.cast(overrides, ctypes.POINTER(llama_cpp.llama_model_kv_override))
    status: list[int] = []
    log: list[str] = []
    with atomic_output(out_path) as tmp, _captured_llama_log(log):

        def run() -> None:
            status.append(llama_cpp.llama_model_quantize(str(source).encode(), str(tmp).encode(), ctypes.byref(params)))

        worker = threading.Thread(target=run, name=f"quantize-{quant}", daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(timeout=0.2)
            if on_progress and tmp.exists():
                on_progress(tmp.stat().st_size)
        if not status or status[0] != 0:
            last_error = next((line.strip() for line in reversed(log) if line.strip()), "no log")
            raise OysterError(
                f"llama.cpp failed to quantize {source.name} to {quant} ({last_error}); no file was written"
            )
        if on_progress:
            on_progress(tmp.stat().st_size)
