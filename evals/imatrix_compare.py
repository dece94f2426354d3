"""Per quant type: the same type made without an imatrix and with each imatrix, on every evaluation set.

The evidence a safety-calibrated imatrix needs: does it keep the safety subset closer to the reference than
no imatrix or a generic one, without costing general text? Each `oyster-edge eval` run covers one dataset,
so the comparison joins the main run with the runs given to `report --compare` (same reference, other data).
Variants of a type are told apart by the imatrix their manifest entry (or GGUF header) records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oyster_edge.errors import OysterError
from oyster_edge.manifest import IMATRIX_KINDS

DATASET_TITLES = {"builtin": "safety subset", "builtin-heldout": "safety subset, held out", "general": "general text"}
FIGURES = ("mean_kld", "top1_agreement", "ppl_ratio", "flip_rate", "n_flips", "resources_lost_rate",
           "n_resources_offered", "n_items")
TIE = 0.02  # variants whose mean KLD differ by less than this (relative) are reported as level


@dataclass(frozen=True)
class DatasetRun:
    spec: str
    n_items: int

    @property
    def title(self) -> str:
        name = DATASET_TITLES.get(self.spec)
        return f"{name} ({self.spec}, {self.n_items} items)" if name else f"{self.spec} ({self.n_items} items)"


@dataclass
class Variant:
    type: str
    kind: str
    label: str
    key: str
    artifacts: dict[str, str] = field(default_factory=dict)  # dataset spec -> artifact file name
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)  # dataset spec -> figures

    def delta_vs(self, baseline: Variant | None, spec: str) -> float | None:
        """Relative change of mean KLD against `baseline` on `spec` (-0.3 = 30% lower)."""
        if baseline is None or baseline is self:
            return None
        mine = (self.figures.get(spec) or {}).get("mean_kld")
        theirs = (baseline.figures.get(spec) or {}).get("mean_kld")
        if mine is None or not theirs:
            return None
        return mine / theirs - 1.0


@dataclass
class Comparison:
    datasets: list[DatasetRun]
    by_type: dict[str, list[Variant]]

    @property
    def has_imatrix(self) -> bool:
        return any(v.kind != "none" for variants in self.by_type.values() for v in variants)

    def baseline(self, quant_type: str) -> Variant | None:
        return next((v for v in self.by_type[quant_type] if v.kind == "none"), None)

    def best(self, quant_type: str, spec: str) -> Variant | None:
        scored = [v for v in self.by_type[quant_type] if (v.figures.get(spec) or {}).get("mean_kld") is not None]
        return min(scored, key=lambda v: v.figures[spec]["mean_kld"]) if scored else None

    def findings(self) -> list[str]:
        """One line per type with several variants: which variant is closest to the reference on each set."""
        lines = []
        for quant_type, variants in self.by_type.items():
            if len(variants) < 2:
                continue
            parts = [self._finding(quant_type, run) for run in self.datasets]
            parts = [part for part in parts if part]
            if parts:
                lines.append(f"{quant_type}: " + "; ".join(parts) + ".")
        return lines

    def _finding(self, quant_type: str, run: DatasetRun) -> str | None:
        scored = sorted((v for v in self.by_type[quant_type] if (v.figures.get(run.spec) or {}).get("mean_kld")),
                        key=lambda v: v.figures[run.spec]["mean_kld"])
        if not scored:
            return None
        best = scored[0]
        delta = best.delta_vs(self.baseline(quant_type), run.spec)
        change = f" ({100 * delta:+.1f}% KLD vs no imatrix)" if delta is not None else ""
        level = [v.kind for v in scored[1:] if v.delta_vs(best, run.spec) is not None
                 and v.delta_vs(best, run.spec) < TIE]
        if level:
            return (f"on the {run.title} the {' and '.join([best.kind, *level])} variants are level, within "
                    f"{100 * TIE:.0f}% of each other{change}")
        return f"on the {run.title} the {best.kind} variant is closest to the reference{change}"

    def to_json(self) -> dict[str, Any]:
        return {
            "datasets": [{"spec": d.spec, "n_items": d.n_items, "title": d.title} for d in self.datasets],
            "types": {
                quant_type: [
                    {
                        "kind": v.kind,
                        "label": v.label,
                        "artifacts": v.artifacts,
                        "figures": v.figures,
                        "mean_kld_change_vs_none": {
                            d.spec: v.delta_vs(self.baseline(quant_type), d.spec) for d in self.datasets
                        },
                    }
                    for v in variants
                ]
                for quant_type, variants in self.by_type.items()
            },
            "findings": self.findings(),
        }


def _variant_key(candidate: dict[str, Any]) -> str:
    record = candidate.get("imatrix") or {}
    return str(record.get("sha256") or candidate.get("imatrix_label") or "none")


def _check_same_reference(main: dict[str, Any], other: dict[str, Any], where: Path) -> None:
    mine, theirs = main["reference"], other["reference"]
    if Path(mine["path"]).name != Path(theirs["path"]).name or mine["bytes"] != theirs["bytes"]:
        raise OysterError(
            f"{where} was evaluated against {theirs['path']}, this run against {mine['path']}; "
            "compare runs that share their reference model"
        )


def build_comparison(main: dict[str, Any], others: list[tuple[Path, dict[str, Any]]]) -> Comparison:
    """Join the candidates of every run by (quant type, imatrix)."""
    runs = [main] + [results for _, results in others]
    for where, results in others:
        _check_same_reference(main, results, where)
    datasets = [DatasetRun(r["dataset"]["spec"], int(r["dataset"]["n_items"])) for r in runs]
    specs = [d.spec for d in datasets]
    if len(set(specs)) != len(specs):
        raise OysterError(f"the compared runs repeat a dataset ({', '.join(specs)}); give one run per dataset")
    variants: dict[tuple[str, str], Variant] = {}
    for run, results in zip(datasets, runs, strict=True):
        for candidate in results["candidates"]:
            key = (candidate["type"], _variant_key(candidate))
            if run.spec in variants.get(key, Variant("", "", "", "")).artifacts:  # two such files in one run
                key = (key[0], f"{key[1]}@{Path(candidate['path']).name}")
            variant = variants.setdefault(key, Variant(
                type=candidate["type"],
                kind=candidate.get("imatrix_kind", "none"),
                label=candidate.get("imatrix_label", "none"),
                key=key[1],
            ))
            variant.artifacts[run.spec] = Path(candidate["path"]).name
            variant.figures[run.spec] = {name: candidate.get(name) for name in FIGURES}
    by_type: dict[str, list[Variant]] = {}
    for variant in variants.values():
        by_type.setdefault(variant.type, []).append(variant)
    for members in by_type.values():
        members.sort(key=lambda v: (IMATRIX_KINDS.index(v.kind) if v.kind in IMATRIX_KINDS else 99, v.label))
    return Comparison(datasets, by_type)


# ---------------------------------------------------------------- table cells and plot


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _signed_pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:+.1f}%"


def _lost(figures: dict[str, Any]) -> str:
    """"k of n" items that lost the crisis resources the reference offered (the rate alone hides a tiny n)."""
    rate, offered = figures.get("resources_lost_rate"), figures.get("n_resources_offered")
    if rate is None:
        return "—"
    return f"{round(rate * offered)} of {offered}" if offered else _pct(rate)


def table_head(comparison: Comparison) -> list[str]:
    head = ["type", "imatrix"]
    for run in comparison.datasets:
        head += [f"{run.title}: mean KLD", "Δ vs none", "top-1", "flip rate", "resources lost"]
    return head


def table_rows(comparison: Comparison) -> list[list[str]]:
    rows = []
    for quant_type, variants in comparison.by_type.items():
        baseline = comparison.baseline(quant_type)
        for variant in variants:
            cells = [quant_type, variant.label]
            for run in comparison.datasets:
                figures = variant.figures.get(run.spec) or {}
                cells += [_num(figures.get("mean_kld")), _signed_pct(variant.delta_vs(baseline, run.spec)),
                          _pct(figures.get("top1_agreement")), _pct(figures.get("flip_rate")),
                          _lost(figures)]
            rows.append(cells)
    return rows


def plot(comparison: Comparison) -> bytes:
    """One panel per dataset: mean KLD per quant type, a bar per imatrix variant."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    types = list(comparison.by_type)
    kinds = [k for k in IMATRIX_KINDS if any(v.kind == k for vs in comparison.by_type.values() for v in vs)]
    colors = {"none": "#9e9e9e", "generic": "#1f77b4", "custom": "#ff7f0e", "safety": "#2ca02c"}
    fig, axes = plt.subplots(1, len(comparison.datasets), figsize=(5.5 * len(comparison.datasets), 4.2),
                             squeeze=False)
    positions = np.arange(len(types))
    width = 0.8 / max(1, len(kinds))
    for ax, run in zip(axes[0], comparison.datasets, strict=True):
        for i, kind in enumerate(kinds):
            values = []
            for quant_type in types:
                match = next((v for v in comparison.by_type[quant_type] if v.kind == kind), None)
                values.append(((match.figures.get(run.spec) or {}).get("mean_kld") or 0.0) if match else 0.0)
            ax.bar(positions + (i - (len(kinds) - 1) / 2) * width, values, width=width, label=f"{kind} imatrix"
                   if kind != "none" else "no imatrix", color=colors.get(kind))
        ax.set_xticks(positions, types)
        ax.set_ylabel("mean KLD vs reference")
        ax.set_title(run.title, fontsize=10)
        ax.grid(True, axis="y", alpha=0.3)
    axes[0][0].legend(fontsize=8)
    fig.suptitle("Mean KLD per quant type and imatrix (lower is closer to the reference)", fontsize=11)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
