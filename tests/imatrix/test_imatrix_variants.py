"""`convert gguf --calibrate` and `--imatrix FILE --tag NAME` through the CLI: imatrix variants of one quant
type side by side, each recorded (manifest and GGUF header) so eval and report can tell them apart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import gguf
import pytest
from tiny_models import build_tiny_model

from oyster_edge.evals.artifact import describe
from oyster_edge.fsutil import sha256_file
from oyster_edge.manifest import (
    KV_IMATRIX_CHUNKS,
    KV_IMATRIX_DATASET,
    KV_IMATRIX_ENTRIES,
    KV_IMATRIX_FILE,
    builtin_calibration_name,
    imatrix_kind,
    imatrix_label,
)

NAME = "Variants-Qwen3"
SMALL_CALIBRATION = ("--calibration-tokens", "1024", "--seq-len", "128")


def oyster(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "oyster_edge.cli", *args], capture_output=True, text=True,
                          env={**os.environ}, timeout=600)


def manifest_entries(out: Path) -> dict[str, dict]:
    return {a["path"]: a for a in json.loads((out / "manifest.json").read_text())["artifacts"]}


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hidden 256, so Q4_K applies to every matrix and the imatrix changes the rounding everywhere."""
    return build_tiny_model(tmp_path_factory.mktemp("variants") / NAME, hidden=256, layers=2)


@pytest.fixture(scope="module")
def out(model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder: Q4_K_M without an imatrix, with the safety imatrix (--calibrate) and with a generic one."""
    out = tmp_path_factory.mktemp("variants-out")
    plain = oyster("convert", "gguf", str(model), "--out", str(out), "--outtype", "f16", "--quants", "Q4_K_M")
    assert plain.returncode == 0, plain.stderr
    safety = oyster("convert", "gguf", str(model), "--out", str(out), "--outtype", "f16", "--quants", "Q4_K_M",
                    "--calibrate", *SMALL_CALIBRATION, "--tag", "safety")
    assert safety.returncode == 0, safety.stderr
    assert "skip" in safety.stderr and f"{NAME}-F16.gguf" in safety.stderr  # the F16 base is shared
    generic = out / "generic.gguf"
    made = oyster("imatrix", str(model), "--out", str(generic), "--no-safety", *SMALL_CALIBRATION)
    assert made.returncode == 0, made.stderr
    tagged = oyster("convert", "gguf", str(model), "--out", str(out), "--outtype", "f16", "--quants", "Q4_K_M",
                    "--imatrix", str(generic), "--tag", "generic")
    assert tagged.returncode == 0, tagged.stderr
    return out


def test_variants_live_side_by_side_and_differ(out: Path) -> None:
    files = {tag: out / f"{NAME}-Q4_K_M{suffix}.gguf" for tag, suffix in
             (("none", ""), ("safety", "-safety"), ("generic", "-generic"))}
    assert all(path.exists() for path in files.values())
    assert (out / "imatrix.gguf").exists()  # --calibrate wrote the safety imatrix into OUT
    digests = {tag: sha256_file(path) for tag, path in files.items()}
    assert len(set(digests.values())) == 3  # each imatrix changed the rounding
    entries = manifest_entries(out)
    assert entries[files["none"].name]["imatrix"] is None
    safety = entries[files["safety"].name]["imatrix"]
    assert safety["sha256"] == sha256_file(out / "imatrix.gguf")
    assert safety["datasets"] == [builtin_calibration_name(["safety", "general", "code"])]
    assert safety["token_count"] == 1024 and safety["chunk_count"] == 8 and safety["entries_count"] == 14
    generic = entries[files["generic"].name]["imatrix"]
    assert generic["datasets"] == [builtin_calibration_name(["general", "code"])]


def test_gguf_header_records_the_imatrix_like_llama_quantize(out: Path) -> None:
    reader = gguf.GGUFReader(out / f"{NAME}-Q4_K_M-safety.gguf")
    assert reader.fields[KV_IMATRIX_FILE].contents() == "imatrix.gguf"
    assert reader.fields[KV_IMATRIX_DATASET].contents() == builtin_calibration_name(["safety", "general", "code"])
    assert reader.fields[KV_IMATRIX_ENTRIES].contents() == 14
    assert reader.fields[KV_IMATRIX_CHUNKS].contents() == 8
    plain = gguf.GGUFReader(out / f"{NAME}-Q4_K_M.gguf")
    assert KV_IMATRIX_FILE not in plain.fields


def test_describe_tells_the_variants_apart_with_and_without_the_manifest(out: Path, tmp_path: Path) -> None:
    kinds = {suffix: describe(out / f"{NAME}-Q4_K_M{suffix}.gguf").to_json() for suffix in ("", "-safety", "-generic")}
    assert [kinds[s]["imatrix_kind"] for s in ("", "-safety", "-generic")] == ["none", "safety", "generic"]
    assert kinds["-safety"]["imatrix_label"] == "safety (safety+general+code, 1,024 tokens)"
    assert all(k["type"] == "Q4_K_M" for k in kinds.values())
    # A copy without its manifest still says which imatrix made it, from the GGUF header.
    alone = tmp_path / "copy.gguf"
    alone.write_bytes((out / f"{NAME}-Q4_K_M-safety.gguf").read_bytes())
    info = describe(alone)
    assert info.imatrix is not None and info.imatrix["source"] == "gguf header"
    assert imatrix_kind(info.imatrix) == "safety"


def test_rerun_redoes_a_quant_only_when_its_imatrix_changed(model: Path, out: Path) -> None:
    def convert(imatrix: str) -> subprocess.CompletedProcess[str]:
        result = oyster("convert", "gguf", str(model), "--out", str(out), "--outtype", "f16", "--quants", "Q4_K_M",
                        "--imatrix", str(out / imatrix), "--tag", "swap")
        assert result.returncode == 0, result.stderr
        return result

    target = out / f"{NAME}-Q4_K_M-swap.gguf"
    convert("generic.gguf")
    assert sha256_file(target) == sha256_file(out / f"{NAME}-Q4_K_M-generic.gguf")
    assert "Q4_K_M-swap.gguf: unchanged" in convert("generic.gguf").stderr
    assert "Q4_K_M-swap.gguf: unchanged" not in convert("imatrix.gguf").stderr
    assert sha256_file(target) == sha256_file(out / f"{NAME}-Q4_K_M-safety.gguf")
    entry = manifest_entries(out)[target.name]
    assert entry["imatrix"]["sha256"] == sha256_file(out / "imatrix.gguf")
    target.unlink()  # the folder's other tests compare none / generic / safety only


def test_bad_tag_and_calibration_without_calibrate(model: Path, tmp_path: Path) -> None:
    bad = oyster("convert", "gguf", str(model), "--out", str(tmp_path / "o"), "--quants", "Q4_K_M", "--tag", "a/b")
    assert bad.returncode != 0 and "--tag" in bad.stderr
    stray = oyster("convert", "gguf", str(model), "--out", str(tmp_path / "o"), "--quants", "Q4_K_M",
                   "--calibration", str(tmp_path / "mine.jsonl"))
    assert stray.returncode != 0 and "--calibrate" in stray.stderr
    assert not (tmp_path / "o").exists()


def test_imatrix_kinds_and_labels() -> None:
    assert imatrix_kind(None) == "none" and imatrix_label(None) == "none"
    assert imatrix_kind({"datasets": [builtin_calibration_name(["general", "code"])]}) == "generic"
    assert imatrix_kind({"datasets": ["/data/wiki.train.raw"], "token_count": 4096}) == "custom"
    wiki = {"datasets": ["/data/wiki.train.raw"], "token_count": 4096}
    assert imatrix_label(wiki) == "custom (wiki.train.raw, 4,096 tokens)"
    assert imatrix_label({"datasets": []}) == "custom (unknown text)"


def test_eval_and_report_compare_the_variants_on_safety_and_general_text(out: Path, tmp_path: Path) -> None:
    candidates = [arg for suffix in ("", "-generic", "-safety")
                  for arg in ("--candidate", str(out / f"{NAME}-Q4_K_M{suffix}.gguf"))]
    runs = {}
    for dataset in ("builtin-heldout", "general"):
        runs[dataset] = tmp_path / dataset
        result = oyster("eval", "--reference", str(out / f"{NAME}-F16.gguf"), *candidates, "--dataset", dataset,
                        "--limit", "3", "--max-new-tokens", "4", "--out", str(runs[dataset]))
        # a random tiny model may fail the quality gates (exit 1); the figures are what this test reads
        assert result.returncode in (0, 1), result.stderr
    report = oyster("report", str(runs["builtin-heldout"]), "--compare", str(runs["general"]))
    assert report.returncode == 0, report.stderr
    machine = json.loads((runs["builtin-heldout"] / "report.json").read_text())
    variants = machine["imatrix_comparison"]["types"]["Q4_K_M"]
    assert [v["kind"] for v in variants] == ["none", "generic", "safety"]
    for variant in variants:
        assert set(variant["figures"]) == {"builtin-heldout", "general"}
        assert all(f["mean_kld"] > 0 for f in variant["figures"].values())
    assert variants[0]["mean_kld_change_vs_none"] == {"builtin-heldout": None, "general": None}
    assert variants[2]["mean_kld_change_vs_none"]["general"] is not None
    md = (runs["builtin-heldout"] / "report.md").read_text()
    assert "| Q4_K_M | safety (safety+general+code, 1,024 tokens) |" in md


def test_runtime_prefers_the_safety_variant_of_a_quant_type(out: Path) -> None:
    from oyster_edge.runtime.plan import folder_candidates

    q4 = [info for info in folder_candidates(out) if info.quant == "Q4_K_M"]
    assert [info.imatrix_kind for info in q4][:3] == ["safety", "generic", "none"]
    assert q4[0].path.name == f"{NAME}-Q4_K_M-safety.gguf"
