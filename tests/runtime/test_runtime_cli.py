"""`oyster-edge hw / fit / recommend / chat` as a user runs them (a fresh process each)."""

from __future__ import annotations

import ctypes
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from runtime_helpers import TEST_THREADS

from oyster_edge.fsutil import sha256_file
from oyster_edge.manifest import Artifact, Manifest, save_manifest
from oyster_edge.runtime import fit
from oyster_edge.runtime.gguf_info import read_gguf_info

pytestmark = pytest.mark.slow


def oyster_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "oyster_edge.cli", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture
def oyster(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run the CLI's main() in this process (GGUF headers stay cached between calls); (rc, out, err)."""
    from oyster_edge.cli import main

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        monkeypatch.setattr(sys, "argv", ["oyster-edge", *args])
        capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return run


def requantize(src: Path, dst: Path, ftype: int) -> None:
    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.allow_requantize = True
    params.nthread = TEST_THREADS
    code = llama_cpp.llama_model_quantize(str(src).encode(), str(dst).encode(), ctypes.byref(params))
    assert code == 0, f"llama_model_quantize returned {code}"


@pytest.fixture(scope="module")
def model_folder(smollm2_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder as `oyster-edge convert` leaves it: two quants of SmolLM2 and a manifest."""
    import llama_cpp

    folder = tmp_path_factory.mktemp("smollm2-folder")
    shutil.copy(smollm2_gguf, folder / "smollm2-Q4_1.gguf")
    requantize(smollm2_gguf, folder / "smollm2-Q8_0.gguf", llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0)
    artifacts = [
        Artifact(path=name, format="gguf", type=quant, bytes=(folder / name).stat().st_size,
                 sha256=sha256_file(folder / name))
        for name, quant in (("smollm2-Q4_1.gguf", "Q4_1"), ("smollm2-Q8_0.gguf", "Q8_0"))
    ]  # fmt: skip
    save_manifest(folder, Manifest(source={"id": "HuggingFaceTB/SmolLM2-135M-Instruct"}, artifacts=artifacts))
    return folder


def test_hw_json(oyster) -> None:  # type: ignore[no-untyped-def]
    done = oyster("hw", "--json")
    assert done.returncode == 0, done.stderr
    hw = json.loads(done.stdout)
    assert hw["physical_cores"] >= 1 and hw["total_ram_bytes"] >= hw["available_ram_bytes"] > 0
    assert isinstance(hw["gpu_offload"], bool) and hw["gpu_backend"] in ("metal", "cuda", "none")


def test_fit_json_fits(oyster, smollm2_gguf: Path) -> None:  # type: ignore[no-untyped-def]
    done = oyster("fit", str(smollm2_gguf), "--ctx", "2048", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["fits"] is True and report["n_ctx"] == 2048
    assert 0 < report["required_bytes"] < report["available_bytes"]


def test_fit_refuses_a_tiny_budget_with_the_figures(oyster, smollm2_gguf: Path) -> None:  # type: ignore[no-untyped-def]
    done = oyster("fit", str(smollm2_gguf), "--max-memory", "100MB")
    assert done.returncode == 2
    line = done.stderr.strip()
    assert "\n" not in line and "does not fit" in line and "needs" in line and "100.00 MiB" in line
    as_json = json.loads(oyster("fit", str(smollm2_gguf), "--max-memory", "100MB", "--json").stdout)
    assert as_json["fits"] is False and as_json["available_bytes"] == 100 << 20
    assert as_json["required_bytes"] > as_json["usable_bytes"]


def test_recommend_prefers_quality_then_trades_it_for_context(oyster, model_folder: Path) -> None:  # type: ignore[no-untyped-def]
    done = oyster("recommend", str(model_folder), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["choice"]["quant"] == "Q8_0"
    q8 = read_gguf_info(model_folder / "smollm2-Q8_0.gguf")
    q4 = read_gguf_info(model_folder / "smollm2-Q4_1.gguf")
    needs = [fit.estimate_memory(i, 4096, 1, "").required_bytes / (1 - fit.SAFETY_FRACTION) for i in (q4, q8)]
    budget = int(sum(needs) / 2)  # Q4_1 fits 4096 tokens, Q8_0 does not
    choice = json.loads(oyster("recommend", str(model_folder), "--max-memory", str(budget), "--json").stdout)
    assert choice["choice"]["quant"] == "Q4_1" and choice["choice"]["n_ctx"] >= 4096


def test_chat_once_json_in_a_fresh_process(smollm2_gguf: Path) -> None:
    done = oyster_process(
        "chat", str(smollm2_gguf), "--once", "What is the capital of France?", "--json", "--max-tokens", "24",
        "--ctx", "1024", "--temperature", "0", "--threads", str(TEST_THREADS),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout)
    expected = {"answer", "reasoning", "prompt_tokens", "completion_tokens", "tokens_per_second",
                "time_to_first_token", "stop_reason"}  # fmt: skip
    assert expected <= reply.keys()
    assert "Paris" in reply["answer"] and 0 < reply["completion_tokens"] <= 24
    assert reply["stop_reason"] in ("stop", "length") and reply["time_to_first_token"] > 0


def test_chat_on_a_folder_uses_the_recommended_quant(oyster, model_folder: Path) -> None:  # type: ignore[no-untyped-def]
    done = oyster(
        "chat", str(model_folder), "--once", "Hi", "--json", "--max-tokens", "4", "--threads", str(TEST_THREADS)
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["quant"] == "Q8_0"


def test_chat_on_a_missing_model_is_one_line(oyster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = oyster("chat", str(tmp_path / "missing.gguf"), "--once", "hi")
    assert done.returncode == 1
    assert done.stderr.strip().startswith("error:") and "\n" not in done.stderr.strip()


def test_chat_refuses_when_memory_is_short(oyster, smollm2_gguf: Path) -> None:  # type: ignore[no-untyped-def]
    done = oyster("chat", str(smollm2_gguf), "--once", "hi", "--max-memory", "150MB")
    assert done.returncode == 2 and "does not fit" in done.stderr


def test_unsupported_architecture_is_one_line(oyster, smollm2_gguf: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from runtime_helpers import rewrite_gguf

    odd = rewrite_gguf(smollm2_gguf, tmp_path / "odd.gguf", {}, architecture="oysterx")
    done = oyster("chat", str(odd), "--once", "hi", "--ctx", "512")
    assert done.returncode == 1
    assert "architecture 'oysterx'" in done.stderr and "\n" not in done.stderr.strip()


def test_interactive_chat_streams_and_keeps_history(
    oyster, smollm2_gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    lines = iter(["What is the capital of France?", "/reset", "Say hello.", "/quit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    done = oyster("chat", str(smollm2_gguf), "--ctx", "1024", "--max-tokens", "16", "--temperature", "0",
                  "--threads", str(TEST_THREADS))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Paris" in done.stdout and "tok/s" in done.stderr
