"""On a real small model (SmolLM2-135M-Instruct): the safety imatrix lowers mean KLD vs F16 on held-out safety
conversations, and the IQ2 types that llama.cpp refuses without an imatrix work with one."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from oyster_edge.convert.calibration import held_out_safety_conversations, safety_conversations
from oyster_edge.convert.imatrix import compute_imatrix, model_chat_template, render_conversations, write_imatrix
from oyster_edge.convert.imatrix_eval import KldReference, eval_chunks, quantize_variants, smollm2_f16
from oyster_edge.convert.quantize import quantize_gguf
from oyster_edge.convert.source import resolve_source
from oyster_edge.errors import OysterError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def smollm2_setup(smollm2_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    work = tmp_path_factory.mktemp("smollm2-imatrix")
    folder, f16 = smollm2_f16(work, smollm2_gguf, Console(stderr=True))
    template = model_chat_template(folder)
    calibration, held_out = safety_conversations(("en",)), held_out_safety_conversations(("en",))
    imatrix = compute_imatrix(resolve_source(str(folder)), render_conversations(calibration, template),
                              seq_len=512, max_tokens=2048, datasets=["safety-calibration-half"])
    path = work / "imatrix-safety.gguf"
    write_imatrix(imatrix, path)
    chunks = eval_chunks(f16, render_conversations(held_out, template), 512, 1024)
    return {"work": work, "f16": f16, "imatrix": path, "reference": KldReference(f16, chunks)}


@pytest.mark.parametrize("quant", ["Q3_K_M", "IQ4_XS"])
def test_safety_imatrix_lowers_held_out_kld(smollm2_setup: dict[str, object], quant: str) -> None:
    work, f16, imatrix, reference = (smollm2_setup[k] for k in ("work", "f16", "imatrix", "reference"))
    files = quantize_variants(f16, work, quant, {"none": None, "safety": imatrix})
    plain, calibrated = reference.mean_kld(files["none"]), reference.mean_kld(files["safety"])
    print(f"{quant}: mean KLD vs F16 on held-out safety: no imatrix {plain:.4f}, safety imatrix {calibrated:.4f}")
    assert 0 < calibrated < plain


def test_iq2_xxs_needs_and_accepts_the_imatrix(smollm2_setup: dict[str, object], tmp_path: Path) -> None:
    f16, imatrix = smollm2_setup["f16"], smollm2_setup["imatrix"]
    with pytest.raises(OysterError, match="failed to quantize"):
        quantize_gguf(f16, tmp_path / "plain-IQ2_XXS.gguf", "IQ2_XXS", threads=2)
    assert not (tmp_path / "plain-IQ2_XXS.gguf").exists()
    files = quantize_variants(f16, tmp_path, "IQ2_XXS", {"safety": imatrix})
    # 576-wide SmolLM2 rows are not multiples of 256: those tensors fall back to bigger types (83.8 MB of 270.9)
    assert files["safety"].stat().st_size < f16.stat().st_size / 2
