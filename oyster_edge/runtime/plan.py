"""Choose what to load: a GGUF and a context size that fit this machine, or a refusal that says why."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oyster_edge.errors import NotEnoughMemory, OysterError
from oyster_edge.fsutil import human_bytes
from oyster_edge.manifest import IMATRIX_PREFERENCE, load_manifest, manifest_path
from oyster_edge.runtime import fit
from oyster_edge.runtime.gguf_info import GGUFInfo, read_gguf_info
from oyster_edge.runtime.hardware import HardwareProfile
from oyster_edge.runtime.quants import ladder_below, quality_rank


@dataclass(frozen=True)
class LoadPlan:
    info: GGUFInfo
    n_ctx: int
    flash_attn: bool
    estimate: fit.MemoryEstimate
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.info.path),
            "quant": self.info.quant,
            "n_ctx": self.n_ctx,
            "flash_attn": self.flash_attn,
            "reason": self.reason,
            **self.estimate.to_json(),
        }


def uses_flash_attn(hw: HardwareProfile) -> bool:
    """Flash attention on Metal/CUDA builds, where llama.cpp supports it well and it shrinks compute buffers."""
    return hw.gpu_offload


def estimate_for(info: GGUFInfo, n_ctx: int, hw: HardwareProfile) -> fit.MemoryEstimate:
    return fit.estimate_memory(info, n_ctx, hw.model_memory_bytes, hw.model_memory_source, uses_flash_attn(hw))


def _advice(info: GGUFInfo, hw: HardwareProfile) -> str:
    """What would fit instead: a smaller context for this file, else a smaller quant of the same model."""
    flash = uses_flash_attn(hw)
    n_ctx = fit.largest_fitting_context(info, fit.default_context(info), hw.model_memory_bytes, flash)
    if n_ctx is not None:
        return f"The largest context that fits is {n_ctx} tokens (--ctx {n_ctx})."
    floor = min(fit.FLOOR_CONTEXT, info.context_length)
    for quant, bpw in ladder_below(info.quant):
        weights = int(info.parameters * bpw / 8)
        smaller = dataclasses.replace(info, weight_bytes=weights, quant=quant)
        if fit.estimate_memory(smaller, floor, hw.model_memory_bytes, "", flash).fits:
            return (
                f"Not even {fit.MIN_CONTEXT} tokens of context fit with this file; the largest quant that would "
                f"fit at {floor} tokens is {quant} (about {human_bytes(weights)} of weights)."
            )
    return "No quant of this model fits; free memory or use a machine with more."


def plan_file(info: GGUFInfo, hw: HardwareProfile, requested_ctx: int | None = None) -> LoadPlan:
    """Fit one GGUF: the requested context exactly, or else the largest default context that fits."""
    flash = uses_flash_attn(hw)
    if requested_ctx is not None:
        if requested_ctx > info.context_length:
            raise OysterError(
                f"--ctx {requested_ctx} is beyond what {info.path.name} was trained for "
                f"({info.context_length} tokens); use --ctx {info.context_length} or less"
            )
        estimate = estimate_for(info, requested_ctx, hw)
        if not estimate.fits:
            raise fit.refuse(info, estimate, _advice(info, hw))
        return LoadPlan(info, requested_ctx, flash, estimate, "context as requested")
    ceiling = fit.default_context(info)
    n_ctx = fit.largest_fitting_context(info, ceiling, hw.model_memory_bytes, flash)
    if n_ctx is not None:
        return LoadPlan(info, n_ctx, flash, estimate_for(info, n_ctx, hw), f"largest context that fits (<= {ceiling})")
    raise fit.refuse(info, estimate_for(info, fit.MIN_CONTEXT, hw), _advice(info, hw))


def folder_candidates(directory: Path) -> list[GGUFInfo]:
    """The GGUFs of a model folder: the manifest's gguf artifacts, else every *.gguf in it; best quality first
    (of two files of one quant type, the one made with the safety imatrix, then with any imatrix)."""
    if manifest_path(directory).exists():
        artifacts = [a for a in load_manifest(directory).artifacts if a.format == "gguf"]
        paths = [directory / a.path for a in artifacts if (directory / a.path).exists()]
        if artifacts and not paths:
            raise OysterError(f"{manifest_path(directory)} lists GGUF files but none of them exist in {directory}")
    else:
        paths = sorted(directory.glob("*.gguf"))
    if not paths:
        raise OysterError(f"{directory} holds no GGUF model (no gguf artifact in a manifest.json, no *.gguf file)")
    infos = [read_gguf_info(p) for p in paths]
    return sorted(infos, key=lambda i: (quality_rank(i.quant), IMATRIX_PREFERENCE[i.imatrix_kind], -i.weight_bytes))


def choose(candidates: list[GGUFInfo], hw: HardwareProfile, requested_ctx: int | None = None) -> LoadPlan:
    """Best quality at >= 4096 tokens; else best at >= 2048; only then a context below 2048.

    A quant is traded down before the context drops below the preferred floor.
    """
    if requested_ctx is not None:
        for info in candidates:
            if estimate_for(info, min(requested_ctx, info.context_length), hw).fits:
                return plan_file(info, hw, min(requested_ctx, info.context_length))
        return plan_file(candidates[-1], hw, min(requested_ctx, candidates[-1].context_length))
    flash = uses_flash_attn(hw)
    for floor_index in range(3):
        for info in candidates:
            floors = fit.context_floors(info)
            floor = floors[min(floor_index, len(floors) - 1)]
            n_ctx = fit.largest_fitting_context(info, fit.default_context(info), hw.model_memory_bytes, flash)
            if n_ctx is not None and n_ctx >= floor:
                reason = f"best quality that fits with at least {floor} tokens of context"
                return LoadPlan(info, n_ctx, flash, estimate_for(info, n_ctx, hw), reason)
    smallest = candidates[-1]
    raise NotEnoughMemory(
        f"no GGUF in {smallest.path.parent} fits: the smallest, {smallest.path.name} ({smallest.quant}), "
        f"{estimate_for(smallest, fit.MIN_CONTEXT, hw).summary()}. {_advice(smallest, hw)}"
    )


def plan_model(model: Path, hw: HardwareProfile, requested_ctx: int | None = None) -> LoadPlan:
    """MODEL is a .gguf file or a folder (manifest or loose GGUFs)."""
    model = Path(model)
    if model.is_dir():
        return choose(folder_candidates(model), hw, requested_ctx)
    return plan_file(read_gguf_info(model), hw, requested_ctx)
