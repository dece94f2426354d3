"""`oyster-edge kiosk unit`: a systemd service that keeps the kiosk on a VT, restarting it whatever happens.

Three ways to put it on screen (tui/KIOSK.md explains the set-up around each):
- "cage": the cage Wayland kiosk compositor running the foot terminal with Noto CJK fonts (Chinese works);
- "kmscon": the kmscon KMS console (CJK fonts, no X or Wayland), dropping to the kiosk user;
- "console": straight on the Linux text console (no CJK glyphs: Latin-script languages only).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from oyster_edge.errors import OysterError

TERMINALS = ("cage", "kmscon", "console")
CJK_FONT = "Noto Sans Mono CJK SC"

_COMMON_HEAD = """\
[Unit]
Description=oyster-edge crisis-support chat kiosk ({config})
After=systemd-user-sessions.service plymouth-quit-wait.service getty@{tty}.service
Conflicts=getty@{tty}.service

[Service]
"""

# Nothing of a conversation may reach the disk: no Textual logs, screenshots or devtools, no bytecode,
# a private /tmp, and a read-only home.
_PRIVACY = """\
Environment=PYTHONDONTWRITEBYTECODE=1
UnsetEnvironment=TEXTUAL TEXTUAL_LOG TEXTUAL_SCREENSHOT TEXTUAL_SCREENSHOT_LOCATION TEXTUAL_SCREENSHOT_FILENAME
PrivateTmp=yes
ProtectHome=read-only
"""

_TAIL = """\
Restart=always
RestartSec=2

[Install]
WantedBy=graphical.target multi-user.target
"""


def render_unit(config: Path, *, executable: str, user: str = "kiosk", tty: str = "tty1",
                terminal: str = "cage") -> str:
    """The unit file text; `config` and `executable` are written as absolute paths."""
    if terminal not in TERMINALS:
        raise OysterError(f"unknown --terminal {terminal!r}; choose one of {', '.join(TERMINALS)}")
    if not tty.startswith("tty") or not tty[3:].isdigit():
        raise OysterError(f"--tty must name a virtual terminal such as tty1, not {tty!r}")
    kiosk = shlex.join([executable, "kiosk", "run", "--config", str(config.resolve())])
    head = _COMMON_HEAD.format(config=config.name, tty=tty)
    body = {"cage": _cage, "kmscon": _kmscon, "console": _console}[terminal](kiosk, user, tty)
    return head + body + _PRIVACY + _TAIL


def _cage(kiosk: str, user: str, tty: str) -> str:
    # No `cage -s`: that flag would let a visitor switch to another VT.
    foot = shlex.join(["/usr/bin/foot", f"--font={CJK_FONT}:size=14"])
    return f"""\
User={user}
PAMName=login
TTYPath=/dev/{tty}
TTYReset=yes
TTYVHangup=yes
TTYVTDisallocate=yes
StandardInput=tty-fail
StandardOutput=journal
UtmpIdentifier={tty}
UtmpMode=user
ExecStart=/usr/bin/cage -- {foot} {kiosk}
"""


def _kmscon(kiosk: str, user: str, tty: str) -> str:
    drop_to_user = shlex.join(["/usr/sbin/runuser", "-u", user, "--"])
    return f"""\
User=root
ExecStart=/usr/bin/kmscon --vt={tty} --font-name="{CJK_FONT}" --font-size=16 \\
    --login -- {drop_to_user} {kiosk}
"""


def _console(kiosk: str, user: str, tty: str) -> str:
    return f"""\
User={user}
Environment=TERM=linux
TTYPath=/dev/{tty}
TTYReset=yes
TTYVHangup=yes
StandardInput=tty
StandardOutput=tty
StandardError=journal
UtmpIdentifier={tty}
ExecStart={kiosk}
"""
