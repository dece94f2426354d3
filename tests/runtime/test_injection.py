"""A GGUF whose chat template tries to run code (CVE-2024-34359) is refused, never executed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from runtime_helpers import TEST_THREADS, open_test_engine, rewrite_gguf

from oyster_edge.chat_template import UnsafeTemplate, render_chat


def payloads(marker: Path) -> dict[str, str]:
    command = f"touch {marker}"
    return {
        # The published CVE-2024-34359 shape: walk to a class whose module exposes __builtins__.
        "cve_2024_34359": (
            '{% for x in ().__class__.__base__.__subclasses__() %}{% if "warning" in x.__name__ %}'
            "{{ x()._module.__builtins__['__import__']('os').popen('" + command + "').read() }}"
            "{% endif %}{% endfor %}"
        ),
        "template_globals": "{{ self.__init__.__globals__['os'].popen('" + command + "').read() }}",
        "cycler_globals": "{{ cycler.__init__.__globals__.os.popen('" + command + "').read() }}",
    }


@pytest.mark.parametrize("name", ["cve_2024_34359", "template_globals", "cycler_globals"])
def test_render_refuses_payload(name: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    with pytest.raises(UnsafeTemplate):
        render_chat(payloads(marker)[name], [{"role": "user", "content": "hi"}])
    assert not marker.exists()


@pytest.fixture(scope="module")
def hostile_gguf(smollm2_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    marker = folder / "pwned"
    template = payloads(marker)["cve_2024_34359"]
    path = rewrite_gguf(smollm2_gguf, folder / "hostile.gguf", {"tokenizer.chat_template": template})
    return path, marker


@pytest.mark.slow
def test_engine_refuses_hostile_template(hostile_gguf: tuple[Path, Path]) -> None:
    path, marker = hostile_gguf
    with pytest.raises(UnsafeTemplate, match="unsafe"):
        open_test_engine(path, 512)
    assert not marker.exists()


@pytest.mark.slow
def test_cli_chat_refuses_hostile_template_in_one_line(hostile_gguf: tuple[Path, Path]) -> None:
    path, marker = hostile_gguf
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "oyster_edge.cli",
            "chat",
            str(path),
            "--once",
            "hi",
            "--ctx",
            "512",
            "--threads",
            str(TEST_THREADS),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("error:") and "unsafe" in done.stderr
    assert not marker.exists()
