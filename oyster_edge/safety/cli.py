"""`oyster-edge assess` and `oyster-edge resources`: the safety layer from the command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from oyster_edge.errors import OysterError


def _messages(text: str | None, file: Path | None) -> Iterable[str]:
    if file is not None:
        if text not in (None, "-"):
            raise OysterError("give either TEXT or --file, not both.")
        if not file.is_file():
            raise OysterError(f"--file {file}: no such file; give a text file with one message a line.")
        with file.open(encoding="utf-8") as handle:
            yield from (line.rstrip("\r\n") for line in handle)
        return
    if text is None or text == "-":
        yield from (line.rstrip("\r\n") for line in sys.stdin)
        return
    yield text


def assess(
    text: Annotated[str | None, typer.Argument(help="Message to assess; '-' or nothing reads stdin lines.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="One message a line in, one result out.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
) -> None:
    """Grade messages for crisis risk (offline, deterministic, English and Chinese)."""
    from oyster_edge.safety.assess import assess_message

    for message in _messages(text, file):
        result = assess_message(message)
        if as_json or file is not None:
            typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
            continue
        flag = "SURFACE RESOURCES" if result.surface_resources else "ok"
        whose = " (about someone else)" if result.about_other else ""
        signals = ", ".join(result.signals) or "-"
        typer.echo(f"{result.level}{whose} [{flag}] signals: {signals} | {message}")


def resources(
    country: Annotated[str | None, typer.Option("--country", "-c", help="ISO code (US, GB, CN, TW...).")] = None,
    language: Annotated[str | None, typer.Option("--language", "-l", help="en, zh or mixed (default: locale).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entry as JSON.")] = False,
) -> None:
    """Show crisis lines for a country (flag, else locale); unknown countries get the international list."""
    from oyster_edge.safety.resources import detect_country, format_resources, resources_for

    language = language or _locale_language()
    if language not in ("en", "zh", "mixed"):
        raise OysterError(f"--language {language!r}: use en, zh or mixed.")
    code = detect_country(flag=country)
    entry = resources_for(code)
    if as_json:
        payload = {
            "requested": code,
            "country": entry.country,
            "country_name": entry.country_name,
            "emergency_number": entry.emergency_number,
            "lines": [
                {**line.__dict__, "languages": list(line.languages), "verified_on": line.verified_on.isoformat()}
                for line in entry.lines
            ],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if entry.country != code:
        typer.echo(f"No entry for {code}; showing international resources.\n")
    typer.echo(format_resources(entry, language))


def _locale_language() -> str:
    import os

    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
    app.command("resources")(resources)
