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

    def ranked(self, quant_type: str, spec: str) -> list[Variant]:
        """The variants of a type scored on `spec`, closest to the reference first."""
        scored = [v for v in self.by_type[quant_type] if (v.figures.get(spec) or {}).get("mean_kld") is not None]
        return sorted(scored, key=lambda v: v.figures[spec]["mean_kld"])

    def best(self, quant_type: str, spec: str) -> Variant | None:
        return next(iter(self.ranked(quant_type, spec)), None)

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
        scored = self.ranked(quant_type, run.spec)
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
            if key in variants and run.spec in variants[key].artifacts:  # two such files in one run
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
