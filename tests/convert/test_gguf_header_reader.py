"""oyster-edge's lean GGUF header reader gives what gguf.GGUFReader gives, without indexing every token."""

from __future__ import annotations

from pathlib import Path

import gguf
import numpy as np
import pytest

from oyster_edge.errors import OysterError
from oyster_edge.gguf_info import open_gguf


def _reader_fields(path: Path) -> dict:
    fields = {}
    for key, field in gguf.GGUFReader(path).fields.items():
        if key.startswith("GGUF."):  # the reader's own pseudo-fields (version, counts)
            continue
        value = field.contents()
        fields[key] = value.tolist() if isinstance(value, np.ndarray) else value
    return fields


@pytest.mark.parametrize("model", ["tiny_qwen3_gguf", "smollm2_gguf"])
def test_fields_and_tensor_table_match_gguf_reader(model: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(model)
    header = open_gguf(path)
    expected = _reader_fields(path)
    assert header.fields.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, float):
            assert header.fields[key] == pytest.approx(value), key
        else:
            assert header.fields[key] == value, key
    reference = gguf.GGUFReader(path).tensors
    assert [(t.name, t.shape, t.tensor_type, t.n_elements, t.n_bytes, t.data_offset) for t in header.tensors] == [
        (t.name, tuple(int(d) for d in t.shape), t.tensor_type, int(t.n_elements), int(t.n_bytes), int(t.data_offset))
        for t in reference
    ]


def test_damage_anywhere_in_the_header_is_a_clear_error(tiny_qwen3_gguf: Path, tmp_path: Path) -> None:
    data = tiny_qwen3_gguf.read_bytes()
    header_end = open_gguf(tiny_qwen3_gguf).tensors[0].data_offset
    for cut in (8, 40, header_end // 2, header_end - 10):
        damaged = tmp_path / f"cut-{cut}.gguf"
        damaged.write_bytes(data[:cut])
        with pytest.raises(OysterError, match="truncated or corrupt|truncated"):
            open_gguf(damaged)
    tail_cut = tmp_path / "tail.gguf"
    tail_cut.write_bytes(data[:-100])
    with pytest.raises(OysterError, match="is truncated: its tensors need"):
        open_gguf(tail_cut)
