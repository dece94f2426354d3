"""imatrix on the tiny Qwen3: names and shapes, llama.cpp's file layout, round trip, errors, quantizing with it."""

from __future__ import annotations

import ctypes
from pathlib import Path

import gguf
import numpy as np
import pytest

from oyster_edge.convert.imatrix import (
    Imatrix,
    compute_imatrix,
    load_imatrix_for_quantizer,
    read_imatrix,
    write_imatrix,
)
from oyster_edge.convert.imatrix_cli import CalibrationChoice, calibration_texts
from oyster_edge.convert.quantize import quantize_gguf
from oyster_edge.convert.source import resolve_source
from oyster_edge.errors import OysterError
from oyster_edge.fsutil import sha256_file

PROJECTIONS = ("attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down")


@pytest.fixture(scope="module")
def tiny_imatrix(tiny_qwen3_hf: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Imatrix, Path]:
    source = resolve_source(str(tiny_qwen3_hf))
    texts = calibration_texts(source.path, CalibrationChoice())
    progress: list[tuple[int, int]] = []
    imatrix = compute_imatrix(source, texts, seq_len=64, max_tokens=512, datasets=["builtin"],
                              on_progress=lambda done, total: progress.append((done, total)))
    assert progress[-1] == (8, 8)
    path = tmp_path_factory.mktemp("imatrix") / "imatrix.gguf"
    write_imatrix(imatrix, path)
    return imatrix, path


def test_names_and_shapes_match_the_gguf_weights(tiny_imatrix: tuple[Imatrix, Path], tiny_qwen3_gguf: Path) -> None:
    imatrix, _ = tiny_imatrix
    weights = {t.name: t for t in gguf.GGUFReader(tiny_qwen3_gguf).tensors}
    expected = {f"blk.{layer}.{p}.weight" for layer in range(2) for p in PROJECTIONS}
    assert set(imatrix.sums) == expected  # tied lm_head: no output.weight
    for name in expected:
        n_in = int(weights[name].shape[0])  # ggml ne[0]: the input channels
        assert imatrix.sums[name].shape == (1, n_in)
        assert imatrix.counts[name].tolist() == [512.0]
        assert (imatrix.sums[name] > 0).all()
    # attn_q/k/v read the same normalized hidden states, so they see the same activations
    np.testing.assert_allclose(imatrix.sums["blk.0.attn_q.weight"], imatrix.sums["blk.0.attn_v.weight"], rtol=1e-6)
    assert imatrix.chunk_count == 8 and imatrix.chunk_size == 64 and imatrix.token_count == 512


def test_file_has_llama_cpp_layout(tiny_imatrix: tuple[Imatrix, Path]) -> None:
    imatrix, path = tiny_imatrix
    reader = gguf.GGUFReader(path)
    assert reader.fields["general.type"].contents() == "imatrix"
    assert reader.fields["imatrix.datasets"].contents() == ["builtin"]
    assert reader.fields["imatrix.chunk_count"].contents() == 8
    assert reader.fields["imatrix.chunk_size"].contents() == 64
    tensors = {t.name: t for t in reader.tensors}
    assert len(tensors) == 2 * len(imatrix.sums)
    sums, counts = tensors["blk.1.ffn_down.weight.in_sum2"], tensors["blk.1.ffn_down.weight.counts"]
    assert sums.tensor_type == gguf.GGMLQuantizationType.F32 and list(sums.shape) == [128, 1]
    assert counts.tensor_type == gguf.GGMLQuantizationType.F32 and list(counts.shape) == [1, 1]


def test_round_trip(tiny_imatrix: tuple[Imatrix, Path]) -> None:
    imatrix, path = tiny_imatrix
    back = read_imatrix(path)
    assert back.sums.keys() == imatrix.sums.keys()
    for name in imatrix.sums:
        np.testing.assert_array_equal(back.sums[name], imatrix.sums[name])
        np.testing.assert_array_equal(back.counts[name], imatrix.counts[name])
    assert (back.datasets, back.chunk_count, back.chunk_size) == (["builtin"], 8, 64)


def test_quantizer_array_is_null_terminated_means(tiny_imatrix: tuple[Imatrix, Path]) -> None:
    imatrix, path = tiny_imatrix
    array, info = load_imatrix_for_quantizer(path)
    assert len(array) == len(imatrix.sums) + 1 and array[len(array) - 1].name is None
    first = array[0].name.decode()
    values = np.ctypeslib.as_array(ctypes.cast(array[0].data, ctypes.POINTER(ctypes.c_float)), (array[0].size,))
    np.testing.assert_allclose(values, imatrix.sums[first][0] / 512.0, rtol=1e-6)
    assert info == {"path": str(path), "sha256": sha256_file(path), "datasets": ["builtin"], "chunk_count": 8,
                    "chunk_size": 64, "token_count": 512, "entries_count": len(imatrix.sums)}


def test_damaged_or_foreign_files_are_refused(tiny_imatrix: tuple[Imatrix, Path], tmp_path: Path) -> None:
    _, path = tiny_imatrix
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(OysterError, match="damaged"):
        read_imatrix(cut)
    legacy = tmp_path / "imatrix.dat"
    legacy.write_bytes(np.array([1], dtype=np.int32).tobytes() + b"\x00" * 32)
    with pytest.raises(OysterError, match="legacy .dat"):
        read_imatrix(legacy)
    with pytest.raises(OysterError, match="does not exist"):
        read_imatrix(tmp_path / "missing.gguf")


def test_model_gguf_is_not_an_imatrix(tiny_qwen3_gguf: Path) -> None:
    with pytest.raises(OysterError, match="not a llama.cpp imatrix"):
        read_imatrix(tiny_qwen3_gguf)


def test_quantizing_with_the_imatrix(tiny_imatrix: tuple[Imatrix, Path], tiny_qwen3_gguf: Path, tmp_path: Path) -> None:
    _, path = tiny_imatrix
    array, _ = load_imatrix_for_quantizer(path)
    plain, weighted = tmp_path / "plain.gguf", tmp_path / "weighted.gguf"
    quantize_gguf(tiny_qwen3_gguf, plain, "Q4_K_M", threads=1)
    quantize_gguf(tiny_qwen3_gguf, weighted, "Q4_K_M", threads=1, imatrix=array)
    assert sha256_file(plain) != sha256_file(weighted)
    iq2 = tmp_path / "iq2.gguf"
    quantize_gguf(tiny_qwen3_gguf, iq2, "IQ2_XXS", threads=1, imatrix=array)
    assert iq2.stat().st_size > 0


# Made by llama.cpp's own tool (llama-imatrix from the llama-cpp-python 0.3.36 sdist) on a Tiny-Qwen3 F16 GGUF:
#   llama-imatrix -m Tiny-Qwen3-F16.gguf -f calib.txt -o llama-imatrix-tiny-qwen3.gguf -c 64 -b 64 --chunks 8 \
#       --no-ppl --output-format gguf
# Only the matrices' shapes matter here (hidden 64, 2 layers), and they do not depend on the tokenizer.
LLAMA_MADE = Path(__file__).parent / "data" / "llama-imatrix-tiny-qwen3.gguf"


def test_an_imatrix_written_by_llama_cpp_is_read_and_used(tiny_imatrix: tuple[Imatrix, Path], tiny_qwen3_gguf: Path,
                                                          tmp_path: Path) -> None:
    theirs = read_imatrix(LLAMA_MADE)
    ours, _ = tiny_imatrix
    assert set(theirs.sums) == set(ours.sums)
    assert all(theirs.sums[name].shape == ours.sums[name].shape for name in ours.sums)
    assert (theirs.datasets, theirs.chunk_count, theirs.chunk_size, theirs.token_count) == (["calib.txt"], 8, 64, 512)
    array, info = load_imatrix_for_quantizer(LLAMA_MADE)
    plain, weighted = tmp_path / "plain.gguf", tmp_path / "weighted.gguf"
    quantize_gguf(tiny_qwen3_gguf, plain, "Q4_0", threads=2)
    quantize_gguf(tiny_qwen3_gguf, weighted, "Q4_0", threads=2, imatrix=array)
    assert sha256_file(plain) != sha256_file(weighted)
    assert info["datasets"] == ["calib.txt"] and info["entries_count"] == 14
