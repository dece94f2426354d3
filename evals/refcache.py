"""The reference model's pass, stored once in DIR/cache/ and reused by every later candidate and run.

Keyed by sha256 of the reference file(s) + the dataset's item ids and texts + every setting that changes
what the reference produces. Holds per item: prompt and response token ids, the reference's top-k
log-probs at every scored position, its greedy answer and its option scores.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from oyster_edge.errors import OysterError
from oyster_edge.evals.datasets import EvalItem
from oyster_edge.evals.tokenstats import ReferenceTokens
from oyster_edge.fsutil import atomic_output, sha256_file, write_text_atomic

CACHE_FORMAT = 1


@dataclass
class ItemReference:
    id: str
    prompt: list[int]
    response: list[int]
    response_source: str  # "dataset" | "reference-answer"
    answer: str
    option_scores: list[float] | None
    tokens: ReferenceTokens | None  # None when the item was skipped
    skipped: str | None = None


@dataclass
class ReferenceCache:
    key: str
    reference: str
    settings: dict[str, Any]
    items: dict[str, ItemReference] = field(default_factory=dict)

    def nbytes(self) -> int:
        total = 0
        for item in self.items.values():
            if item.tokens is not None:
                t = item.tokens
                total += t.targets.nbytes + t.topk_ids.nbytes + t.topk_logp.nbytes + t.target_logp.nbytes
        return total


def _hash_file_cached(path: Path, memo_file: Path) -> str:
    """sha256 of a (possibly 28 GB) file, remembered by (path, size, mtime) so reruns skip the read."""
    stat = path.stat()
    memo_key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    memo: dict[str, str] = {}
    if memo_file.exists():
        try:
            memo = json.loads(memo_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            memo = {}
    if memo_key not in memo:
        memo[memo_key] = sha256_file(path)
        write_text_atomic(memo_file, json.dumps(memo, indent=1))
    return memo[memo_key]


def cache_key(reference_files: list[Path], items: list[EvalItem], settings: dict[str, Any], cache_root: Path) -> str:
    digest = hashlib.sha256()
    digest.update(f"format={CACHE_FORMAT}\n".encode())
    for path in reference_files:
        digest.update(f"{path.name}={_hash_file_cached(path, cache_root / 'file-hashes.json')}\n".encode())
    for item in items:
        content = json.dumps([item.id, item.query, item.reference_response, list(item.options)], ensure_ascii=False)
        digest.update(content.encode())
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()


def cache_dir(cache_root: Path, key: str) -> Path:
    return cache_root / f"ref-{key[:16]}"


def save(cache: ReferenceCache, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    records = []
    for index, item in enumerate(cache.items.values()):
        records.append(
            {
                "id": item.id,
                "prompt": item.prompt,
                "response": item.response,
                "response_source": item.response_source,
                "answer": item.answer,
                "option_scores": item.option_scores,
                "skipped": item.skipped,
            }
        )
        if item.tokens is not None:
            for name in ("targets", "topk_ids", "topk_logp", "target_logp"):
                arrays[f"{index}.{name}"] = getattr(item.tokens, name)
    with atomic_output(folder / "topk.npz") as tmp, tmp.open("wb") as fh:
        np.savez(fh, **arrays)
    meta = {"format": CACHE_FORMAT, "key": cache.key, "reference": cache.reference, "settings": cache.settings}
    meta["items"] = records
    # meta.json is written last: its presence marks a complete cache.
    write_text_atomic(folder / "meta.json", json.dumps(meta, ensure_ascii=False))


def load(folder: Path, key: str) -> ReferenceCache | None:
    meta_path = folder / "meta.json"
    if not meta_path.exists() or not (folder / "topk.npz").exists():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return None
    if meta.get("format") != CACHE_FORMAT or meta.get("key") != key:
        return None
    cache = ReferenceCache(key=key, reference=meta["reference"], settings=meta["settings"])
    try:
        with np.load(folder / "topk.npz") as arrays:
            for index, record in enumerate(meta["items"]):
                tokens = None
                if f"{index}.targets" in arrays:
                    tokens = ReferenceTokens(*(arrays[f"{index}.{n}"] for n in ReferenceTokens.__annotations__))
                cache.items[record["id"]] = ItemReference(
                    id=record["id"],
                    prompt=record["prompt"],
                    response=record["response"],
                    response_source=record["response_source"],
                    answer=record["answer"],
                    option_scores=record["option_scores"],
                    tokens=tokens,
                    skipped=record["skipped"],
                )
    except (OSError, ValueError, KeyError) as exc:
        raise OysterError(f"the reference cache in {folder} is damaged ({exc}); delete that folder and rerun") from exc
    return cache
