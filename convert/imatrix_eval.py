"""Does an imatrix help? Mean KL divergence of a quant's next-token distribution from the F16 model's,
on conversations held out from calibration (llama-cpp-python, logits for every position)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np


def _load(model_path: Path, n_ctx: int) -> Any:
    from llama_cpp import Llama

    return Llama(model_path=str(model_path), n_ctx=n_ctx, logits_all=True, verbose=False, n_threads=2,
                 n_batch=n_ctx)


def eval_chunks(model_path: Path, texts: list[str], seq_len: int, max_tokens: int) -> list[list[int]]:
    """The texts tokenized by the GGUF's own tokenizer, concatenated, cut into seq_len chunks."""
    llm = _load(model_path, seq_len)
    ids: list[int] = []
    for text in texts:
        ids.extend(llm.tokenize(text.encode(), add_bos=False, special=True))
    ids = ids[:max_tokens]
    return [ids[start:start + seq_len] for start in range(0, len(ids), seq_len) if len(ids) - start >= 16]


def _log_probs(llm: Any, chunk: list[int]) -> np.ndarray:
    llm.reset()
    llm.eval(chunk)
    logits = np.array(llm.scores[: len(chunk)], dtype=np.float64)
    logits -= logits.max(axis=1, keepdims=True)
    return logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))


class KldReference:
    """The F16 model's log-probabilities on the evaluation chunks, computed once for many candidates."""

    def __init__(self, reference: Path, chunks: list[list[int]]) -> None:
        self.chunks = chunks
        self.seq_len = max(len(chunk) for chunk in chunks)
        llm = _load(reference, self.seq_len)
        self.log_probs = [_log_probs(llm, chunk).astype(np.float32) for chunk in chunks]

    def mean_kld(self, candidate: Path) -> float:
        """Mean over all positions of KL(reference || candidate)."""
        llm = _load(candidate, self.seq_len)
        total, count = 0.0, 0
        for chunk, reference in zip(self.chunks, self.log_probs, strict=True):
            ref = reference.astype(np.float64)
            kld = (np.exp(ref) * (ref - _log_probs(llm, chunk))).sum(axis=1)
            total += float(kld.sum())
            count += len(chunk)
        return total / count


def quantize_variants(f16: Path, out_dir: Path, quant: str, imatrices: dict[str, Path | None]) -> dict[str, Path]:
    """One file per label (a None path: no imatrix), all quantized from the same F16 GGUF."""
    from oyster_edge.convert.imatrix import load_imatrix_for_quantizer
    from oyster_edge.convert.quantize import quantize_gguf

    outputs = {}
    for label, path in imatrices.items():
        out = out_dir / f"{quant}-{label}.gguf"
        if not out.exists():
            array = None if path is None else load_imatrix_for_quantizer(path)[0]
            quantize_gguf(f16, out, quant, threads=2, imatrix=array)
        outputs[label] = out
    return outputs


def smollm2_f16(work_dir: Path, q4_gguf: Path, console: Any) -> tuple[Path, Path]:
    """SmolLM2 as an HF folder (dequantized from its Q4_1 GGUF) and that folder converted by us to F16."""
    from oyster_edge.convert.demo import gguf_to_hf_folder
    from oyster_edge.convert.source import resolve_source
    from oyster_edge.convert.to_gguf import write_gguf

    folder = gguf_to_hf_folder(q4_gguf, work_dir / "SmolLM2-135M-Instruct", console)
    f16 = work_dir / "SmolLM2-135M-Instruct-F16.gguf"
    if not f16.exists():
        write_gguf(resolve_source(str(folder)), f16, "f16")
    return folder, f16
