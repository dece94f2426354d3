"""Token-level agreement of a candidate with the reference, defined as `llama-perplexity --kl-divergence` does.

Per scored token (a position whose next token is a response token):
- KLD = sum_i p_ref(i) * (log p_ref(i) - log p_cand(i));
- same top = argmax of the candidate's logits equals the reference's most likely token;
- nll = -log p(next token); PPL ratio = exp(mean nll_cand - mean nll_ref);
- dp = p_cand(next token) - p_ref(next token); RMS dp = sqrt(mean dp^2).
Percentiles interpolate linearly between sorted values; the median averages the middle two, as llama.cpp does.

The reference keeps only its top-k log-probs per position (normalised over the FULL vocabulary) plus the
exact log-prob of the next token. llama.cpp instead stores every logit (uint16-quantised, values below
max-16 clamped and tokens with p_ref < e^-16 dropped from the sum). Here the tokens outside the top k are
merged into one "tail" bucket of mass r = 1 - sum(top-k p_ref): the estimate is
    KLD_k = sum_{top k} p log(p/q) + r log(r / q_tail)
and by the log-sum inequality KLD_k <= KLD, with the gap exactly r * KL(p_tail/r || q_tail/q_tail_mass):
the tail's own divergence weighted by its mass. The mean tail mass is reported with every run
(`ref_tail_mass`) so the size of the approximation is visible; bench/bench_eval.py measures the gap
against the exact full-vocabulary KLD.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass
class ReferenceTokens:
    """The cached reference view of one item's scored tokens."""

    targets: np.ndarray  # int32 [n]: the next token at each scored position
    topk_ids: np.ndarray  # int32 [n, k], most likely first
    topk_logp: np.ndarray  # float32 [n, k]
    target_logp: np.ndarray  # float32 [n]


def log_sum_exp(logits: np.ndarray) -> np.ndarray:
    """float64 [n]: log of the softmax normaliser of each row, summed in double precision."""
    peak = logits.max(axis=1)
    total = np.exp(logits - peak[:, None]).sum(axis=1, dtype=np.float64)
    return peak.astype(np.float64) + np.log(total)


def reference_view(logits: np.ndarray, targets: np.ndarray, k: int) -> ReferenceTokens:
    logits = logits.astype(np.float32, copy=False)
    lse = log_sum_exp(logits)
    k = min(k, logits.shape[1])
    part = np.argpartition(-logits, k - 1, axis=1)[:, :k]
    part_logits = np.take_along_axis(logits, part, axis=1)
    order = np.argsort(-part_logits, axis=1, kind="stable")
    ids = np.take_along_axis(part, order, axis=1).astype(np.int32)
    top = np.take_along_axis(part_logits, order, axis=1) - lse[:, None]
    target_logit = np.take_along_axis(logits, targets[:, None].astype(np.int64), axis=1)[:, 0]
    return ReferenceTokens(
        targets.astype(np.int32), ids, top.astype(np.float32), (target_logit - lse).astype(np.float32)
    )


@dataclass
class TokenComparison:
    kld: np.ndarray  # float64 [n]
    same_top: np.ndarray  # bool [n]
    nll: np.ndarray  # candidate
    nll_ref: np.ndarray
    p_diff: np.ndarray
    tail_mass: np.ndarray  # the reference's mass outside its top k


def compare(candidate_logits: np.ndarray, ref: ReferenceTokens) -> TokenComparison:
    logits = candidate_logits.astype(np.float32, copy=False)
    lse = log_sum_exp(logits)
    logp_top = ref.topk_logp.astype(np.float64)
    p_top = np.exp(logp_top)
    logq_top = np.take_along_axis(logits, ref.topk_ids.astype(np.int64), axis=1) - lse[:, None]
    head = (p_top * (logp_top - logq_top)).sum(axis=1)
    tail_p = np.clip(1.0 - p_top.sum(axis=1), 0.0, 1.0)
    tail_q = np.clip(1.0 - np.exp(logq_top).sum(axis=1), 1e-30, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        tail = np.where(tail_p > 1e-12, tail_p * (np.log(tail_p) - np.log(tail_q)), 0.0)
    target_logit = np.take_along_axis(logits, ref.targets[:, None].astype(np.int64), axis=1)[:, 0]
    nll = lse - target_logit
    nll_ref = -ref.target_logp.astype(np.float64)
    return TokenComparison(
        kld=head + tail,
        same_top=np.argmax(logits, axis=1) == ref.topk_ids[:, 0],
        nll=nll,
        nll_ref=nll_ref,
        p_diff=np.exp(-nll) - np.exp(-nll_ref),
        tail_mass=tail_p,
    )


def concat(parts: list[TokenComparison]) -> TokenComparison:
    if not parts:
        empty = np.zeros(0)
        return TokenComparison(empty, np.zeros(0, dtype=bool), empty, empty, empty, empty)
    return TokenComparison(*(np.concatenate([getattr(p, f) for p in parts]) for f in TokenComparison.__annotations__))


def percentile(sorted_values: np.ndarray, fraction: float) -> float:
    """llama.cpp's linear interpolation between sorted values."""
    if fraction <= 0:
        return float(sorted_values[0])
    if fraction >= 1:
        return float(sorted_values[-1])
    position = fraction * (len(sorted_values) - 1)
    low = int(position)
    weight = position - low
    high = min(low + 1, len(sorted_values) - 1)
    return float((1 - weight) * sorted_values[low] + weight * sorted_values[high])


def median(sorted_values: np.ndarray) -> float:
    n = len(sorted_values)
    if n % 2 == 0:
        return float(0.5 * (sorted_values[n // 2] + sorted_values[n // 2 - 1]))
    return float(sorted_values[n // 2])


def _mean_and_uncertainty(values: np.ndarray) -> tuple[float, float]:
    n = len(values)
    mean = float(values.mean())
    variance = float((values**2).mean() - mean * mean)
    return mean, (math.sqrt(variance / (n - 1)) if variance > 0 and n > 10 else 0.0)


def summarize(tokens: TokenComparison) -> dict[str, float | int | None]:
    """The figures llama-perplexity prints, from the per-token values."""
    n = len(tokens.kld)
    if n == 0:
        return {"n_tokens": 0, "mean_kld": None, "top1_agreement": None, "ppl_ratio": None, "rms_dp": None}
    kld_sorted = np.sort(tokens.kld)
    mean_kld, kld_unc = _mean_and_uncertainty(tokens.kld)
    same_top = float(tokens.same_top.mean())
    ln_ratio = float(tokens.nll.mean() - tokens.nll_ref.mean())
    mse_dp, _ = _mean_and_uncertainty(tokens.p_diff**2)
    return {
        "n_tokens": n,
        "mean_kld": mean_kld,
        "mean_kld_uncertainty": kld_unc,
        "kld_median": median(kld_sorted),
        "kld_p90": percentile(kld_sorted, 0.90),
        "kld_p99": percentile(kld_sorted, 0.99),
        "kld_max": float(kld_sorted[-1]),
        "top1_agreement": same_top,
        "top1_uncertainty": math.sqrt(same_top * (1 - same_top) / (n - 1)) if n > 1 else 0.0,
        "ppl": math.exp(float(tokens.nll.mean())),
        "ppl_ref": math.exp(float(tokens.nll_ref.mean())),
        "ln_ppl_ratio": ln_ratio,
        "ppl_ratio": math.exp(ln_ratio),
        "mean_dp": float(tokens.p_diff.mean()),
        "rms_dp": math.sqrt(max(mse_dp, 0.0)),
        "ref_tail_mass": float(tokens.tail_mass.mean()),
    }
