"""The token-level statistics, checked against a direct full-vocabulary computation."""

from __future__ import annotations

import numpy as np
import pytest

from oyster_edge.evals.tokenstats import compare, median, percentile, reference_view, summarize


def _full_kld(ref_logits: np.ndarray, cand_logits: np.ndarray) -> np.ndarray:
    def log_softmax(x: np.ndarray) -> np.ndarray:
        x = x.astype(np.float64)
        return x - np.log(np.exp(x - x.max(1, keepdims=True)).sum(1, keepdims=True)) - x.max(1, keepdims=True)

    p, q = log_softmax(ref_logits), log_softmax(cand_logits)
    return (np.exp(p) * (p - q)).sum(1)


@pytest.fixture
def logits() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    ref = (rng.normal(size=(40, 500)) * 3).astype(np.float32)
    cand = ref + (rng.normal(size=ref.shape) * 0.2).astype(np.float32)
    return ref, cand, rng.integers(0, 500, 40)


def test_full_topk_equals_exact_kld(logits):
    ref, cand, targets = logits
    tokens = compare(cand, reference_view(ref, targets, k=500))
    np.testing.assert_allclose(tokens.kld, _full_kld(ref, cand), atol=2e-5)
    assert np.all(tokens.tail_mass < 1e-5)


def test_small_topk_is_a_lower_bound_with_its_tail_reported(logits):
    ref, cand, targets = logits
    exact = _full_kld(ref, cand)
    approx = compare(cand, reference_view(ref, targets, k=16))
    assert np.all(approx.kld <= exact + 1e-9)
    assert approx.kld.mean() > 0.5 * exact.mean()
    assert 0 < approx.tail_mass.mean() < 1


def test_identical_logits_give_zero_divergence(logits):
    ref, _, targets = logits
    figures = summarize(compare(ref, reference_view(ref, targets, k=32)))
    assert figures["mean_kld"] == pytest.approx(0, abs=1e-9)
    assert figures["top1_agreement"] == 1.0
    assert figures["ppl_ratio"] == pytest.approx(1.0, abs=1e-6)
    assert figures["rms_dp"] == pytest.approx(0.0, abs=1e-6)


def test_next_token_figures_match_their_definitions(logits):
    ref, cand, targets = logits
    figures = summarize(compare(cand, reference_view(ref, targets, k=8)))

    def nll(x: np.ndarray) -> np.ndarray:
        x = x.astype(np.float64)
        lse = np.log(np.exp(x - x.max(1, keepdims=True)).sum(1)) + x.max(1)
        return lse - x[np.arange(len(x)), targets]

    assert figures["ppl_ratio"] == pytest.approx(np.exp(nll(cand).mean() - nll(ref).mean()), rel=1e-5)
    dp = np.exp(-nll(cand)) - np.exp(-nll(ref))
    assert figures["rms_dp"] == pytest.approx(np.sqrt((dp**2).mean()), rel=1e-4)
    assert figures["top1_agreement"] == pytest.approx((cand.argmax(1) == ref.argmax(1)).mean())


def test_percentiles_interpolate_like_llama_perplexity():
    values = np.array([0.0, 1.0, 2.0, 10.0])
    assert percentile(values, 0.5) == pytest.approx(1.5)
    assert percentile(values, 0.9) == pytest.approx(2 + 0.7 * 8)
    assert percentile(values, 1.0) == 10.0
    assert median(values) == 1.5
    assert median(np.array([1.0, 3.0, 7.0])) == 3.0
