"""The GPTQ folder's on-disk format: GPTQ v1 tensors and config, copied tokenizer, manifest entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from safetensors import safe_open

pytest.importorskip("gptqmodel", reason="GPTQ needs the [gptq] extra: gptqmodel==7.6.0, optimum==2.3.0")

from oyster_edge.convert.gptq_plan import folder_digest

PROJECTIONS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def _tensors(folder: Path) -> dict[str, tuple[str, list[int]]]:
    found: dict[str, tuple[str, list[int]]] = {}
    for file in folder.glob("*.safetensors"):
        with safe_open(str(file), "pt") as handle:
            for name in handle.keys():  # noqa: SIM118 (safe_open is not iterable)
                view = handle.get_slice(name)
                found[name] = (view.get_dtype(), list(view.get_shape()))
    return found


def test_folder_name_and_no_leftovers(gptq_out: Path, gptq_folder: Path) -> None:
    assert gptq_folder.name == "Tiny-Qwen3-GPTQ-4bit-g128"
    assert sorted(p.name for p in gptq_out.iterdir()) == ["Tiny-Qwen3-GPTQ-4bit-g128", "manifest.json"]


def test_every_projection_is_packed_gptq(gptq_source: Path, gptq_folder: Path) -> None:
    config = json.loads((gptq_source / "config.json").read_text())
    hidden, inter = config["hidden_size"], config["intermediate_size"]
    tensors = _tensors(gptq_folder)
    for layer in range(config["num_hidden_layers"]):
        for proj in PROJECTIONS:
            base = f"model.layers.{layer}.{'mlp' if proj in PROJECTIONS[4:] else 'self_attn'}.{proj}"
            assert f"{base}.weight" not in tensors
            qweight_dtype, (packed_rows, out_features) = tensors[f"{base}.qweight"]
            in_features = inter if proj == "down_proj" else hidden
            assert qweight_dtype == "I32" and packed_rows == in_features * 4 // 32
            assert tensors[f"{base}.scales"] == ("F16", [in_features // 128, out_features])
            assert tensors[f"{base}.qzeros"] == ("I32", [in_features // 128, out_features * 4 // 32])
            assert tensors[f"{base}.g_idx"] == ("I32", [in_features])
    assert tensors["model.embed_tokens.weight"][0] == "F16"
    assert tensors["model.norm.weight"][0] == "F16"


def test_config_is_gptq_v1(gptq_folder: Path) -> None:
    quant = json.loads((gptq_folder / "config.json").read_text())["quantization_config"]
    assert quant["quant_method"] == "gptq" and quant["checkpoint_format"] == "gptq"
    assert (quant["bits"], quant["group_size"], quant["desc_act"], quant["sym"]) == (4, 128, False, True)
    assert quant["meta"]["damp_percent"] == 0.05
    assert "offload_to_disk_path" not in quant["meta"]
    standalone = json.loads((gptq_folder / "quantize_config.json").read_text())
    assert {k: standalone[k] for k in ("bits", "group_size", "desc_act", "sym", "quant_method")} == {
        "bits": 4, "group_size": 128, "desc_act": False, "sym": True, "quant_method": "gptq"
    }
    text = (gptq_folder / "config.json").read_text()
    assert "calibration" not in text and "/tmp" not in text


def test_files_are_readable_by_others(gptq_folder: Path) -> None:
    assert all(p.stat().st_mode & 0o044 == 0o044 for p in gptq_folder.iterdir())


def test_tokenizer_and_template_copied_verbatim(gptq_source: Path, gptq_folder: Path) -> None:
    for name in ("tokenizer.json", "tokenizer_config.json"):
        assert (gptq_folder / name).read_bytes() == (gptq_source / name).read_bytes()


def test_manifest_entry(gptq_out: Path, gptq_folder: Path) -> None:
    manifest = json.loads((gptq_out / "manifest.json").read_text())
    assert manifest["source"]["architecture"] == "Qwen3ForCausalLM"
    (entry,) = manifest["artifacts"]
    digest, files = folder_digest(gptq_folder)
    assert (entry["format"], entry["type"], entry["sha256"]) == ("gptq", "GPTQ-4bit-g128", digest)
    assert entry["files"] == files and "model.safetensors" in files
    assert entry["bytes"] == sum(p.stat().st_size for p in gptq_folder.iterdir())
    assert entry["calibration"]["samples"] == 8 and entry["calibration"]["seq_len"] == 64
