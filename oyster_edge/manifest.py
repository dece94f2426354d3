"""DIR/manifest.json: what a model folder holds, so later stages (eval, runtime, kiosk) can trust it.

Schema (version 1):
{
  "schema": 1,
  "source": {"id": str, "path": str, "revision": str|null, "architecture": str, "parameters": int, ...},
  "artifacts": [{"path": str (relative to DIR), "format": "gguf"|"gptq", "type": "Q4_K_M"|"BF16"|...,
                 "bytes": int, "sha256": str, "created": iso8601, ...extra}]
}
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from oyster_edge.errors import OysterError
from oyster_edge.fsutil import write_text_atomic

MANIFEST_NAME = "manifest.json"
SCHEMA_VERSION = 1


@dataclass
class Artifact:
    path: str
    format: str
    type: str
    bytes: int
    sha256: str
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(data.pop("extra"))
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Artifact:
        known = {"path", "format", "type", "bytes", "sha256", "created"}
        missing = {"path", "format", "type", "bytes", "sha256"} - data.keys()
        if missing:
            raise OysterError(f"manifest artifact entry lacks {sorted(missing)}: {data}")
        extra = {k: v for k, v in data.items() if k not in known}
        return cls(**{k: data[k] for k in known if k in data}, extra=extra)


@dataclass
class Manifest:
    source: dict[str, Any] = field(default_factory=dict)
    artifacts: list[Artifact] = field(default_factory=list)

    def find(self, artifact_type: str, fmt: str | None = None) -> Artifact | None:
        for artifact in self.artifacts:
            if artifact.type.upper() == artifact_type.upper() and (fmt is None or artifact.format == fmt):
                return artifact
        return None

    def upsert(self, artifact: Artifact) -> None:
        self.artifacts = [a for a in self.artifacts if a.path != artifact.path]
        self.artifacts.append(artifact)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "source": self.source,
            "artifacts": [a.to_json() for a in self.artifacts],
        }


def manifest_path(directory: Path) -> Path:
    return directory / MANIFEST_NAME


def load_manifest(directory: Path) -> Manifest:
    path = manifest_path(directory)
    if not path.exists():
        return Manifest()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise OysterError(f"{path} is not valid JSON ({exc}); move it away to start a fresh manifest") from exc
    if data.get("schema") != SCHEMA_VERSION:
        raise OysterError(f"{path} has schema {data.get('schema')!r}; this oyster-edge reads {SCHEMA_VERSION}")
    return Manifest(
        source=data.get("source", {}),
        artifacts=[Artifact.from_json(a) for a in data.get("artifacts", [])],
    )


def save_manifest(directory: Path, manifest: Manifest) -> Path:
    path = manifest_path(directory)
    write_text_atomic(path, json.dumps(manifest.to_json(), indent=2, ensure_ascii=False) + "\n")
    return path


# ---------------------------------------------------------------- which imatrix a quant was made with

BUILTIN_CALIBRATION = "oyster-edge builtin calibration: "
# The header keys llama-quantize writes into a quant made with an imatrix (tools/quantize/quantize.cpp).
KV_IMATRIX_FILE = "quantize.imatrix.file"
KV_IMATRIX_DATASET = "quantize.imatrix.dataset"
KV_IMATRIX_ENTRIES = "quantize.imatrix.entries_count"
KV_IMATRIX_CHUNKS = "quantize.imatrix.chunks_count"
IMATRIX_KINDS = ("none", "generic", "custom", "safety")  # the order reports list them in
# Which variant of one quant type the runtime loads first: the safety-calibrated one, then any imatrix.
IMATRIX_PREFERENCE = {"safety": 0, "custom": 1, "generic": 1, "none": 2}


def builtin_calibration_name(parts: list[str]) -> str:
    """The dataset name `oyster-edge imatrix` records for its builtin mix, e.g. "...: safety+general+code"."""
    return BUILTIN_CALIBRATION + "+".join(parts)


def imatrix_kind(record: dict[str, Any] | None) -> str:
    """none; safety (our builtin mix with the safety conversations); generic (our mix without them);
    custom (any other calibration text: your file, or an imatrix made elsewhere, e.g. on Wikipedia)."""
    if not record:
        return "none"
    builtin = [d for d in record.get("datasets") or [] if str(d).startswith(BUILTIN_CALIBRATION)]
    if not builtin:
        return "custom"
    parts = {part for d in builtin for part in str(d).removeprefix(BUILTIN_CALIBRATION).split("+")}
    return "safety" if "safety" in parts else "generic"


def imatrix_label(record: dict[str, Any] | None) -> str:
    """A short description for reports: kind, calibration text and size."""
    kind = imatrix_kind(record)
    if record is None or kind == "none":
        return "none"
    names = [str(d).removeprefix(BUILTIN_CALIBRATION) for d in record.get("datasets") or []]
    what = ", ".join(Path(n).name if ("/" in n or "\\" in n) else n for n in names) or "unknown text"
    tokens = record.get("token_count")
    return f"{kind} ({what}" + (f", {int(tokens):,} tokens)" if tokens else ")")


def imatrix_header(record: dict[str, Any]) -> dict[str, str | int]:
    """The quantize.imatrix.* header keys for a quant made with the imatrix `record` describes."""
    header: dict[str, str | int] = {KV_IMATRIX_FILE: Path(str(record.get("path", "imatrix.gguf"))).name}
    datasets = record.get("datasets") or []
    if datasets:
        header[KV_IMATRIX_DATASET] = str(datasets[0])  # llama-quantize also records only the first
    if record.get("entries_count"):
        header[KV_IMATRIX_ENTRIES] = int(record["entries_count"])
    if record.get("chunk_count"):
        header[KV_IMATRIX_CHUNKS] = int(record["chunk_count"])
    return header


def imatrix_record_from_header(fields: dict[str, Any]) -> dict[str, Any] | None:
    """Read back what `imatrix_header` (or llama-quantize) wrote; None for a quant made without an imatrix."""
    if KV_IMATRIX_FILE not in fields and KV_IMATRIX_DATASET not in fields:
        return None
    dataset = fields.get(KV_IMATRIX_DATASET)
    return {
        "path": fields.get(KV_IMATRIX_FILE),
        "datasets": [dataset] if dataset else [],
        "entries_count": fields.get(KV_IMATRIX_ENTRIES),
        "chunk_count": fields.get(KV_IMATRIX_CHUNKS),
        "source": "gguf header",
    }
