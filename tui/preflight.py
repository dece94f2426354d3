"""Before a kiosk loads its model: find the exact GGUF and check its sha256 against the manifest.

A public terminal must not run a model file someone swapped or that rotted on disk, so a mismatch
(or a file with no checksum to compare against) refuses the load.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from oyster_edge.errors import OysterError
from oyster_edge.fsutil import sha256_file
from oyster_edge.manifest import Artifact, load_manifest, manifest_path


@dataclass(frozen=True)
class VerifiedModel:
    path: Path
    sha256: str
    checked_against: str  # where the expected checksum came from


@dataclass(frozen=True)
class _Expected:
    path: Path
    sha256: str
    size: int | None
    source: str


def verify_model(model: Path, *, quant: str | None = None, sha256: str | None = None) -> VerifiedModel:
    """Return the verified GGUF path, or raise OysterError saying what does not match and what to do."""
    expected = _expected_checksum(model, quant, sha256)
    if not expected.path.is_file():
        raise OysterError(f"model file {expected.path} (listed in {expected.source}) does not exist")
    size = expected.path.stat().st_size
    if expected.size is not None and size != expected.size:
        raise _tampered(expected, f"its size is {size} bytes, the manifest says {expected.size}")
    actual = sha256_file(expected.path)
    if actual != expected.sha256.lower():
        raise _tampered(expected, f"sha256 {actual} != expected {expected.sha256}")
    return VerifiedModel(expected.path, actual, expected.source)


def _tampered(expected: _Expected, detail: str) -> OysterError:
    return OysterError(
        f"model file {expected.path} does not match {expected.source} ({detail}): it was changed or "
        "corrupted, so the kiosk refuses to load it. Restore the original file or convert the model again."
    )


def _expected_checksum(model: Path, quant: str | None, sha256: str | None) -> _Expected:
    if not model.exists():
        raise OysterError(f"model {model} does not exist; point `model` in the kiosk config at a GGUF")
    if model.is_dir():
        artifact = _pick_artifact(model, quant)
        return _Expected(model / artifact.path, artifact.sha256, artifact.bytes, str(manifest_path(model)))
    if sha256 is not None:
        return _Expected(model, sha256, None, "the sha256 in the kiosk config")
    listed = _listed_in_manifest(model)
    if listed is None:
        raise OysterError(
            f"no checksum to verify {model} against: it is not listed in {manifest_path(model.parent)}; "
            "point `model` at the converted model folder or set `sha256` in the kiosk config"
        )
    return _Expected(model, listed.sha256, listed.bytes, str(manifest_path(model.parent)))


def _pick_artifact(folder: Path, quant: str | None) -> Artifact:
    if not manifest_path(folder).exists():
        raise OysterError(f"{folder} has no manifest.json to verify the model against; convert it first")
    ggufs = [a for a in load_manifest(folder).artifacts if a.format == "gguf"]
    if quant is not None:
        chosen = [a for a in ggufs if a.type.upper() == quant.upper()]
        if not chosen:
            types = ", ".join(a.type for a in ggufs) or "none"
            raise OysterError(f"{manifest_path(folder)} lists no {quant} GGUF (it has: {types}); fix `quant`")
        return chosen[0]
    if len(ggufs) != 1:
        types = ", ".join(a.type for a in ggufs) or "none"
        raise OysterError(
            f"{manifest_path(folder)} lists {len(ggufs)} GGUF files ({types}); set `quant` in the config"
        )
    return ggufs[0]


def _listed_in_manifest(model: Path) -> Artifact | None:
    folder = model.parent
    if not manifest_path(folder).exists():
        return None
    for artifact in load_manifest(folder).artifacts:
        if (folder / artifact.path).resolve() == model.resolve():
            return artifact
    return None
