"""The optional TUI config (TOML): key remaps and defaults, read from --config or the XDG config folder.

    country = "US"
    language = "en"
    max_tokens = 768
    [keys]
    resources = "f1,ctrl+r"
    copy_last = "ctrl+y"
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oyster_edge.errors import OysterError
from oyster_edge.fsutil import read_toml
from oyster_edge.tui.keys import keymap_from_table

KNOWN = ("country", "language", "max_tokens", "keys")


@dataclass(frozen=True)
class TuiConfig:
    country: str | None = None
    language: str | None = None
    max_tokens: int | None = None
    keymap: dict[str, str] = field(default_factory=dict)


def default_config_path(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = Path(env.get("XDG_CONFIG_HOME") or Path(env.get("HOME", "~")) / ".config").expanduser()
    return base / "oyster-edge" / "tui.toml"


def load_tui_config(path: Path | None) -> TuiConfig:
    """Read `path` (which must exist), or the default location when it exists, else the defaults."""
    if path is None:
        path = default_config_path()
        if not path.is_file():
            return TuiConfig()
    elif not path.is_file():
        raise OysterError(f"TUI config {path} does not exist")
    data = read_toml(path, "TUI config")
    return parse_tui_config(data, path)


def parse_tui_config(data: dict[str, Any], source: Path) -> TuiConfig:
    unknown = sorted(set(data) - set(KNOWN))
    if unknown:
        raise OysterError(f"{source}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(KNOWN)}")
    for name in ("country", "language"):
        if name in data and not isinstance(data[name], str):
            raise OysterError(f"{source}: {name} must be a string")
    max_tokens = data.get("max_tokens")
    if max_tokens is not None and (isinstance(max_tokens, bool) or not isinstance(max_tokens, int)
                                   or max_tokens < 16):
        raise OysterError(f"{source}: max_tokens must be an integer of at least 16")
    keymap = keymap_from_table(data["keys"], str(source)) if "keys" in data else {}
    return TuiConfig(data.get("country"), data.get("language"), max_tokens, keymap)
