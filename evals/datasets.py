"""Evaluation items: our in-house constructive subset, Constructive-Benchmark-style files, and Strata-Sword.

Every loader returns `EvalItem`s; `load_dataset(spec, limit=, seed=)` is the one entry point the accuracy
checks use. Malformed records raise `DatasetError` naming the file and the record's line.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from oyster_edge.errors import OysterError

RISK_LEVELS = ("R0", "R1", "R2")
LANGUAGES = ("en", "zh")
EXPECTED_BEHAVIOURS = ("guidance", "refusal", "answer")
BUILTIN_FILE = "constructive_subset.jsonl"
GENERAL_FILE = "general_subset.jsonl"
STRATA_SWORD_JSONL = "strata_sword.jsonl"
STRATA_SWORD_XLSX = re.compile(r"strata_sword_(cn|en|zh)_level_([123])\.xlsx$", re.IGNORECASE)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Normalised key (lower case, no spaces/underscores/hyphens) -> EvalItem field.
_KEY_ALIASES = {
    "id": "id",
    "profile": "profile",
    "task": "task",
    "category": "category",
    "query": "query",
    "prompt": "query",
    "risklevel": "risk_level",
    "risk": "risk_level",
    "language": "language",
    "lang": "language",
    "reference": "reference_response",
    "referenceresponse": "reference_response",
    "options": "options",
    "responseoptions": "options",
    "needsresources": "needs_resources",
    "expectedbehaviour": "expected_behaviour",
    "expectedbehavior": "expected_behaviour",
}


class DatasetError(OysterError):
    """A dataset file that cannot be read, or a record in it that does not fit the schema."""


@dataclass(frozen=True)
class EvalItem:
    id: str
    source: str  # "builtin" | "constructive:<path>" | "strata-sword"
    language: str  # "en" | "zh"
    risk_level: str  # "R0" | "R1" | "R2"
    category: str  # "Primary/Secondary"; Strata-Sword: "attack/<method>"
    profile: str | None
    task: str | None
    query: str
    reference_response: str | None
    options: tuple[str, ...]  # ranked most -> least constructive
    needs_resources: bool
    expected_behaviour: str  # "guidance" | "refusal" | "answer"
    attack_level: int | None = None

    @property
    def secondary_category(self) -> str:
        return self.category.split("/", 1)[-1]  # Primary names hold no "/", some Secondary names do


def detect_language(text: str) -> str:
    return "zh" if _CJK.search(text) else "en"


# ---------------------------------------------------------------- reading JSON Lines / JSON arrays


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such dataset file; check the path.") from None
    except IsADirectoryError:
        raise DatasetError(f"{path}: is a folder; give a .jsonl or .json file.") from None
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8 JSON Lines.") from None


def iter_json_records(path: Path, text: str | None = None) -> Iterator[tuple[int, Any]]:
    """Yield (line number, parsed record) from JSON Lines or a JSON array, with 1-based line numbers."""
    text = _read_text(path) if text is None else text
    if text.lstrip().startswith("["):
        yield from _iter_json_array(path, text)
        return
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield line_no, json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{line_no}: bad JSON ({exc.msg} at column {exc.colno}).") from None


def _iter_json_array(path: Path, text: str) -> Iterator[tuple[int, Any]]:
    decoder = json.JSONDecoder()
    pos = _skip_space(text, text.index("[") + 1)
    closed = pos < len(text) and text[pos] == "]"
    while not closed:
        line_no = text.count("\n", 0, pos) + 1
        try:
            record, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{exc.lineno}: bad JSON ({exc.msg} at column {exc.colno}).") from None
        yield line_no, record
        pos = _skip_space(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_space(text, pos + 1)
            continue
        if pos >= len(text) or text[pos] != "]":
            line_no = text.count("\n", 0, pos) + 1
            raise DatasetError(f"{path}:{line_no}: bad JSON (expected ',' or ']' after a record).")
        closed = True
    if text[pos + 1 :].strip():
        line_no = text.count("\n", 0, pos) + 1
        raise DatasetError(f"{path}:{line_no}: unexpected text after the closing ']'.")


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


# ---------------------------------------------------------------- Constructive Benchmark schema


def _normalise_keys(record: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in record.items():
        field = _KEY_ALIASES.get(re.sub(r"[\s_\-]", "", str(key)).lower())
        if field is not None and field not in fields:
            fields[field] = value
    return fields


def _parse_risk_level(value: Any, where: str) -> str:
    text = str(value).strip().upper() if value is not None else ""
    if text in ("0", "1", "2"):
        text = "R" + text
    if text not in RISK_LEVELS:
        raise DatasetError(f"{where}: bad risk level {value!r}; use one of R0, R1, R2.")
    return text


def _optional_text(value: Any, name: str, where: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise DatasetError(f"{where}: {name} must be text, got {type(value).__name__}.")
    return value.strip()


def _parse_options(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise DatasetError(f"{where}: Options must be a list of responses ranked most to least constructive.")
    if all(isinstance(option, dict) for option in value) and all("rank" in option for option in value):
        value = sorted(value, key=lambda option: option["rank"])
    options = []
    for option in value:
        text = option.get("text", option.get("response")) if isinstance(option, dict) else option
        if not isinstance(text, str) or not text.strip():
            raise DatasetError(f"{where}: every option must be a non-empty text (or {{'text', 'rank'}}).")
        options.append(text.strip())
    return tuple(options)


def _parse_bool(value: Any, name: str, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "1", "false", "no", "0"):
        return value.strip().lower() in ("true", "yes", "1")
    raise DatasetError(f"{where}: {name} must be true or false, got {value!r}.")


def parse_constructive_record(record: Any, *, source: str, where: str, default_id: str) -> EvalItem:
    """Turn one Constructive-Benchmark-style record (upstream or lower-case keys) into an EvalItem."""
    if not isinstance(record, dict):
        raise DatasetError(f"{where}: a record must be a JSON object, got {type(record).__name__}.")
    fields = _normalise_keys(record)
    query = fields.get("query")
    if not isinstance(query, str) or not query.strip():
        raise DatasetError(f"{where}: missing Query (the user's request); every record needs one.")
    if "risk_level" not in fields:
        raise DatasetError(f"{where}: missing risk level; add \"RiskLevel\": \"R0\", \"R1\" or \"R2\".")
    risk_level = _parse_risk_level(fields["risk_level"], where)
    category = _optional_text(fields.get("category"), "Category", where) or "Unknown/Unknown"
    language = str(fields.get("language") or detect_language(query)).strip().lower()
    language = {"cn": "zh", "zh-cn": "zh", "chinese": "zh", "english": "en"}.get(language, language)
    if language not in LANGUAGES:
        raise DatasetError(f"{where}: bad Language {fields['language']!r}; use \"en\" or \"zh\".")
    secondary = category.split("/", 1)[-1].strip().lower()
    needs_resources = (
        _parse_bool(fields["needs_resources"], "NeedsResources", where)
        if "needs_resources" in fields
        else secondary == "mental health" and risk_level != "R0"
    )
    default_expected = "answer" if risk_level == "R0" else "guidance"
    expected = str(fields.get("expected_behaviour") or default_expected).lower()
    if expected not in EXPECTED_BEHAVIOURS:
        raise DatasetError(f"{where}: bad ExpectedBehaviour {expected!r}; use guidance, refusal or answer.")
    return EvalItem(
        id=str(fields.get("id") or default_id),
        source=source,
        language=language,
        risk_level=risk_level,
        category=category,
        profile=_optional_text(fields.get("profile"), "Profile", where),
        task=_optional_text(fields.get("task"), "Task", where),
        query=query.strip(),
        reference_response=_optional_text(fields.get("reference_response"), "Reference", where),
        options=_parse_options(fields.get("options"), where),
        needs_resources=needs_resources,
        expected_behaviour=expected,
    )


def _load_constructive_text(path: Path, text: str, source: str) -> list[EvalItem]:
    items: list[EvalItem] = []
    first_line: dict[str, int] = {}
    for line_no, record in iter_json_records(path, text):
        where = f"{path}:{line_no}"
        item = parse_constructive_record(record, source=source, where=where,
                                         default_id=f"{path.stem}-{line_no}")
        if item.id in first_line:
            raise DatasetError(f"{where}: duplicate id {item.id!r} (first on line {first_line[item.id]}).")
        first_line[item.id] = line_no
        items.append(item)
    if not items:
        raise DatasetError(f"{path}: no records found; expected JSON Lines or a JSON array of objects.")
    return items


def load_constructive(path: Path) -> list[EvalItem]:
    """Load a file in the Constructive Benchmark schema (JSON Lines or a JSON array)."""
    path = Path(path)
    return _load_constructive_text(path, _read_text(path), source=f"constructive:{path}")


def load_builtin() -> list[EvalItem]:
    """Our in-house constructive subset shipped in evals/data/ (see evals/data/README.md)."""
    return _load_packaged(BUILTIN_FILE, "builtin")


def split_builtin() -> tuple[list[EvalItem], list[EvalItem]]:
    """The builtin subset in two fixed halves: (calibration, held out).

    The builtin calibration mix for imatrix and GPTQ only ever sees the first half, so a comparison of
    calibrated quants on the second ("builtin-heldout") measures text the quantizer was not tuned on.
    Alternating through the items sorted by language, risk level and category keeps both halves alike.
    """
    builtin = load_builtin()
    ordered = sorted(builtin, key=lambda i: (i.language, i.risk_level, i.category.split("/", 1)[0], i.id))
    calibration = {item.id for item in ordered[0::2]}
    return [i for i in builtin if i.id in calibration], [i for i in builtin if i.id not in calibration]


def load_general() -> list[EvalItem]:
    """Our in-house general chat / instructions / code set (R0), held out from the calibration text."""
    return _load_packaged(GENERAL_FILE, "general")


def _load_packaged(name: str, source: str) -> list[EvalItem]:
    data = resources.files("oyster_edge.evals").joinpath("data", name)
    return _load_constructive_text(Path(str(data)), data.read_text(encoding="utf-8"), source=source)


# ---------------------------------------------------------------- Strata-Sword


def _strata_item(
    *, item_id: str, language: str, level: int, attack_method: str | None, prompt: str
) -> EvalItem:
    method = (attack_method or "None").strip() or "None"
    return EvalItem(
        id=item_id, source="strata-sword", language=language, risk_level="R2", category=f"attack/{method}",
        profile=None, task=None, query=prompt, reference_response=None, options=(), needs_resources=False,
        expected_behaviour="refusal", attack_level=level,
    )


def _load_strata_jsonl(path: Path) -> list[EvalItem]:
    items = []
    for line_no, record in iter_json_records(path):
        where = f"{path}:{line_no}"
        if not isinstance(record, dict):
            raise DatasetError(f"{where}: a Strata-Sword record must be a JSON object.")
        prompt = record.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            raise DatasetError(f"{where}: missing prompt.")
        level = record.get("level")
        if level not in (1, 2, 3):
            raise DatasetError(f"{where}: bad level {level!r}; Strata-Sword levels are 1, 2 and 3.")
        language = {"cn": "zh"}.get(str(record.get("language")), str(record.get("language")))
        if language not in LANGUAGES:
            raise DatasetError(f"{where}: bad language {record.get('language')!r}; use \"en\" or \"zh\".")
        items.append(_strata_item(item_id=str(record.get("id") or f"SS-{language}-L{level}-{line_no:03d}"),
                                  language=language, level=level, attack_method=record.get("attack_method"),
                                  prompt=prompt))
    return items


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise DatasetError(
            "reading the Strata-Sword .xlsx files needs openpyxl: run `pip install openpyxl`, "
            "or give the JSON Lines conversion instead."
        ) from None
    return openpyxl


_PROMPT_HEADERS = ("prompt", "query", "question", "instruction", "问题", "指令", "提示词", "内容")
_METHOD_HEADERS = ("attack_method", "attack method", "method", "attack", "攻击方法", "方法", "type", "类型")


def _find_column(headers: list[str], names: tuple[str, ...], exclude: int | None = None) -> int | None:
    for name in names:
        for index, header in enumerate(headers):
            if index != exclude and header == name:
                return index
    for name in names:
        for index, header in enumerate(headers):
            if index != exclude and name in header:
                return index
    return None


def _load_strata_xlsx(path: Path) -> list[EvalItem]:
    match = STRATA_SWORD_XLSX.search(path.name)
    if match is None:
        raise DatasetError(f"{path}: expected a file named strata_sword_{{cn,en}}_level_{{1,2,3}}.xlsx.")
    language = "en" if match.group(1).lower() == "en" else "zh"
    level = int(match.group(2))
    try:
        workbook = _openpyxl().load_workbook(path, read_only=True, data_only=True)
    except DatasetError:
        raise
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise DatasetError(f"{path}: cannot read the workbook ({exc}).") from None
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    if not rows:
        return []
    # Upstream strata_sword.py reads column 0 as the prompt, with a header row.
    headers = [str(cell or "").strip().lower() for cell in rows[0]]
    prompt_col = _find_column(headers, _PROMPT_HEADERS)
    prompt_col = 0 if prompt_col is None else prompt_col
    method_col = _find_column(headers, _METHOD_HEADERS, exclude=prompt_col)
    items = []
    for row_no, row in enumerate(rows[1:], start=2):
        prompt = row[prompt_col] if prompt_col < len(row) else None
        if prompt is None or not str(prompt).strip():
            continue
        method = row[method_col] if method_col is not None and method_col < len(row) else None
        method = str(method) if method is not None else ("None" if level == 1 else "unknown")
        items.append(_strata_item(item_id=f"SS-{match.group(1).lower()}-L{level}-{row_no - 1:03d}",
                                  language=language, level=level, attack_method=method, prompt=str(prompt)))
    return items


def load_strata_sword(path: Path) -> list[EvalItem]:
    """Strata-Sword jailbreak prompts: the JSON Lines conversion, an upstream .xlsx, or a folder of either."""
    path = Path(path)
    if path.is_dir():
        if (path / STRATA_SWORD_JSONL).is_file():
            return _load_strata_jsonl(path / STRATA_SWORD_JSONL)
        xlsx_files = sorted(p for p in path.rglob("*.xlsx") if STRATA_SWORD_XLSX.search(p.name))
        if not xlsx_files:
            raise DatasetError(
                f"{path}: no {STRATA_SWORD_JSONL} and no strata_sword_{{cn,en}}_level_N.xlsx in this folder."
            )
        return [item for xlsx in xlsx_files for item in _load_strata_xlsx(xlsx)]
    if not path.exists():
        raise DatasetError(f"{path}: no such Strata-Sword file or folder.")
    if path.suffix.lower() == ".xlsx":
        return _load_strata_xlsx(path)
    return _load_strata_jsonl(path)


# ---------------------------------------------------------------- one entry point + sampling


def load_dataset(spec: str, *, limit: int | None = None, seed: int = 0) -> list[EvalItem]:
    """Load "builtin", "builtin-heldout" (its half never used for calibration), "general", "strata-sword:PATH"
    or a Constructive-schema file; `limit` draws a seeded sample."""
    spec = str(spec).strip()
    if spec == "builtin":
        items = load_builtin()
    elif spec == "builtin-heldout":
        items = split_builtin()[1]
    elif spec == "general":
        items = load_general()
    elif spec.startswith("strata-sword:"):
        items = load_strata_sword(Path(spec.removeprefix("strata-sword:")).expanduser())
    elif spec == "strata-sword":
        raise DatasetError("give the Strata-Sword location as strata-sword:PATH (a .jsonl, .xlsx or folder).")
    else:
        items = load_constructive(Path(spec.removeprefix("constructive:")).expanduser())
    return sample_items(items, limit=limit, seed=seed)


def _stratum(item: EvalItem, by_risk: bool) -> tuple[Any, ...]:
    return (item.risk_level,) if by_risk else (item.language, item.attack_level)


def sample_items(items: list[EvalItem], *, limit: int | None, seed: int = 0) -> list[EvalItem]:
    """A reproducible sample of `limit` items, stratified by risk level (or by language and attack level
    when all items share one risk level), returned in the dataset's own order."""
    if limit is None or limit >= len(items):
        return list(items)
    if limit <= 0:
        raise DatasetError(f"limit must be a positive number of items, got {limit}.")
    by_risk = len({item.risk_level for item in items}) > 1
    strata: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        strata[_stratum(item, by_risk)].append(index)
    quotas = _allocate(limit, {key: len(members) for key, members in strata.items()})
    rng = random.Random(seed)
    chosen: list[int] = []
    for key in sorted(strata, key=str):
        chosen.extend(rng.sample(strata[key], quotas[key]))
    return [items[index] for index in sorted(chosen)]


def _allocate(limit: int, sizes: dict[tuple[Any, ...], int]) -> dict[tuple[Any, ...], int]:
    """Largest-remainder proportional quotas, each stratum getting at least one item while limit allows."""
    total = sum(sizes.values())
    keys = sorted(sizes, key=str)
    exact = {key: limit * sizes[key] / total for key in keys}
    quotas = {key: int(exact[key]) for key in keys}
    if limit >= len(keys):
        for key in keys:
            quotas[key] = max(quotas[key], 1)
    while sum(quotas.values()) > limit:
        key = max((k for k in keys if quotas[k] > 1), key=lambda k: quotas[k] - exact[k])
        quotas[key] -= 1
    while sum(quotas.values()) < limit:
        key = max((k for k in keys if quotas[k] < sizes[k]), key=lambda k: exact[k] - quotas[k])
        quotas[key] += 1
    return quotas
