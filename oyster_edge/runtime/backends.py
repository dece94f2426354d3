"""Open a ChatEngine for MODEL (a GGUF file or a model folder), picking the backend by artifact format.

A backend is a function (model path, options) -> ChatEngine registered under the artifact format it
serves; the GPTQ backend can register itself next to llama.cpp's "gguf" without touching the callers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from oyster_edge.errors import OysterError
from oyster_edge.manifest import load_manifest, manifest_path
from oyster_edge.runtime.prompts import DEFAULT_SYSTEM_PROMPT
from oyster_edge.runtime.types import ChatEngine


@dataclass(frozen=True)
class EngineOptions:
    n_ctx: int | None = None
    max_memory: int | None = None
    system_prompt: str | None = DEFAULT_SYSTEM_PROMPT
    threads: int | None = None  # default: the machine's physical cores


Opener = Callable[[Path, EngineOptions], ChatEngine]
BACKENDS: dict[str, Opener] = {}


def register_backend(artifact_format: str, opener: Opener) -> None:
    BACKENDS[artifact_format] = opener


def open_gguf(model: Path, options: EngineOptions) -> ChatEngine:
    from oyster_edge.runtime.engine import LlamaEngine
    from oyster_edge.runtime.hardware import detect_hardware
    from oyster_edge.runtime.plan import plan_model

    hw = detect_hardware(options.max_memory)
    plan = plan_model(model, hw, options.n_ctx)
    return LlamaEngine(plan, hw, system_prompt=options.system_prompt, threads=options.threads)


def open_transformers(model: Path, options: EngineOptions) -> ChatEngine:
    from oyster_edge.runtime.hf_engine import open_hf_engine

    return open_hf_engine(model, options)


register_backend("gguf", open_gguf)
register_backend("gptq", open_transformers)
register_backend("hf", open_transformers)


def model_format(model: Path) -> str:
    """ "gguf" for a .gguf file or a folder holding GGUFs; else the format of the folder's manifest artifacts;
    a Hugging Face folder is "gptq" when its config says so, else "hf" (both served by transformers)."""
    if not model.exists():
        raise OysterError(f"model {model} does not exist; give a .gguf file or a model folder")
    if model.is_file():
        return "gguf"
    if manifest_path(model).exists():
        formats = [a.format for a in load_manifest(model).artifacts]
        if "gguf" in formats:
            return "gguf"
        if formats:
            return formats[0]
    config = model / "config.json"
    if config.exists():
        try:
            quantization = json.loads(config.read_text(encoding="utf-8")).get("quantization_config") or {}
        except json.JSONDecodeError as exc:
            raise OysterError(f"{config} is not valid JSON ({exc})") from None
        return "gptq" if quantization.get("quant_method") == "gptq" else "hf"
    return "gguf"


def open_engine(model: Path, options: EngineOptions | None = None) -> ChatEngine:
    fmt = model_format(Path(model))
    opener = BACKENDS.get(fmt)
    if opener is None:
        raise OysterError(
            f"no runtime backend for {fmt!r} models in {model} (available: {', '.join(sorted(BACKENDS))})"
        )
    return opener(Path(model), options or EngineOptions())
