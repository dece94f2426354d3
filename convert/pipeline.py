"""`convert gguf`: checkpoint -> full-precision GGUF -> quant ladder, recorded in DIR/manifest.json."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from oyster_edge.convert.quantize import estimate_quant_bytes, quantize_gguf
from oyster_edge.convert.source import ModelSource
from oyster_edge.convert.to_gguf import estimate_gguf_bytes, write_gguf
from oyster_edge.errors import OysterError
from oyster_edge.fsutil import ensure_free_space, sha256_file
from oyster_edge.manifest import Artifact, Manifest, imatrix_header, load_manifest, save_manifest

TAG_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,32}")


@dataclass(frozen=True)
class GgufJob:
    source: ModelSource
    out_dir: Path
    outtype: str
    quants: tuple[str, ...]
    threads: int
    force: bool = False
    tag: str | None = None  # keeps quants made with different imatrices side by side


def default_threads() -> int:
    import psutil

    return psutil.cpu_count(logical=False) or os.cpu_count() or 1


def artifact_name(source: ModelSource, kind: str, tag: str | None = None) -> str:
    return f"{source.name}-{kind.upper()}{'-' + tag if tag else ''}.gguf"


def check_tag(tag: str | None) -> None:
    if tag is not None and not TAG_PATTERN.fullmatch(tag):
        raise OysterError(f"--tag {tag!r} must be 1-32 letters, digits, '.', '_' or '-' (it goes into file names)")


def is_current(manifest: Manifest, out_dir: Path, name: str, imatrix_sha256: str | None = None) -> bool:
    """True when `name` exists, still has the sha256 the manifest recorded for it, and (for a quant) was made
    with the imatrix asked for now (none, or the one whose file has `imatrix_sha256`)."""
    entry = next((a for a in manifest.artifacts if a.path == name), None)
    path = out_dir / name
    if entry is None or not path.exists() or path.stat().st_size != entry.bytes:
        return False
    if recorded_imatrix_sha256(entry) != imatrix_sha256:
        return False
    return sha256_file(path) == entry.sha256


def recorded_imatrix_sha256(entry: Artifact) -> str | None:
    imatrix = entry.extra.get("imatrix")
    return imatrix.get("sha256") if isinstance(imatrix, dict) else None


@contextmanager
def byte_progress(console: Console, label: str, total: int) -> Iterator[Callable[[int], None]]:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)
        progress.update(task, completed=total)


def run_gguf_job(
    job: GgufJob, console: Console, imatrix_data: object | None = None, imatrix_info: dict[str, object] | None = None
) -> Manifest:
    manifest = load_manifest(job.out_dir)
    manifest.source = job.source.manifest_entry()
    base_name = artifact_name(job.source, job.outtype)
    base_path = job.out_dir / base_name
    todo_base = job.force or not is_current(manifest, job.out_dir, base_name)
    imatrix_sha256 = imatrix_info.get("sha256") if imatrix_info else None
    # A rewritten base invalidates every quant made from it.
    todo_quants = [
        q
        for q in job.quants
        if todo_base or not is_current(manifest, job.out_dir, artifact_name(job.source, q, job.tag), imatrix_sha256)
    ]
    needed = (estimate_gguf_bytes(job.source, job.outtype) if todo_base else 0) + sum(
        estimate_quant_bytes(job.source.parameter_count, q) for q in todo_quants
    )
    ensure_free_space(
        job.out_dir, needed, f"{1 if todo_base else 0} full-precision GGUF and {len(todo_quants)} quant(s)"
    )
    if todo_base:
        _write_base(job, base_path, manifest, console)
    else:
        console.print(f"[dim]skip[/] {base_name}: unchanged (sha256 matches the manifest; --force rewrites)")
    for quant in job.quants:
        name = artifact_name(job.source, quant, job.tag)
        if quant not in todo_quants:
            console.print(f"[dim]skip[/] {name}: unchanged (same base and imatrix)")
            continue
        estimate = estimate_quant_bytes(job.source.parameter_count, quant)
        with byte_progress(console, f"quantize {quant}", estimate) as advance:
            quantize_gguf(
                base_path,
                job.out_dir / name,
                quant,
                threads=job.threads,
                imatrix=imatrix_data,
                metadata=imatrix_header(imatrix_info) if imatrix_info else None,
                on_progress=_size_reporter(advance, estimate),
            )
        extra = {"quantized_from": base_name, "imatrix": imatrix_info}
        manifest.upsert(_artifact(job.out_dir, name, quant, extra))
        save_manifest(job.out_dir, manifest)
    return manifest


def _size_reporter(advance: Callable[[int], None], estimate: int) -> Callable[[int], None]:
    """Turn 'the temporary file is now N bytes' into progress-bar advances, capped at the estimate."""
    shown = 0

    def report(size: int) -> None:
        nonlocal shown
        size = min(size, estimate)
        advance(max(0, size - shown))
        shown = max(shown, size)

    return report


def _write_base(job: GgufJob, base_path: Path, manifest: Manifest, console: Console) -> None:
    total = estimate_gguf_bytes(job.source, job.outtype)
    with byte_progress(console, f"convert {job.outtype.upper()}", total) as advance:
        write_gguf(job.source, base_path, job.outtype, on_bytes=advance)
    manifest.upsert(_artifact(job.out_dir, base_path.name, job.outtype.upper(), {"outtype": job.outtype}))
    save_manifest(job.out_dir, manifest)


def _artifact(out_dir: Path, name: str, kind: str, extra: dict[str, object]) -> Artifact:
    path = out_dir / name
    return Artifact(
        path=name, format="gguf", type=kind, bytes=path.stat().st_size, sha256=sha256_file(path), extra=extra
    )
