"""Resolve and validate a Hugging Face checkpoint (a local folder or a hub id) before any conversion."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oyster_edge.convert.safetensors_stream import SafetensorsFile, open_safetensors
from oyster_edge.errors import OysterError

SUPPORTED_ARCHITECTURES = ("Qwen3ForCausalLM", "Qwen2ForCausalLM", "LlamaForCausalLM")
HUB_ID_PATTERN = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
HUB_FILE_PATTERNS = ["*.json", "*.safetensors", "*.jinja", "tokenizer.model", "*.txt", "LICENSE*", "README.md"]


@dataclass(frozen=True)
class ModelSource:
    spec: str
    path: Path
    hub_id: str | None
    revision: str | None
    config: dict[str, Any]
    architecture: str
    torch_dtype: str
    weight_files: tuple[Path, ...]
    parameter_count: int
    total_weight_bytes: int
    tensors: dict[str, SafetensorsFile] = field(repr=False, compare=False, default_factory=dict)

    @property
    def name(self) -> str:
        return (self.hub_id or self.path.resolve().name).split("/")[-1]

    def manifest_entry(self) -> dict[str, Any]:
        return {
            "id": self.hub_id,
            "path": str(self.path.resolve()),
            "revision": self.revision,
            "architecture": self.architecture,
            "model_type": self.config.get("model_type"),
            "parameters": self.parameter_count,
            "dtype": self.torch_dtype,
            "weight_bytes": self.total_weight_bytes,
        }


def resolve_source(spec: str) -> ModelSource:
    """A local folder, or a hub id fetched with huggingface_hub; validated before anything is written."""
    local = Path(spec).expanduser()
    if local.exists():
        if not local.is_dir():
            raise OysterError(f"{spec} is a file; SOURCE must be a Hugging Face model folder or a hub id")
        return _load_folder(spec, local, hub_id=None, revision=_git_revision(local))
    if HUB_ID_PATTERN.match(spec) and not spec.startswith((".", "/", "~")):
        folder, revision = _download_from_hub(spec)
        return _load_folder(spec, folder, hub_id=spec, revision=revision)
    raise OysterError(f"no such model folder: {spec} (give a local Hugging Face folder or a hub id like org/name)")


def _download_from_hub(hub_id: str) -> tuple[Path, str | None]:
    try:
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import HFValidationError

        folder = Path(snapshot_download(hub_id, allow_patterns=HUB_FILE_PATTERNS))
    except HFValidationError as exc:
        raise OysterError(f"{hub_id!r} is neither a local folder nor a valid hub id: {exc}") from exc
    except Exception as exc:  # offline, unreachable, gated, missing: all mean the same to the user
        raise OysterError(
            f"could not fetch {hub_id!r} from the Hugging Face hub ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'no detail'}). This machine may be offline: "
            f"download the model elsewhere (e.g. `hf download {hub_id} --local-dir ./model`) and pass the folder."
        ) from exc
    return folder, folder.name if re.fullmatch(r"[0-9a-f]{40}", folder.name) else None


def _git_revision(folder: Path) -> str | None:
    head = folder / ".git" / "HEAD"
    if not head.exists():
        return None
    text = head.read_text().strip()
    if text.startswith("ref: "):
        ref = folder / ".git" / text[5:]
        return ref.read_text().strip() if ref.exists() else None
    return text


def _read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OysterError(f"missing {what}: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise OysterError(f"{path} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise OysterError(f"{path} should hold a JSON object")
    return data


def _load_folder(spec: str, folder: Path, hub_id: str | None, revision: str | None) -> ModelSource:
    config = _read_json(folder / "config.json", "config.json (is this a Hugging Face model folder?)")
    architecture = _architecture(config, folder)
    _check_tokenizer(folder)
    weight_files = _weight_files(folder)
    tensors: dict[str, SafetensorsFile] = {}
    for file in weight_files:
        opened = open_safetensors(file)
        for name in opened.tensors:
            if name in tensors:
                raise OysterError(f"tensor {name} appears in both {tensors[name].path.name} and {file.name}")
            tensors[name] = opened
    if not tensors:
        raise OysterError(f"no tensors found in the safetensors files of {folder}")
    parameter_count = sum(f.tensors[name].numel for name, f in tensors.items())
    total_bytes = sum(f.tensors[name].nbytes for name, f in tensors.items())
    dtypes = {f.tensors[name].dtype for name, f in tensors.items() if len(f.tensors[name].shape) > 1}
    dtype = str(config.get("torch_dtype") or config.get("dtype") or _dtype_name(dtypes))
    return ModelSource(
        spec=spec,
        path=folder,
        hub_id=hub_id,
        revision=revision,
        config=config,
        architecture=architecture,
        torch_dtype=dtype,
        weight_files=weight_files,
        parameter_count=parameter_count,
        total_weight_bytes=total_bytes,
        tensors=tensors,
    )


def _dtype_name(dtypes: set[str]) -> str:
    names = {"BF16": "bfloat16", "F16": "float16", "F32": "float32"}
    return names.get(next(iter(dtypes)), "float32") if len(dtypes) == 1 else "float32"


def _architecture(config: dict[str, Any], folder: Path) -> str:
    architectures = config.get("architectures") or []
    if not architectures:
        raise OysterError(f"{folder / 'config.json'} names no architecture ('architectures' is empty)")
    architecture = architectures[0]
    if architecture not in SUPPORTED_ARCHITECTURES:
        raise OysterError(
            f"unsupported architecture {architecture} in {folder / 'config.json'}; "
            f"supported: {', '.join(SUPPORTED_ARCHITECTURES)}"
        )
    return architecture


def _check_tokenizer(folder: Path) -> None:
    if (folder / "tokenizer.json").exists():
        return
    if (folder / "tokenizer.model").exists():
        raise OysterError(
            f"{folder} has only a SentencePiece tokenizer.model; oyster-edge converts BPE tokenizers "
            "(tokenizer.json), as Qwen2/Qwen3 and Llama-3-style models ship"
        )
    raise OysterError(f"missing tokenizer: {folder / 'tokenizer.json'} not found (copy the model's tokenizer files)")


def _weight_files(folder: Path) -> tuple[Path, ...]:
    index = folder / "model.safetensors.index.json"
    if index.exists():
        weight_map = _read_json(index, "safetensors index").get("weight_map", {})
        files = sorted({folder / name for name in weight_map.values()})
        missing = [f.name for f in files if not f.exists()]
        if missing:
            raise OysterError(f"shards listed in {index.name} are missing: {', '.join(missing)}")
        return tuple(files)
    files = sorted(folder.glob("*.safetensors"))
    if not files:
        hint = " (PyTorch .bin weights are not read: re-save with safetensors)" if any(folder.glob("*.bin")) else ""
        raise OysterError(f"no .safetensors weights in {folder}{hint}")
    return tuple(files)
