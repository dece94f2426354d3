"""The BPE vocabulary of a Hugging Face tokenizer.json, typed the way llama.cpp expects."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gguf

from oyster_edge.errors import OysterError

QWEN2_SPLIT = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
LLAMA3_SPLIT = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+"
    r"|\s+(?!\S)|\s+"
)
KNOWN_PRE_TOKENIZERS = ("qwen2", "llama-bpe", "smollm", "gpt-2")
SPECIAL_LOOKING = re.compile(r"^<\|.*\|>$|^<｜.*｜>$|^<(pad|mask|unk|s|/s)>$")


@dataclass(frozen=True)
class Vocab:
    tokens: list[str]
    token_types: list[int]
    pre_tokenizer: str
    adds_bos: bool


def load_vocab(folder: Path, vocab_size: int) -> Vocab:
    tokenizer = _read_tokenizer_json(folder / "tokenizer.json")
    model = tokenizer.get("model") or {}
    if model.get("type") != "BPE":
        raise OysterError(
            f"{folder / 'tokenizer.json'} holds a {model.get('type')} tokenizer; oyster-edge converts BPE tokenizers"
        )
    id_to_token = {index: token for token, index in model.get("vocab", {}).items()}
    added = {entry["id"]: entry for entry in tokenizer.get("added_tokens", [])}
    size = max(vocab_size, max(id_to_token, default=-1) + 1, max(added, default=-1) + 1)
    tokens: list[str] = []
    types: list[int] = []
    for index in range(size):
        if index in added:
            content = added[index]["content"]
            special = added[index].get("special") or SPECIAL_LOOKING.match(content) is not None
            tokens.append(content)
            types.append(gguf.TokenType.CONTROL if special else gguf.TokenType.USER_DEFINED)
        elif index in id_to_token:
            tokens.append(id_to_token[index])
            types.append(gguf.TokenType.NORMAL)
        else:
            tokens.append(f"[PAD{index}]")
            types.append(gguf.TokenType.UNUSED)
    return Vocab(
        tokens=tokens,
        token_types=types,
        pre_tokenizer=detect_pre_tokenizer(tokenizer, folder),
        adds_bos=_post_processor_adds_bos(tokenizer),
    )


def _post_processor_adds_bos(tokenizer: dict[str, Any]) -> bool:
    """True when transformers prepends a special token to every encoded text (Llama-3's <|begin_of_text|>)."""
    post = tokenizer.get("post_processor") or {}
    steps = post.get("processors", [post]) if post.get("type") == "Sequence" else [post]
    for step in steps:
        if step.get("type") == "TemplateProcessing":
            single = step.get("single") or []
            return bool(single) and "SpecialToken" in single[0]
    return False


def _read_tokenizer_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OysterError(f"missing tokenizer: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise OysterError(f"{path} is not valid JSON ({exc})") from None


def detect_pre_tokenizer(tokenizer: dict[str, Any], folder: Path) -> str:
    """Name llama.cpp's pre-tokenizer from the tokenizer's own split rules (llama.cpp hashes a test string)."""
    pre = tokenizer.get("pre_tokenizer") or {}
    steps = pre.get("pretokenizers", [pre]) if pre.get("type") == "Sequence" else [pre]
    patterns = [(step.get("pattern") or {}).get("Regex") for step in steps if step.get("type") == "Split"]
    kinds = [step.get("type") for step in steps]
    if QWEN2_SPLIT in patterns:
        return "qwen2"
    if LLAMA3_SPLIT in patterns:
        return "llama-bpe"
    digits = next((s for s in steps if s.get("type") == "Digits"), None)
    byte_level = next((s for s in steps if s.get("type") == "ByteLevel"), None)
    if digits and digits.get("individual_digits") and byte_level and byte_level.get("use_regex", True):
        return "smollm"
    if kinds == ["ByteLevel"] and byte_level and byte_level.get("use_regex", True):
        return "gpt-2"
    raise OysterError(
        f"{folder / 'tokenizer.json'}: unrecognised pre-tokenizer {json.dumps(pre)[:200]}; oyster-edge knows "
        f"{', '.join(KNOWN_PRE_TOKENIZERS)}"
    )
