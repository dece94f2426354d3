"""Conversion wall time and peak RSS against model size: oyster-edge vs llama.cpp's convert_hf_to_gguf.py.

The reference converter is taken at run time from the llama-cpp-python 0.3.36 source distribution
(vendor/llama.cpp, with its own gguf-py), the same llama.cpp our quantizer runs; nothing of it is kept
in this repository; it needs `pip install sentencepiece`. Usage: python bench/bench_convert.py [--layers 2,8,24]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"

LLAMA_CPP_PYTHON = "llama-cpp-python==0.3.36"


def fetch_reference(workdir: Path) -> tuple[Path, Path] | None:
    """(convert_hf_to_gguf.py, gguf-py folder) from the sdist, or None when pip cannot fetch it."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--no-binary",
            ":all:",
            "-q",
            "-d",
            str(workdir),
            LLAMA_CPP_PYTHON,
        ],
        capture_output=True,
        text=True,
    )
    archives = list(workdir.glob("llama_cpp_python-*.tar.gz"))
    if result.returncode != 0 or not archives:
        print(f"reference converter unavailable: {result.stderr.strip()[:200]}")
        return None
    with tarfile.open(archives[0]) as tar:
        wanted = (
            "/vendor/llama.cpp/convert_hf_to_gguf.py",
            "/vendor/llama.cpp/conversion/",
            "/vendor/llama.cpp/gguf-py/",
        )
        members = [m for m in tar.getmembers() if any(part in m.name for part in wanted)]
        tar.extractall(workdir, members=members, filter="data")
    script = next(workdir.glob("*/vendor/llama.cpp/convert_hf_to_gguf.py"))
    return script, script.parent / "gguf-py"


def build_in_subprocess(folder: Path, **kwargs: object) -> Path:
    """Build the model in a child process: a child's peak RSS starts from its parent's at fork time, so the
    parent must never hold a model itself."""
    code = (
        "from pathlib import Path; from tiny_models import build_tiny_model; "
        f"build_tiny_model(Path({str(folder)!r}), **{kwargs!r})"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=TESTS, capture_output=True)
    return folder


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"{command[:3]} failed: {process.stderr.read().decode()[-500:] if process.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--layers", default="2,8,24")
    parser.add_argument("--hidden", type=int, default=1024)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        reference = fetch_reference(work / "ref")
        print(
            f"{'model':>22} {'weights':>9} | {'oyster-edge s':>13} {'RSS MiB':>8} | {'llama.cpp s':>11} "
            f"{'RSS MiB':>8} | {'time ratio':>10}"
        )
        for layers in (int(x) for x in args.layers.split(",")):
            folder = build_in_subprocess(
                work / f"qwen3-{layers}", hidden=args.hidden, layers=layers, dtype="bfloat16", tied=False
            )
            weights_mib = sum(p.stat().st_size for p in folder.glob("*.safetensors")) / 2**20
            ours = measure(
                [
                    sys.executable,
                    "-m",
                    "oyster_edge.cli",
                    "convert",
                    "gguf",
                    str(folder),
                    "--out",
                    str(work / f"out-{layers}"),
                    "--outtype",
                    "bf16",
                    "--quants",
                    "",
                ]
            )
            theirs = (float("nan"), float("nan"))
            if reference:
                script, gguf_py = reference
                theirs = measure(
                    [
                        sys.executable,
                        str(script),
                        str(folder),
                        "--outtype",
                        "bf16",
                        "--outfile",
                        str(work / f"ref-{layers}.gguf"),
                    ],
                    env={"PYTHONPATH": str(gguf_py)},
                )
            print(
                f"{'Qwen3 ' + str(layers) + ' layers':>22} {weights_mib:>7.0f}Mi | {ours[0]:>13.1f} {ours[1]:>8.0f} | "
                f"{theirs[0]:>11.1f} {theirs[1]:>8.0f} | {ours[0] / theirs[0]:>10.2f}"
            )
            for path in list((work / f"out-{layers}").glob("*.gguf")) + list(work.glob(f"ref-{layers}.gguf")):
                path.unlink()


if __name__ == "__main__":
    main()
