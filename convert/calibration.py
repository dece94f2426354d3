"""Calibration conversations for GPTQ and imatrix: what the quantizer sees decides what it preserves.

The default mix keeps Oy1's constructive-safety behaviour in view (the calibration half of our builtin
subset: prompts with their reference answers) next to general chat, instruction following and programming
Q&A, in English and Chinese.
Conversations are lists of {"role", "content"} messages; the caller renders them with the model's own chat
template. Jailbreak prompts (Strata-Sword) never enter calibration: they are evaluation data only.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from oyster_edge.evals.datasets import LANGUAGES, DatasetError, EvalItem, iter_json_records, split_builtin

Conversation = list[dict[str, str]]

GENERAL_FILE = "calibration_general.jsonl"
ROLES = ("system", "user", "assistant")
_SHAREGPT_ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant",
                   "system": "system"}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _check_languages(languages: tuple[str, ...]) -> None:
    unknown = [language for language in languages if language not in LANGUAGES]
    if unknown or not languages:
        raise DatasetError(f"calibration languages must be among {', '.join(LANGUAGES)}; got {languages!r}.")


def is_jailbreak_item(item: EvalItem) -> bool:
    return item.source == "strata-sword" or item.category.startswith("attack/") or item.attack_level is not None


def safety_conversations(languages: tuple[str, ...] = LANGUAGES) -> list[Conversation]:
    """The calibration half of our builtin constructive subset: each query with its constructive reference
    answer (the other half, `--dataset builtin-heldout`, stays out of calibration to judge it)."""
    return _conversations(split_builtin()[0], languages)


def held_out_safety_conversations(languages: tuple[str, ...] = LANGUAGES) -> list[Conversation]:
    """The builtin half that calibration never sees, as conversations: for measuring a calibration."""
    return _conversations(split_builtin()[1], languages)


def _conversations(items: list[EvalItem], languages: tuple[str, ...]) -> list[Conversation]:
    conversations = []
    for item in items:
        if is_jailbreak_item(item):
            raise DatasetError(f"builtin item {item.id} is a jailbreak prompt; it must not be used for calibration.")
        if item.language in languages and item.reference_response:
            conversations.append([{"role": "user", "content": item.query},
                                  {"role": "assistant", "content": item.reference_response}])
    return conversations


def general_conversations(kind: str, languages: tuple[str, ...] = LANGUAGES) -> list[Conversation]:
    """Our general-chat ("general") or programming ("code") conversations from convert/data/."""
    data = resources.files("oyster_edge.convert").joinpath("data", GENERAL_FILE)
    path = Path(str(data))
    conversations = []
    for line_no, record in iter_json_records(path, data.read_text(encoding="utf-8")):
        where = f"{path}:{line_no}"
        if not isinstance(record, dict) or record.get("kind") not in ("general", "code"):
            raise DatasetError(f"{where}: expected an object with kind \"general\" or \"code\".")
        if record["kind"] == kind and record.get("language") in languages:
            conversations.append(_messages(record.get("messages"), where))
    return conversations


def _spread(parts: list[list[Conversation]]) -> list[Conversation]:
    """Merge the parts so that every prefix of the result holds them in proportion (GPTQ takes the first N)."""
    keyed = [((index + 0.5) / len(part), order, conversation)
             for order, part in enumerate(parts) if part
             for index, conversation in enumerate(part)]
    return [conversation for _, _, conversation in sorted(keyed, key=lambda entry: (entry[0], entry[1]))]


def calibration_conversations(
    *,
    include_safety: bool = True,
    include_general: bool = True,
    include_code: bool = True,
    languages: tuple[str, ...] = LANGUAGES,
) -> list[Conversation]:
    """The default calibration mix: safety, general and code conversations, evenly interleaved."""
    languages = tuple(languages)
    _check_languages(languages)
    parts = []
    for included, load in ((include_safety, lambda language: safety_conversations((language,))),
                           (include_general, lambda language: general_conversations("general", (language,))),
                           (include_code, lambda language: general_conversations("code", (language,)))):
        if included:
            parts.append(_spread([load(language) for language in languages]))
    conversations = _spread(parts)
    if not conversations:
        raise DatasetError("the calibration mix is empty: include at least one of safety, general or code.")
    return conversations


# ---------------------------------------------------------------- user-supplied calibration files


def _messages(value: Any, where: str) -> Conversation:
    if not isinstance(value, list) or not value:
        raise DatasetError(f"{where}: \"messages\" must be a non-empty list of {{\"role\", \"content\"}} objects.")
    messages = []
    for message in value:
        if not isinstance(message, dict):
            raise DatasetError(f"{where}: every message must be an object with \"role\" and \"content\".")
        role, content = message.get("role"), message.get("content")
        if role not in ROLES:
            raise DatasetError(f"{where}: bad role {role!r}; use system, user or assistant.")
        if not isinstance(content, str) or not content.strip():
            raise DatasetError(f"{where}: every message needs a non-empty text \"content\".")
        messages.append({"role": role, "content": content})
    return messages


def _sharegpt(value: Any, where: str) -> Conversation:
    if not isinstance(value, list):
        raise DatasetError(f"{where}: \"conversations\" must be a list of {{\"from\", \"value\"}} objects.")
    converted = []
    for turn in value:
        role = _SHAREGPT_ROLES.get(str(turn.get("from", "")).lower()) if isinstance(turn, dict) else None
        if role is None:
            raise DatasetError(f"{where}: each conversation turn needs \"from\" (human/gpt/system) and \"value\".")
        converted.append({"role": role, "content": turn.get("value")})
    return _messages(converted, where)


def _record_conversation(record: Any, where: str) -> Conversation:
    if isinstance(record, str):
        record = {"text": record}
    if not isinstance(record, dict):
        raise DatasetError(f"{where}: expected an object with \"messages\", \"text\" or \"prompt\"/\"response\".")
    if "attack_method" in record or "strata_sword" in str(record.get("source_file", "")):
        raise DatasetError(f"{where}: this is a Strata-Sword jailbreak prompt; jailbreak prompts are for "
                           "evaluation only and must not be used as calibration data.")
    if "messages" in record:
        return _messages(record["messages"], where)
    if "conversations" in record:
        return _sharegpt(record["conversations"], where)
    if "text" in record:
        return _messages([{"role": "user", "content": record["text"]}], where)
    prompt = record.get("prompt", record.get("instruction"))
    response = record.get("response", record.get("completion", record.get("output")))
    if prompt is not None:
        turns = [{"role": "user", "content": prompt}]
        if response is not None:
            turns.append({"role": "assistant", "content": response})
        return _messages(turns, where)
    raise DatasetError(f"{where}: expected \"messages\", \"text\" or \"prompt\"/\"response\" in each record.")


def _looks_like_json(path: Path, text: str) -> bool:
    return path.suffix.lower() in (".jsonl", ".json", ".ndjson") or text.lstrip()[:1] in ("{", "[")


def load_calibration_file(path: Path) -> list[Conversation]:
    """Calibration conversations from JSON Lines ({"messages"}, {"text"}, {"prompt", "response"}, ShareGPT
    {"conversations"}) or from plain text, where each paragraph becomes one user message."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such calibration file; check the path.") from None
    except IsADirectoryError:
        raise DatasetError(f"{path}: is a folder; give a .jsonl or .txt calibration file.") from None
    except UnicodeDecodeError:
        raise DatasetError(f"{path}: not UTF-8 text; save the calibration file as UTF-8.") from None
    if _looks_like_json(path, text):
        try:
            records = list(iter_json_records(path, text))
        except DatasetError:
            if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
                raise
            records = None  # plain text that happens to start with a brace
        if records is not None:
            conversations = [_record_conversation(record, f"{path}:{line}") for line, record in records]
            return _non_empty(conversations, path)
    paragraphs = [paragraph.strip() for paragraph in _PARAGRAPH_BREAK.split(text) if paragraph.strip()]
    return _non_empty([[{"role": "user", "content": paragraph}] for paragraph in paragraphs], path)


def _non_empty(conversations: list[Conversation], path: Path) -> list[Conversation]:
    if not conversations:
        raise DatasetError(f"{path}: no calibration text found; the file is empty.")
    return conversations


def conversation_text(conversation: Conversation) -> str:
    """All message contents of a conversation, for checks and logs."""
    return "\n".join(message["content"] for message in conversation)


def describe_mix(conversations: list[Conversation]) -> dict[str, int]:
    """Counts of conversations by detected language, for progress messages."""
    from oyster_edge.evals.datasets import detect_language

    counts: dict[str, int] = {}
    for conversation in conversations:
        language = detect_language(conversation_text(conversation))
        counts[language] = counts.get(language, 0) + 1
    return dict(sorted(counts.items()))


__all__ = [
    "Conversation", "calibration_conversations", "conversation_text", "describe_mix", "general_conversations",
    "held_out_safety_conversations", "is_jailbreak_item", "load_calibration_file", "safety_conversations",
]
