"""llama.cpp quantization types ordered by quality, with their approximate bits per weight."""

from __future__ import annotations

# (type, quality rank, approximate bits per weight); a lower rank is better, equal ranks are interchangeable.
QUANT_LADDER: tuple[tuple[str, int, float], ...] = (
    ("F32", 0, 32.0),
    ("BF16", 1, 16.0),
    ("F16", 1, 16.0),
    ("Q8_0", 2, 8.5),
    ("Q6_K", 3, 6.56),
    ("Q5_K_M", 4, 5.7),
    ("Q5_K_S", 5, 5.54),
    ("Q5_1", 6, 6.0),
    ("Q5_0", 6, 5.5),
    ("Q4_K_M", 7, 4.85),
    ("IQ4_XS", 8, 4.25),
    ("IQ4_NL", 8, 4.5),
    ("Q4_K_S", 9, 4.58),
    ("Q4_1", 10, 5.0),
    ("Q4_0", 10, 4.5),
    ("Q3_K_L", 11, 4.27),
    ("Q3_K_M", 12, 3.91),
    ("IQ3_M", 13, 3.66),
    ("IQ3_S", 13, 3.44),
    ("Q3_K_S", 14, 3.5),
    ("IQ3_XS", 14, 3.3),
    ("IQ3_XXS", 15, 3.06),
    ("Q2_K", 16, 2.96),
    ("Q2_K_S", 17, 2.6),
    ("IQ2_M", 18, 2.7),
    ("IQ2_S", 19, 2.5),
    ("IQ2_XS", 20, 2.31),
    ("IQ2_XXS", 21, 2.06),
    ("IQ1_M", 22, 1.75),
    ("IQ1_S", 23, 1.56),
)
_RANK = {name: rank for name, rank, _ in QUANT_LADDER}
UNKNOWN_RANK = 100


def quality_rank(quant: str) -> int:
    """0 is best (F32); unknown types sort last."""
    return _RANK.get(quant.upper(), UNKNOWN_RANK)


def ladder_below(quant: str) -> list[tuple[str, float]]:
    """Known types of lower quality than `quant` (best first) with their bits per weight."""
    rank = quality_rank(quant)
    return [(name, bpw) for name, r, bpw in QUANT_LADDER if r > rank]
