"""Reading a GGUF's header: oyster-edge's reader vs gguf.GGUFReader (the reference), same file, one run.

Every `inspect`, `fit`, `recommend`, `chat MODEL_DIR` and `eval` reads headers; a Qwen3-vocabulary file
(151k tokens and merges) is where the difference shows. Usage: python bench/bench_gguf_header.py FILE.gguf [...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import gguf

from oyster_edge.gguf_info import open_gguf


def best_of(runs: int, read: object, path: Path) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        read(path)  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    for name in sys.argv[1:]:
        path = Path(name)
        ours = best_of(3, open_gguf, path)
        reference = best_of(3, gguf.GGUFReader, path)
        tokens = len(open_gguf(path).fields.get("tokenizer.ggml.tokens") or [])
        print(f"{path.name}: {tokens:,} tokens; ours {ours:.3f} s, gguf.GGUFReader {reference:.3f} s, "
              f"ratio {ours / reference:.3f} (best of 3)")


if __name__ == "__main__":
    main()
