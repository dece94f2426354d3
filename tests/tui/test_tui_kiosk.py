"""Kiosk mode: no way out, idle wipe, nothing written to disk, tampered models refused, config errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_doubles import ScriptedEngine
from tui_pilot import constant_memory, run_pilot, wait_for

from oyster_edge.errors import OysterError
from oyster_edge.fsutil import sha256_file
from oyster_edge.manifest import Artifact, Manifest, save_manifest
from oyster_edge.tui.gate import SafetyHooks
from oyster_edge.tui.kiosk import KioskApp, WelcomeScreen, kiosk_engine_loader
from oyster_edge.tui.kiosk_config import load_kiosk_config, parse_kiosk_config
from oyster_edge.tui.kiosk_unit import render_unit
from oyster_edge.tui.preflight import verify_model
from oyster_edge.tui.widgets import AssistantMessage, MessageInput, UserMessage


def kiosk_config(tmp_path: Path, **overrides: object):
    data = {"model": str(tmp_path / "model.gguf"), "country": "US", "idle_timeout_seconds": 30, **overrides}
    return parse_kiosk_config(data, tmp_path / "kiosk.toml")


def make_kiosk(safety: SafetyHooks, config, engine: ScriptedEngine | None = None) -> KioskApp:
    loader = (lambda: engine) if engine is not None else kiosk_engine_loader(config)
    return KioskApp(config, safety=safety, engine_loader=loader, memory_probe=constant_memory)


async def start_and_send(pilot: Pilot, text: str) -> None:
    """Type on the chat screen behind the welcome screen, then Enter (start) and Enter (send) back to back."""
    app = pilot.app
    assert isinstance(app.screen, WelcomeScreen)
    app.query_one(MessageInput).insert(text)
    await pilot.press("enter", "enter")
    await pilot.pause()


def test_quit_keys_and_palette_do_nothing(fake_safety: SafetyHooks, tmp_path: Path) -> None:
    app = make_kiosk(fake_safety, kiosk_config(tmp_path), ScriptedEngine())

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("ctrl+q", "ctrl+c", "ctrl+p", "ctrl+z")
        await pilot.pause()
        await start_and_send(pilot, "hello")
        await pilot.press("ctrl+q", "ctrl+c", "ctrl+p")
        await app.action_quit()
        await pilot.pause(0.1)
        assert app.is_running and app.return_code is None
        assert not app.ENABLE_COMMAND_PALETTE and not app.query("CommandPalette")
        assert type(app.screen).__name__ == "Screen"  # still the chat, no palette or other screen on top

    run_pilot(app, scenario)


def test_idle_timeout_wipes_back_to_welcome(fake_safety: SafetyHooks, tmp_path: Path) -> None:
    engine = ScriptedEngine("I am listening.")
    app = make_kiosk(fake_safety, kiosk_config(tmp_path, idle_timeout_seconds=1.0), engine)

    async def scenario(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.engine is not None)
        await start_and_send(pilot, "DISTRESS, please help")
        await wait_for(pilot, lambda: not app.generating and bool(app.query(AssistantMessage)))
        assert app.panel.is_open and app.last_reply() == "I am listening."
        await wait_for(pilot, lambda: app.wipes == 1, timeout=5)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.last_reply() is None and not app._history
        assert not app.query(UserMessage) and not app.query(AssistantMessage)
        assert not app.panel.is_open and app.query_one(MessageInput).text == ""

    run_pilot(app, scenario)


def test_new_chat_key_erases_the_visit(fake_safety: SafetyHooks, tmp_path: Path) -> None:
    app = make_kiosk(fake_safety, kiosk_config(tmp_path), ScriptedEngine("Okay."))

    async def scenario(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.engine is not None)
        await start_and_send(pilot, "hello")
        await wait_for(pilot, lambda: app.last_reply() == "Okay.")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.wipes == 1 and app.last_reply() is None

    run_pilot(app, scenario)


def test_resources_key_works_from_the_welcome_screen(fake_safety: SafetyHooks, tmp_path: Path) -> None:
    app = make_kiosk(fake_safety, kiosk_config(tmp_path), ScriptedEngine())

    async def scenario(pilot: Pilot) -> None:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen) and app.panel.is_open

    run_pilot(app, scenario)


def _all_files(roots: list[Path]) -> dict[str, tuple[int, int]]:
    found = {}
    for root in roots:
        for path in root.rglob("*"):
            stat = path.lstat()
            found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


def test_a_kiosk_session_writes_no_file(fake_safety: SafetyHooks, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    roots = {name: tmp_path / name for name in ("home", "config", "data", "cache", "state", "runtime", "tmp", "cwd")}
    for root in roots.values():
        root.mkdir()
    monkeypatch.setenv("HOME", str(roots["home"]))
    for variable, name in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"),
                           ("XDG_STATE_HOME", "state"), ("XDG_RUNTIME_DIR", "runtime"), ("TMPDIR", "tmp")):
        monkeypatch.setenv(variable, str(roots[name]))
    monkeypatch.chdir(roots["cwd"])
    (roots["config"] / "kiosk.toml").write_text('model = "m.gguf"\ncountry = "US"\n')
    before = _all_files(list(roots.values()))
    config = load_kiosk_config(roots["config"] / "kiosk.toml")
    engine = ScriptedEngine("Thank you for telling me. Here is some code:\n\n```\nx = 1\n```")
    app = make_kiosk(fake_safety, config, engine)

    async def scenario(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.engine is not None)
        await start_and_send(pilot, "DISTRESS tonight")
        await wait_for(pilot, lambda: not app.generating and bool(app.query(AssistantMessage)))
        await pilot.press("f3", "ctrl+s", "f2", "f2")  # copy and screenshot keys, resources on/off
        app.action_screenshot()
        app.deliver_screenshot()
        with pytest.raises(PermissionError):
            app.save_screenshot()  # Textual's default writes an SVG into the working directory
        await pilot.pause(0.2)
        assert app.clipboard == ""  # nothing went to the terminal's clipboard either
        await app.wipe()

    run_pilot(app, scenario)
    assert _all_files(list(roots.values())) == before


def _model_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "oy1"
    folder.mkdir()
    gguf = folder / "oy1-Q4_K_M.gguf"
    gguf.write_bytes(b"GGUF" + os.urandom(256 << 10))
    artifact = Artifact("oy1-Q4_K_M.gguf", "gguf", "Q4_K_M", gguf.stat().st_size, sha256_file(gguf))
    save_manifest(folder, Manifest(source={"id": "test"}, artifacts=[artifact]))
    return folder


def test_preflight_accepts_the_manifest_checksum_and_refuses_a_tampered_copy(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path)
    verified = verify_model(folder)
    assert verified.path == folder / "oy1-Q4_K_M.gguf"
    assert verify_model(verified.path).sha256 == verified.sha256  # a bare GGUF found in its folder's manifest
    data = bytearray(verified.path.read_bytes())
    data[1000] ^= 0x01
    verified.path.write_bytes(bytes(data))
    with pytest.raises(OysterError, match="does not match .*manifest.json.*refuses to load"):
        verify_model(folder)


def test_preflight_refuses_a_gguf_with_nothing_to_check_against(tmp_path: Path) -> None:
    loose = tmp_path / "loose.gguf"
    loose.write_bytes(b"GGUF0000")
    with pytest.raises(OysterError, match="no checksum"):
        verify_model(loose)
    assert verify_model(loose, sha256=sha256_file(loose)).path == loose
    with pytest.raises(OysterError, match="sha256 in the kiosk config"):
        verify_model(loose, sha256="0" * 64)


def test_tampered_model_keeps_the_kiosk_up_with_chat_off(fake_safety: SafetyHooks, tmp_path: Path) -> None:
    folder = _model_folder(tmp_path)
    gguf = folder / "oy1-Q4_K_M.gguf"
    gguf.write_bytes(gguf.read_bytes()[:-1] + b"!")
    app = make_kiosk(fake_safety, kiosk_config(tmp_path, model=str(folder)))

    async def scenario(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.status.state == "chat unavailable")
        assert app.engine is None and "refuses to load" in (app._load_error or "")
        await pilot.press("f2")
        assert app.panel.is_open

    run_pilot(app, scenario)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('country = "US"\n', "missing required setting 'model'"),
        ('model = "m.gguf"\ncountry = "USA"\n', "two-letter code"),
        ('model = "m.gguf"\ncountry = "US"\nidle_timeout_seconds = "soon"\n', "idle_timeout_seconds must be a number"),
        ('model = "m.gguf"\ncountry = "US"\nmax_tokens = 3\n', "max_tokens must be an integer of at least 16"),
        ('model = "m.gguf"\ncountry = "US"\nidle = 5\n', "unknown setting"),
        ('model = "m.gguf"\ncountry = "US"\n[keys]\nquit = "q"\n', "unknown key binding 'quit'"),
        ('model = "m.gguf"\ncountry = \n', "not valid TOML"),
    ],
)
def test_kiosk_config_errors_name_the_field(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(toml)
    with pytest.raises(OysterError, match=message):
        load_kiosk_config(path)


def test_kiosk_config_resolves_relative_model_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('model = "models/oy1"\ncountry = "cn"\nlanguage = "zh"\n[keys]\nresources = "f1, ctrl+r"\n')
    config = load_kiosk_config(path)
    assert config.model == tmp_path / "models" / "oy1"
    assert config.country == "CN" and config.idle_timeout_seconds == 180
    assert "对话会被清除" in config.welcome
    assert config.keymap == {"oyster.resources": "f1,ctrl+r"}


@pytest.mark.parametrize("terminal", ["cage", "kmscon", "console"])
def test_systemd_unit_restarts_always_and_points_at_the_config(tmp_path: Path, terminal: str) -> None:
    config = tmp_path / "kiosk.toml"
    unit = render_unit(config, executable="/usr/local/bin/oyster-edge", terminal=terminal)
    assert "Restart=always" in unit
    assert f"/usr/local/bin/oyster-edge kiosk run --config {config}" in unit
    assert "UnsetEnvironment=TEXTUAL TEXTUAL_LOG" in unit and "Conflicts=getty@tty1.service" in unit


def test_systemd_unit_passes_systemd_analyze(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    import subprocess

    executable = shutil.which("true") or "/bin/true"
    unit_path = tmp_path / "oyster-kiosk.service"
    unit_path.write_text(render_unit(tmp_path / "kiosk.toml", executable=executable, terminal="console"))
    result = subprocess.run([analyze, "verify", str(unit_path)], capture_output=True, text=True, timeout=60)
    problems = [line for line in result.stderr.splitlines() if str(unit_path) in line]
    assert not problems, result.stderr


@pytest.mark.slow
def test_kiosk_verifies_and_loads_a_real_model_then_refuses_its_tampered_copy(
    fake_safety: SafetyHooks, smollm2_gguf: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "smollm2"
    folder.mkdir()
    gguf = folder / smollm2_gguf.name
    shutil.copyfile(smollm2_gguf, gguf)
    artifact = Artifact(gguf.name, "gguf", "Q4_1", gguf.stat().st_size, sha256_file(smollm2_gguf))
    save_manifest(folder, Manifest(source={"id": "HuggingFaceTB/SmolLM2-135M-Instruct"}, artifacts=[artifact]))
    config = kiosk_config(tmp_path, model=str(folder), max_tokens=24, n_ctx=1024, idle_timeout_seconds=600)
    app = make_kiosk(fake_safety, config)

    async def scenario(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.engine is not None or app._load_error is not None, timeout=120)
        assert app.engine is not None, app._load_error
        assert app.engine.quant == "Q4_1" and app.status.state == "ready"  # replies: see test_tui_e2e.py

    run_pilot(app, scenario)
    with gguf.open("r+b") as handle:
        handle.seek(gguf.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(OysterError, match="does not match .*sha256 .* != expected"):
        verify_model(folder)


def test_idle_timer_waits_for_a_slow_reply(fake_safety: SafetyHooks, tmp_path: Path) -> None:
    engine = ScriptedEngine("Still here.", blocked=True)
    app = make_kiosk(fake_safety, kiosk_config(tmp_path, idle_timeout_seconds=30), engine)

    async def scenario(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.engine is not None)
        await start_and_send(pilot, "hello")
        assert app.generating
        app.last_activity -= 60  # the visitor has typed nothing for a minute: the reply is still coming
        await app._check_idle()
        assert app.wipes == 0
        engine.release.set()
        await wait_for(pilot, lambda: app.last_reply() == "Still here.")
        await app._check_idle()
        assert app.wipes == 0  # the finished reply counts as activity
        app.last_activity -= 60
        await app._check_idle()
        assert app.wipes == 1 and isinstance(app.screen, WelcomeScreen)

    run_pilot(app, scenario)


def test_the_shipped_example_config_is_valid() -> None:
    import oyster_edge.tui

    example = Path(oyster_edge.tui.__file__).parent / "kiosk.example.toml"
    config = load_kiosk_config(example)
    assert config.country == "CN" and config.quant == "Q4_K_M" and config.keymap["oyster.resources"] == "f2,ctrl+r"


def test_a_crash_report_carries_nothing_the_visitor_typed(
    fake_safety: SafetyHooks, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    def exploding_assess(text: str) -> object:
        raise RuntimeError(f"cannot assess {text!r}")

    safety = SafetyHooks(exploding_assess, fake_safety.assess_reply, fake_safety.resources_text, "XX")
    app = make_kiosk(safety, kiosk_config(tmp_path), ScriptedEngine())

    async def scenario(pilot: Pilot) -> None:
        await start_and_send(pilot, "my secret: 4711")
        await pilot.pause(0.2)

    with pytest.raises(RuntimeError):
        run_pilot(app, scenario)
    report = capfd.readouterr()
    assert "4711" not in report.out + report.err
    assert "oyster-edge kiosk crashed: RuntimeError (message withheld)" in report.err
    assert "send" in report.err  # the frames are still there to find the bug


def test_kiosk_run_drops_textual_logging_and_screenshot_switches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oyster_edge.tui import cli

    for name in ("TEXTUAL", "TEXTUAL_LOG", "TEXTUAL_SCREENSHOT"):
        monkeypatch.setenv(name, str(tmp_path / name) if name != "TEXTUAL" else "devtools,debug")
    started: list[KioskApp] = []
    monkeypatch.setattr(KioskApp, "run", lambda self, *args, **kwargs: started.append(self))
    config = tmp_path / "kiosk.toml"
    config.write_text('model = "m.gguf"\ncountry = "US"\n')
    cli.kiosk_run(config)
    assert len(started) == 1 and started[0].config.country == "US"
    assert not {"TEXTUAL", "TEXTUAL_LOG", "TEXTUAL_SCREENSHOT"} & set(os.environ)
    assert "devtools" not in started[0].features
