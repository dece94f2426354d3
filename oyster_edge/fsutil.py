"""Files that are either complete under their final name or absent: temp names, rename, disk preflight."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

from oyster_edge.errors import NotEnoughDisk, OysterError

PARTIAL_SUFFIX = ".partial"


def partial_path(final: Path) -> Path:
    return final.with_name(f".{final.name}{PARTIAL_SUFFIX}")


@contextlib.contextmanager
def atomic_output(final: Path) -> Iterator[Path]:
    """Yield a temporary path beside `final`; rename it to `final` only if the block completes.

    `final` may be a file or a folder (the block creates whichever it needs at the temporary path).
    On any exception, KeyboardInterrupt included, the temporary path is removed and `final` is untouched.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = partial_path(final)
    _remove(tmp)
    try:
        yield tmp
        os.replace(tmp, final)
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def write_text_atomic(final: Path, text: str) -> None:
    with atomic_output(final) as tmp:
        tmp.write_text(text, encoding="utf-8")


def sha256_file(path: Path, chunk: int = 8 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.2f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def parse_size(text: str) -> int:
    """'6GB', '512MiB', '1.5G', '1000000' -> bytes (GB and GiB both mean 1024**3, as users mean it)."""
    units = {"": 1, "B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    cleaned = text.strip().upper().replace("IB", "").replace("B", "") if text.strip() else ""
    number = cleaned.rstrip("KMGT")
    unit = cleaned[len(number) :]
    try:
        return int(float(number) * units[unit])
    except (ValueError, KeyError):
        raise ValueError(f"not a size: {text!r} (try e.g. 6GB or 512MB)") from None


DISK_MARGIN_BYTES = 64 << 20


def ensure_free_space(directory: Path, needed_bytes: int, what: str) -> None:
    """Refuse before writing when the disk under `directory` cannot hold `needed_bytes` plus a margin."""
    directory.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(directory).free
    if free < needed_bytes + DISK_MARGIN_BYTES:
        raise NotEnoughDisk(
            f"not enough disk space for {what} in {directory}: needs about {human_bytes(needed_bytes)}, "
            f"{human_bytes(free)} free. Free some space or choose another --out."
        )


def read_toml(path: Path, what: str) -> dict[str, object]:
    """A TOML config file as a dict; unreadable or invalid TOML is an OysterError naming `what` and `path`."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise OysterError(f"{what} {path} is not valid TOML: {exc}") from exc
