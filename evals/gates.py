"""Pass/fail gates per quant class: defaults in data/gates.toml, overridable with --gates FILE."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from oyster_edge.errors import OysterError

# metric in results -> (gate key, direction): "max" fails above the limit, "min" fails below it.
GATE_KEYS = {
    "max_mean_kld": ("mean_kld", "max"),
    "min_top1_agreement": ("top1_agreement", "min"),
    "max_ppl_ratio": ("ppl_ratio", "max"),
    "max_flip_rate": ("flip_rate", "max"),
}

Gates = dict[str, dict[str, float]]


def _parse(text: str, where: str) -> Gates:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OysterError(f"gates file {where} is not valid TOML ({exc}); fix it or drop --gates") from exc
    table = data.get("gates")
    if not isinstance(table, dict):
        raise OysterError(f"gates file {where} needs [gates.<TYPE>] tables, e.g. [gates.Q4_K_M] max_mean_kld = 0.04")
    gates: Gates = {}
    for quant, limits in table.items():
        if not isinstance(limits, dict):
            raise OysterError(f"gates file {where}: gates.{quant} must be a table of limits")
        unknown = set(limits) - GATE_KEYS.keys()
        if unknown:
            raise OysterError(
                f"gates file {where}: gates.{quant} has unknown keys {sorted(unknown)}; "
                f"allowed: {sorted(GATE_KEYS)}"
            )
        for key, value in limits.items():
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise OysterError(f"gates file {where}: gates.{quant}.{key} must be a number, got {value!r}")
        gates[quant.upper()] = {k: float(v) for k, v in limits.items()}
    return gates


def default_gates() -> Gates:
    text = resources.files("oyster_edge.evals").joinpath("data/gates.toml").read_text(encoding="utf-8")
    return _parse(text, "(built-in)")


def load_gates(path: Path | None) -> Gates:
    gates = default_gates()
    if path is None:
        return gates
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OysterError(f"cannot read gates file {path} ({exc.strerror}); check the path") from exc
    for quant, limits in _parse(text, str(path)).items():
        gates.setdefault(quant, dict(gates["DEFAULT"]))
        gates[quant].update(limits)
    return gates


def gate_class(artifact_type: str, gates: Gates) -> str:
    quant = artifact_type.upper()
    return quant if quant in gates else "DEFAULT"


def check(figures: dict[str, Any], artifact_type: str, gates: Gates) -> tuple[bool, list[str], str, dict[str, float]]:
    """(passed, reasons, gate class used, limits) for one candidate's figures."""
    klass = gate_class(artifact_type, gates)
    limits = gates[klass]
    reasons: list[str] = []
    for key, limit in limits.items():
        metric, direction = GATE_KEYS[key]
        value = figures.get(metric)
        if value is None:
            continue
        if direction == "max" and value > limit:
            reasons.append(f"{metric} {value:.4g} > {limit:.4g} ({klass} gate)")
        elif direction == "min" and value < limit:
            reasons.append(f"{metric} {value:.4g} < {limit:.4g} ({klass} gate)")
    return not reasons, reasons, klass, limits
