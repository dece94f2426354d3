"""kiosk.toml: what an unattended terminal runs, validated up front with errors that name the field.

    model = "/opt/oyster/models/oy1"      # a .gguf file or a folder with manifest.json; relative to this file
    country = "CN"                        # whose crisis lines are shown (ISO 3166 alpha-2)
    language = "zh"                       # language of the welcome screen and the help panel at start
    idle_timeout_seconds = 180            # wipe the conversation after this long without input
    welcome_text = "..."                  # shown on the welcome screen
    max_tokens = 512
    quant = "Q4_K_M"                      # which GGUF of a model folder (needed when it holds several)
    sha256 = "..."                        # a bare .gguf with no manifest beside it: its expected checksum
    system_prompt = "..."                 # replaces Oy1's default constructive-safety prompt
    n_ctx = 4096
    [keys]                                # remap keys, e.g. resources = "f1,ctrl+r"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oyster_edge.errors import OysterError
from oyster_edge.fsutil import read_toml
from oyster_edge.tui.keys import keymap_from_table

DEFAULT_WELCOME = {
    "en": "Welcome. You can talk here privately about whatever is on your mind.\n"
    "Nothing you write is saved, and the conversation is erased when you leave.",
    "zh": "欢迎。你可以在这里放心地聊聊心里的事。\n你写下的内容不会被保存，离开后对话会被清除。",
}
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class KioskConfig:
    source: Path
    model: Path
    country: str
    language: str = "en"
    idle_timeout_seconds: float = 180.0
    welcome_text: str = ""
    max_tokens: int = 512
    quant: str | None = None
    sha256: str | None = None
    system_prompt: str | None = None
    n_ctx: int | None = None
    keymap: dict[str, str] = field(default_factory=dict)

    @property
    def welcome(self) -> str:
        return self.welcome_text or DEFAULT_WELCOME.get(self.language.split("-")[0], DEFAULT_WELCOME["en"])


def load_kiosk_config(path: Path) -> KioskConfig:
    if not path.is_file():
        raise OysterError(f"kiosk config {path} does not exist; write one (see tui/KIOSK.md), pass --config")
    data = read_toml(path, "kiosk config")
    return parse_kiosk_config(data, path)


def parse_kiosk_config(data: dict[str, Any], source: Path) -> KioskConfig:
    known = set(KioskConfig.__dataclass_fields__) - {"source", "keymap"} | {"keys"}
    unknown = sorted(set(data) - known)
    if unknown:
        listed = ", ".join(sorted(known))
        raise OysterError(f"{source}: unknown setting(s) {', '.join(unknown)}; known: {listed}")
    fields = _Fields(data, source)
    model_text = fields.text("model", required=True)
    model = Path(str(model_text)).expanduser()
    if not model.is_absolute():
        model = (source.parent / model).resolve()
    country = str(fields.text("country", required=True)).upper()
    if not COUNTRY_CODE.match(country):
        raise OysterError(f"{source}: country must be a two-letter code such as CN or US, not {country!r}")
    language = fields.text("language") or "en"
    if not LANGUAGE_CODE.match(language):
        raise OysterError(f"{source}: language must be a code such as \"en\" or \"zh\", not {language!r}")
    sha256 = (fields.text("sha256") or "").lower() or None
    if sha256 is not None and not SHA256_HEX.match(sha256):
        raise OysterError(f"{source}: sha256 must be 64 hexadecimal characters")
    return KioskConfig(
        source=source,
        model=model,
        country=country,
        language=language,
        idle_timeout_seconds=fields.number("idle_timeout_seconds", 180.0, minimum=0.05),
        welcome_text=fields.text("welcome_text") or "",
        max_tokens=int(fields.number("max_tokens", 512, minimum=16, integer=True)),
        quant=fields.text("quant"),
        sha256=sha256,
        system_prompt=fields.text("system_prompt"),
        n_ctx=int(fields.number("n_ctx", 0, minimum=256, integer=True)) if "n_ctx" in data else None,
        keymap=keymap_from_table(data["keys"], str(source)) if "keys" in data else {},
    )


@dataclass
class _Fields:
    data: dict[str, Any]
    source: Path

    def text(self, name: str, required: bool = False) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required:
                raise OysterError(f"{self.source}: missing required setting {name!r}")
            return None
        if not isinstance(value, str) or not value.strip():
            raise OysterError(f"{self.source}: {name} must be a non-empty string")
        return value.strip()

    def number(self, name: str, default: float, *, minimum: float, integer: bool = False) -> float:
        value = self.data.get(name, default)
        wrong_type = isinstance(value, bool) or not isinstance(value, int if integer else int | float)
        if wrong_type or value < minimum:
            kind = "an integer" if integer else "a number"
            raise OysterError(f"{self.source}: {name} must be {kind} of at least {minimum}, not {value!r}")
        return float(value)
