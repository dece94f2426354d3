"""`oyster-edge assess` and `oyster-edge resources` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from oyster_edge.cli import app
from oyster_edge.errors import OysterError

runner = CliRunner()


def test_assess_text_prints_a_readable_line() -> None:
    result = runner.invoke(app, ["assess", "I have the pills ready tonight"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("imminent [SURFACE RESOURCES]")
    calm = runner.invoke(app, ["assess", "this bug is killing me"])
    assert calm.output.startswith("none [ok]")


def test_assess_json_for_one_message() -> None:
    result = runner.invoke(app, ["assess", "我不想活了", "--json"])
    payload = json.loads(result.output)
    assert payload["level"] == "ideation" and payload["surface_resources"] is True
    assert payload["text"] == "我不想活了" and isinstance(payload["signals"], list)


def test_assess_file_writes_one_json_object_a_line_in_order(tmp_path: Path) -> None:
    messages = ["kill the process", "nobody would notice if I was gone", "笑死", "my friend wants to kill herself"]
    source = tmp_path / "messages.txt"
    source.write_text("\n".join(messages) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["assess", "--file", str(source)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["text"] for row in rows] == messages
    assert [row["surface_resources"] for row in rows] == [False, True, False, True]
    assert rows[3]["about_other"] is True
    assert all({"text", "level", "surface_resources", "signals"} <= set(row) for row in rows)


def test_assess_reads_stdin_lines_with_dash_or_no_text() -> None:
    for arguments in (["assess", "-", "--json"], ["assess", "--json"]):
        result = runner.invoke(app, arguments, input="kms\nhello\n")
        rows = [json.loads(line) for line in result.output.splitlines()]
        assert [row["surface_resources"] for row in rows] == [True, False]


def test_assess_missing_file_is_a_user_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", "--file", str(tmp_path / "nope.txt")])
    assert isinstance(result.exception, OysterError)
    assert "nope.txt" in str(result.exception)


def test_resources_for_a_country_and_as_json() -> None:
    result = runner.invoke(app, ["resources", "--country", "GB"])
    assert result.exit_code == 0
    assert "116 123" in result.output and "text SHOUT to 85258" in result.output
    payload = json.loads(runner.invoke(app, ["resources", "--country", "tw", "--json"]).output)
    assert payload["country"] == "TW" and any(line["phone"] == "1925" for line in payload["lines"])
    chinese = runner.invoke(app, ["resources", "--country", "CN", "--language", "zh"])
    assert "12356" in chinese.output and "拨打" in chinese.output


def test_resources_fall_back_to_international_and_follow_the_locale() -> None:
    unknown = runner.invoke(app, ["resources", "--country", "XX"])
    assert unknown.exit_code == 0 and "international" in unknown.output and "112" in unknown.output
    by_locale = runner.invoke(app, ["resources"], env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_AU.UTF-8"})
    assert "13 11 14" in by_locale.output
    taiwan = runner.invoke(app, ["resources"], env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_TW.UTF-8"})
    assert "1925" in taiwan.output and "撥打" in taiwan.output
    plain = runner.invoke(app, ["resources"], env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C"})
    assert plain.exit_code == 0 and "112" in plain.output
