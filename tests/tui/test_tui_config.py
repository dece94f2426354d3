from __future__ import annotations

from pathlib import Path

import pytest

from oyster_edge.errors import OysterError
from oyster_edge.tui.tui_config import default_config_path, load_tui_config


def test_tui_config_reads_keys_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "tui.toml"
    path.write_text('country = "DE"\nmax_tokens = 256\n[keys]\ncopy_last = "ctrl+y"\nsend = "ctrl+s"\n')
    config = load_tui_config(path)
    assert config.country == "DE" and config.max_tokens == 256
    assert config.keymap == {"oyster.copy_last": "ctrl+y", "oyster.send": "ctrl+s"}


def test_tui_config_is_optional_at_the_default_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_config_path() == tmp_path / "oyster-edge" / "tui.toml"
    assert load_tui_config(None).keymap == {}
    with pytest.raises(OysterError, match="does not exist"):
        load_tui_config(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("toml", "message"),
    [("theme = 1\n", "unknown setting"), ("max_tokens = 2\n", "at least 16"), ("[keys]\nfly = \"x\"\n", "fly"),
     ("[keys]\nsend = 3\n", "string of keys")],
)
def test_tui_config_errors(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "tui.toml"
    path.write_text(toml)
    with pytest.raises(OysterError, match=message):
        load_tui_config(path)
