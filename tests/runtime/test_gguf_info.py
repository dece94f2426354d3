"""Damaged, foreign and missing model files give one clear OysterError."""

from __future__ import annotations

from pathlib import Path

import pytest

from oyster_edge.errors import OysterError
from oyster_edge.runtime.gguf_info import read_gguf_info


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(OysterError, match="does not exist"):
        read_gguf_info(tmp_path / "nope.gguf")


def test_not_a_gguf(tmp_path: Path) -> None:
    path = tmp_path / "model.gguf"
    path.write_text("<html>404 not found</html>")
    with pytest.raises(OysterError, match="not a GGUF"):
        read_gguf_info(path)


@pytest.mark.parametrize("keep", [1000, -4096])
def test_truncated_gguf(smollm2_gguf: Path, tmp_path: Path, keep: int) -> None:
    """Cut inside the header, and cut off the end of the last tensor (header intact)."""
    path = tmp_path / "cut.gguf"
    path.write_bytes(smollm2_gguf.read_bytes()[:keep])
    with pytest.raises(OysterError, match="truncated|damaged"):
        read_gguf_info(path)


def test_header_figures_of_smollm2(smollm2_gguf: Path) -> None:
    info = read_gguf_info(smollm2_gguf)
    assert (info.architecture, info.quant, info.layers, info.kv_heads, info.head_dim_k) == ("llama", "Q4_1", 30, 3, 64)
    assert info.context_length == 8192 and info.eos_token == "<|im_end|>" and 2 in info.stop_token_ids
    assert 0 < info.weight_bytes < info.file_bytes
