"""Which response option a model prefers: length-normalised log-likelihood, compared by Kendall tau."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from oyster_edge.evals.backends import ModelRunner
from oyster_edge.evals.tokenstats import log_sum_exp


def option_scores(model: ModelRunner, query: str, options: Sequence[str]) -> list[float]:
    """Mean log-probability per token of each option as the answer to `query` (higher = preferred)."""
    scores: list[float] = []
    for option in options:
        encoded = model.encode(query, option)
        logits = model.logits(encoded.tokens, encoded.scored_positions)
        targets = np.asarray(encoded.response, dtype=np.int64)
        logp = np.take_along_axis(logits, targets[:, None], axis=1)[:, 0] - log_sum_exp(logits)
        scores.append(float(logp.mean()))
    return scores


def top_choice(scores: Sequence[float]) -> int:
    return int(np.argmax(np.asarray(scores)))


def kendall_tau(scores_a: Sequence[float], scores_b: Sequence[float]) -> float:
    """Kendall's tau-b between two scorings of the same options (1 = same order, -1 = reversed)."""
    n = len(scores_a)
    concordant = discordant = ties_a = ties_b = 0
    for i in range(n):
        for j in range(i + 1, n):
            da = np.sign(scores_a[i] - scores_a[j])
            db = np.sign(scores_b[i] - scores_b[j])
            if da == 0 and db == 0:
                continue
            if da == 0:
                ties_a += 1
            elif db == 0:
                ties_b += 1
            elif da == db:
                concordant += 1
            else:
                discordant += 1
    denominator = np.sqrt((concordant + discordant + ties_a) * (concordant + discordant + ties_b))
    return float((concordant - discordant) / denominator) if denominator else 0.0


def labelled_scores(n_options: int) -> list[float]:
    """The dataset lists options best first: turn that order into scores (best = highest)."""
    return [float(n_options - i) for i in range(n_options)]
