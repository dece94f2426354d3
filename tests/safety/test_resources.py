"""Bundled crisis lines: schema, known numbers, freshness, country detection and safe-messaging text."""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import replace
from datetime import date, timedelta
from importlib import resources as importlib_resources

import pytest

from oyster_edge.errors import OysterError
from oyster_edge.safety.resources import (
    INTL,
    CountryResources,
    CrisisLine,
    detect_country,
    format_resources,
    load_resources,
    parse_resources,
    resources_for,
)

REQUIRED = ("US", "CA", "GB", "IE", "AU", "NZ", "CN", "HK", "TW", "SG", "IN", INTL)
STALE_AFTER = timedelta(days=365)


def _raw_document() -> dict:
    text = importlib_resources.files("oyster_edge.safety").joinpath("data", "crisis_lines.json").read_text("utf-8")
    return json.loads(text)


def test_data_file_schema() -> None:
    document = _raw_document()
    assert document["schema_version"] == 1
    for code in REQUIRED:
        assert code in document["countries"], code
    for code, entry in document["countries"].items():
        assert code == INTL or re.fullmatch(r"[A-Z]{2}", code)
        assert isinstance(entry["country_name"], str) and entry["country_name"]
        assert re.search(r"\d", entry["emergency_number"]), code
        assert entry["lines"], code
        for line in entry["lines"]:
            assert set(line) >= {"name", "phone", "sms", "chat_url", "hours", "languages", "source_url",
                                 "verified_on", "notes"}, (code, line)
            assert line["phone"] or line["sms"] or line["chat_url"], (code, line["name"])
            for field in ("phone", "sms"):
                assert line[field] is None or re.fullmatch(r"[0-9 +()-]+", line[field]), (code, line[field])
            assert line["source_url"].startswith("https://")
            assert line["chat_url"] is None or line["chat_url"].startswith("https://")
            assert line["languages"] and all(isinstance(language, str) for language in line["languages"])
            date.fromisoformat(line["verified_on"])
    assert "wikipedia.org" not in json.dumps(document), "write entries from primary sources"
    assert "findahelpline" not in json.dumps(document), "findahelpline's terms forbid copying"


def test_loaded_table_matches_the_file() -> None:
    table = load_resources()
    assert set(REQUIRED) <= set(table)
    assert all(isinstance(entry, CountryResources) and entry.lines for entry in table.values())
    assert all(isinstance(line, CrisisLine) for entry in table.values() for line in entry.lines)


def _numbers(code: str) -> set[str]:
    entry = resources_for(code)
    return {value for line in entry.lines for value in (line.phone, line.sms) if value}


def test_known_numbers() -> None:
    us = resources_for("US")
    lifeline = next(line for line in us.lines if line.phone == "988")
    assert lifeline.sms == "988"
    assert any(line.sms == "741741" and line.sms_keyword == "HOME" for line in us.lines)
    assert {"988"} <= _numbers("CA")
    assert "116 123" in _numbers("GB") and "116 123" in _numbers("IE")
    assert "13 11 14" in _numbers("AU")
    assert "1737" in _numbers("NZ") and any(line.sms == "1737" for line in resources_for("NZ").lines)
    assert "12356" in _numbers("CN")
    assert "2896 0000" in _numbers("HK")
    assert "1925" in _numbers("TW")
    intl = resources_for(INTL)
    assert intl.emergency_number == "112"
    links = " ".join(line.chat_url or "" for line in intl.lines)
    assert "iasp.info" in links and "who.int" in links
    assert resources_for("US").emergency_number == "911" and resources_for("GB").emergency_number == "999"


def stale_entries(table: dict[str, CountryResources], today: date) -> list[str]:
    return [f"{code}: {line.name} (verified {line.verified_on})" for code, entry in table.items()
            for line in entry.lines if today - line.verified_on > STALE_AFTER]


def test_warns_when_an_entry_is_older_than_a_year() -> None:
    stale = stale_entries(load_resources(), date.today())
    for entry in stale:
        warnings.warn(f"crisis line not re-verified for over a year, check it: {entry}", UserWarning, stacklevel=1)
    assert all(line.verified_on <= date.today() for entry in load_resources().values() for line in entry.lines)


def test_staleness_check_flags_old_entries() -> None:
    us = resources_for("US")
    old = replace(us, lines=(replace(us.lines[0], verified_on=date(2020, 1, 1)),))
    assert stale_entries({"US": old}, date(2026, 11, 22)) == ["US: 988 Suicide & Crisis Lifeline (verified 2020-01-01)"]
    assert stale_entries({"US": us}, us.lines[0].verified_on + timedelta(days=30)) == []


@pytest.mark.parametrize(("flag", "config", "env", "expected"), [
    ("au", "GB", {"LANG": "en_US.UTF-8"}, "AU"),
    (None, "gb", {"LANG": "en_US.UTF-8"}, "GB"),
    (None, None, {"LANG": "en_GB.UTF-8"}, "GB"),
    (None, None, {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "TW"),
    (None, None, {"LC_MESSAGES": "zh_CN", "LANG": "en_US"}, "CN"),
    (None, None, {"LANG": "zh_Hant_HK.UTF-8"}, "HK"),
    (None, None, {"LANG": "C.UTF-8"}, INTL),
    (None, None, {}, INTL),
    ("uk", None, {}, "GB"),
    ("", "  ", {"LANG": "en_NZ"}, "NZ"),
])
def test_detect_country_precedence(flag, config, env, expected) -> None:
    assert detect_country(flag=flag, config_country=config, env=env) == expected


@pytest.mark.parametrize("code", [None, "", "XX", "ZZ", "intl", "123", "united states"])
def test_unknown_country_falls_back_to_international_and_never_raises(code) -> None:
    entry = resources_for(code)
    assert entry.country == INTL and entry.lines


@pytest.mark.parametrize("code", REQUIRED)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_safe_messaging_text(code: str, language: str) -> None:
    entry = resources_for(code)
    text = format_resources(entry, language)
    lowered = text.lower()
    assert "committed suicide" not in lowered and "commit suicide" not in lowered
    assert not re.search(r"\b(?:mg|lethal|overdose|noose|jump)\b", lowered)
    first_line = text.splitlines()[0]
    hope = ("alone", "help", "ease") if language == "en" else ("不必", "獨自", "独自")
    assert any(word in first_line for word in hope), first_line
    if any(line.phone for line in entry.lines):
        assert ("call " in text) if language == "en" else ("拨打" in text or "撥打" in text)
    if any(line.sms for line in entry.lines):
        assert ("text " in text) if language == "en" else ("短信" in text or "簡訊" in text or "发送" in text
                                                           or "傳送" in text)
    assert entry.emergency_number in text
    if language == "zh":
        assert re.search(r"[\u4e00-\u9fff]", first_line)


def test_chinese_text_uses_traditional_script_for_taiwan_and_hong_kong() -> None:
    assert "獨自" in format_resources(resources_for("TW"), "zh")
    assert "独自" in format_resources(resources_for("CN"), "zh")
    both = format_resources(resources_for("CN"), "mixed")
    assert "独自" in both and "alone" in both


def test_invalid_documents_are_rejected() -> None:
    good = _raw_document()
    with pytest.raises(OysterError, match="INTL"):
        parse_resources({"countries": {"US": good["countries"]["US"]}})
    broken = json.loads(json.dumps(good))
    del broken["countries"]["GB"]["lines"][0]["source_url"]
    with pytest.raises(OysterError, match="source_url"):
        parse_resources(broken)
    no_contact = json.loads(json.dumps(good))
    line = no_contact["countries"]["NZ"]["lines"][0]
    line["phone"] = line["sms"] = line["chat_url"] = None
    with pytest.raises(OysterError, match="no phone"):
        parse_resources(no_contact)
    bad_date = json.loads(json.dumps(good))
    bad_date["countries"]["AU"]["lines"][0]["verified_on"] = "last week"
    with pytest.raises(OysterError, match="verified_on"):
        parse_resources(bad_date)
