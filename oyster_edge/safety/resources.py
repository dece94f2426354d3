"""Offline crisis resources: the bundled crisis_lines.json, country detection and safe-messaging text.

The text follows safe-messaging guidance: lead with hope and one concrete next step, offer several ways
to reach someone (call, text, chat), give no method details, and never say "committed suicide".
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources as importlib_resources

from oyster_edge.errors import OysterError

DATA_FILE = "crisis_lines.json"
INTL = "INTL"
_COUNTRY_ALIASES = {"UK": "GB", "EN": "GB", "INT": INTL, "WORLD": INTL}
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_LOCALE_REGION = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z]{4})?[_-]([A-Za-z]{2})(?:[.@]|$)")
_TRADITIONAL = ("TW", "HK", "MO")
_LINE_FIELDS = ("name", "phone", "sms", "chat_url", "hours", "languages", "source_url", "verified_on", "notes")


@dataclass(frozen=True)
class CrisisLine:
    name: str
    phone: str | None
    sms: str | None
    chat_url: str | None
    hours: str
    languages: tuple[str, ...]
    source_url: str
    verified_on: date
    notes: str | None = None
    local_name: str | None = None
    sms_keyword: str | None = None


@dataclass(frozen=True)
class CountryResources:
    country: str  # ISO 3166-1 alpha-2, or "INTL"
    country_name: str
    emergency_number: str
    lines: tuple[CrisisLine, ...]


def _parse_line(country: str, raw: Mapping[str, object]) -> CrisisLine:
    missing = [field for field in _LINE_FIELDS if field not in raw]
    if missing:
        raise OysterError(f"{DATA_FILE}: a {country} line lacks {', '.join(missing)}; add the fields.")
    name = str(raw["name"])
    if not (raw["phone"] or raw["sms"] or raw["chat_url"]):
        raise OysterError(f"{DATA_FILE}: {country} line {name!r} has no phone, sms or chat_url; give one.")
    languages = raw["languages"]
    if not isinstance(languages, list) or not languages:
        raise OysterError(f"{DATA_FILE}: {country} line {name!r} needs a non-empty languages list.")
    source_url = str(raw["source_url"])
    if not source_url.startswith("https://"):
        raise OysterError(f"{DATA_FILE}: {country} line {name!r} source_url must be an https:// address.")
    try:
        verified_on = date.fromisoformat(str(raw["verified_on"]))
    except ValueError as exc:
        raise OysterError(f"{DATA_FILE}: {country} line {name!r} verified_on is not YYYY-MM-DD.") from exc

    def text(field: str) -> str | None:
        value = raw.get(field)
        return None if value in (None, "") else str(value)

    return CrisisLine(
        name=name, phone=text("phone"), sms=text("sms"), chat_url=text("chat_url"), hours=str(raw["hours"]),
        languages=tuple(str(language) for language in languages), source_url=source_url,
        verified_on=verified_on, notes=text("notes"), local_name=text("local_name"),
        sms_keyword=text("sms_keyword"),
    )


def parse_resources(document: Mapping[str, object]) -> dict[str, CountryResources]:
    """Validate a crisis-lines document (the bundled file's shape) and build the lookup table."""
    countries = document.get("countries")
    if not isinstance(countries, dict) or INTL not in countries:
        raise OysterError(f"{DATA_FILE}: needs a 'countries' object with an {INTL} fallback entry.")
    table = {}
    for code, entry in countries.items():
        if not (code == INTL or re.fullmatch(r"[A-Z]{2}", code)):
            raise OysterError(f"{DATA_FILE}: country key {code!r} is not ISO alpha-2 or {INTL}.")
        lines = tuple(_parse_line(code, raw) for raw in entry.get("lines", ()))
        if not lines or not entry.get("emergency_number"):
            raise OysterError(f"{DATA_FILE}: {code} needs an emergency_number and at least one line.")
        table[code] = CountryResources(code, str(entry["country_name"]), str(entry["emergency_number"]), lines)
    return table


@cache
def load_resources() -> dict[str, CountryResources]:
    """The bundled crisis lines by country code, validated (cached: the file ships with the package)."""
    text = importlib_resources.files("oyster_edge.safety").joinpath("data", DATA_FILE).read_text("utf-8")
    return parse_resources(json.loads(text))


def _normalise_country(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    code = value.strip().upper()
    return _COUNTRY_ALIASES.get(code, code)


def country_from_locale(value: str | None) -> str | None:
    """The region of a POSIX locale name: en_GB.UTF-8 -> GB, zh_TW -> TW, zh_Hant_HK -> HK; C/POSIX -> None."""
    if not value:
        return None
    match = _LOCALE_REGION.match(value.strip())
    return match.group(1).upper() if match else None


def detect_country(flag: str | None = None, config_country: str | None = None,
                   env: Mapping[str, str] | None = None) -> str:
    """Country for resources: --country flag, then kiosk config, then the locale, then "INTL"."""
    for chosen in (flag, config_country):
        code = _normalise_country(chosen)
        if code:
            return code
    environment = os.environ if env is None else env
    for variable in _LOCALE_VARIABLES:
        value = environment.get(variable)
        if value:  # POSIX: the first one set decides, even when it names no region (C, POSIX)
            return country_from_locale(value) or INTL
    return INTL


def resources_for(country: str | None) -> CountryResources:
    """Resources for a country code; an unknown or missing code gets the international fallback."""
    table = load_resources()
    return table.get(_normalise_country(country) or INTL, table[INTL])


_TEXT = {
    "en": {
        "hope": "You don't have to face this alone. People want to help, and feelings this heavy can ease.",
        "step": "One thing you can do right now: reach out to one of these free, confidential services.",
        "call": "call {}", "text": "text {}", "text_keyword": "text {} to {}", "chat": "chat at {}",
        "find": "find a helpline at {}", "learn": "learn more at {}", "24/7": "24/7",
        "danger": "If you might act on thoughts of ending your life, or are in danger now, call {} (emergency "
                  "services) or go to the nearest emergency department.",
        "intl_danger": "If you are in danger now, call your local emergency number ({} works from most mobile "
                       "phones in many countries).",
        "trust": "If reaching out feels hard, ask someone you trust to stay with you while you call or text.",
    },
    "zh-Hant": {
        "hope": "你不必獨自面對這些。有人願意陪你、幫你，再沉重的感受也可以慢慢減輕。",
        "step": "現在就可以做的一步：聯絡下面任意一個免費、保密的支持管道。",
        "call": "撥打 {}", "text": "傳簡訊到 {}", "text_keyword": "傳送 {} 到 {}", "chat": "線上交談：{}",
        "find": "查詢求助熱線：{}", "learn": "了解更多：{}", "24/7": "24小時",
        "danger": "如果你可能會傷害自己，或現在有危險，請立即撥打 {}（緊急服務），或前往最近的醫院急診。",
        "intl_danger": "如果你現在有危險，請撥打當地的緊急電話（多數國家的手機都可撥打 {}）。",
        "trust": "如果一個人開口很難，可以請一位你信任的人陪在身邊，一起打電話或傳訊息。",
    },
    "zh": {
        "hope": "你不必独自面对这些。有人愿意陪你、帮你，再沉重的感受也可以慢慢减轻。",
        "step": "现在就可以做的一步：联系下面任意一个免费、保密的支持渠道。",
        "call": "拨打 {}", "text": "发短信到 {}", "text_keyword": "发送 {} 到 {}", "chat": "在线交流：{}",
        "find": "查找求助热线：{}", "learn": "了解更多：{}", "24/7": "24小时",
        "danger": "如果你可能会伤害自己，或现在有危险，请立即拨打 {}（紧急服务），或前往最近的医院急诊。",
        "intl_danger": "如果你现在有危险，请拨打当地的紧急电话（多数国家的手机都可拨打 {}）。",
        "trust": "如果一个人开口很难，可以请一位你信任的人陪在身边，一起打电话或发信息。",
    },
}


def _ways(line: CrisisLine, words: Mapping[str, str]) -> list[str]:
    ways = []
    if line.phone:
        ways.append(words["call"].format(line.phone))
    if line.sms:
        ways.append(words["text_keyword"].format(line.sms_keyword, line.sms) if line.sms_keyword
                    else words["text"].format(line.sms))
    if line.chat_url:
        kind = {"directory": "find", "information": "learn"}.get(line.hours, "chat")
        ways.append(words[kind].format(line.chat_url))
    return ways


def _format_one(res: CountryResources, language: str) -> str:
    chinese = language == "zh"
    words = _TEXT["zh-Hant" if chinese and res.country in _TRADITIONAL else language]
    parts = [words["hope"], words["step"], ""]
    for line in res.lines:
        name = line.local_name if chinese and line.local_name else line.name
        hours = f" ({words['24/7']})" if line.hours == "24/7" else ""
        parts.append(f"- {name}: {', '.join(_ways(line, words))}{hours}")
    parts.append("")
    danger = words["intl_danger"] if res.country == INTL else words["danger"]
    parts.append(danger.format(res.emergency_number))
    parts.append(words["trust"])
    return "\n".join(parts)


def format_resources(res: CountryResources, language: str = "en") -> str:
    """Plain-text/Markdown resources in English ("en"), Chinese ("zh") or both ("mixed")."""
    if language == "mixed":
        return _format_one(res, "zh") + "\n\n" + _format_one(res, "en")
    return _format_one(res, "zh" if language.startswith("zh") else "en")
