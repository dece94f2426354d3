"""Runtime fixtures: one SmolLM2 engine per session (loading is the slow part), single-threaded because the
test machines are shared and llama.cpp's spinning worker threads stall when cores are oversubscribed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from runtime_helpers import open_test_engine

from oyster_edge.runtime.engine import LlamaEngine


@pytest.fixture(scope="session")
def smollm2_engine(smollm2_gguf: Path) -> Iterator[LlamaEngine]:
    engine = open_test_engine(smollm2_gguf, 2048, system_prompt="You are a helpful assistant.")
    yield engine
    engine.close()
