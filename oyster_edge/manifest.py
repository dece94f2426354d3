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
