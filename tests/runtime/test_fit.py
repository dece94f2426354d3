"""Memory-fit preflight: the estimate against llama.cpp's own buffers and RSS, and the planning rules."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from oyster_edge.errors import NotEnoughMemory
from oyster_edge.runtime import fit
from oyster_edge.runtime.gguf_info import GGUFInfo, read_gguf_info
from oyster_edge.runtime.hardware import HardwareProfile
from oyster_edge.runtime.plan import choose, plan_file

GiB = 1 << 30
MiB = 1 << 20
# The estimate of weights + KV + compute matches llama.cpp's reported buffers within this share.
BUFFER_MARGIN = 0.10

MEASURE = r"""
import json, sys, psutil, llama_cpp
path, n_ctx = sys.argv[1], int(sys.argv[2])
proc = psutil.Process()
before = proc.memory_info().rss
llm = llama_cpp.Llama(path, n_ctx=n_ctx, n_threads=1, verbose=True)
tokens = llm.tokenize(b"The tide comes in and goes out again. " * 200, add_bos=False)[:128]
llm.eval(tokens)
print(json.dumps({"rss_growth": proc.memory_info().rss - before, "tokens": len(tokens)}))
"""
BUFFER_LINE = re.compile(r"(model|KV|compute|output) buffer size =\s+([\d.]+) MiB")


def measure(model: Path, n_ctx: int) -> tuple[int, int]:
    """(sum of llama.cpp's reported buffer sizes, RSS growth of load + one batch decode), in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(model), str(n_ctx)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    buffers: dict[str, float] = {}
    for kind, size in BUFFER_LINE.findall(done.stderr):
        buffers.setdefault(kind, float(size))  # the first report of each kind (teardown repeats some)
    assert set(buffers) == {"model", "KV", "compute", "output"}, buffers
    return int(sum(buffers.values()) * MiB), json.loads(done.stdout.strip().splitlines()[-1])["rss_growth"]


@pytest.mark.slow
def test_estimate_matches_llama_cpp_buffers_and_bounds_rss(smollm2_gguf: Path) -> None:
    n_ctx = 8192  # the K*Q scores outgrow the logits here, so both branches of the compute model are used
    info = read_gguf_info(smollm2_gguf)
    estimate = fit.estimate_memory(info, n_ctx, 64 * GiB, "test")
    reported, rss_growth = measure(smollm2_gguf, n_ctx)
    modelled = estimate.weight_bytes + estimate.kv_cache_bytes + estimate.compute_bytes
    assert abs(modelled - reported) <= BUFFER_MARGIN * reported, (modelled / MiB, reported / MiB)
    assert rss_growth <= estimate.required_bytes, (rss_growth / MiB, estimate.required_bytes / MiB)


def test_kv_cache_formula_matches_llama_cpp(smollm2_gguf: Path) -> None:
    info = read_gguf_info(smollm2_gguf)
    # llama.cpp reports "KV buffer size = 180.00 MiB" for this model at 8192 tokens (f16 K and V).
    assert fit.kv_cache_bytes(info, 8192) == 180 * MiB


def model_info(quant: str, weight_bytes: int, kv_heads: int = 8) -> GGUFInfo:
    """A 7B-shaped model without a file: only the header figures the planner reads."""
    return GGUFInfo(
        path=Path(f"/models/m-{quant}.gguf"), name="m", architecture="llama", quant=quant,
        file_bytes=weight_bytes, weight_bytes=weight_bytes, parameters=7 * 10**9, layers=32, heads=32,
        kv_heads=kv_heads, head_dim_k=128, head_dim_v=128, embedding_length=4096, feed_forward_length=14336,
        vocab_size=32000, context_length=32768, chat_template=None, bos_token="", eos_token="",
        stop_token_ids=(2,),
    )  # fmt: skip


def machine(available: int) -> HardwareProfile:
    return HardwareProfile("Linux", "x86_64", 8, 16, 64 * GiB, available, False, False, "none")


def needed(info: GGUFInfo, n_ctx: int) -> int:
    """The smallest available memory at which `info` fits at `n_ctx` tokens."""
    return int(fit.estimate_memory(info, n_ctx, 1, "").required_bytes / (1 - fit.SAFETY_FRACTION)) + 1


Q8 = model_info("Q8_0", int(7.5 * GiB))
Q4 = model_info("Q4_K_M", int(4.2 * GiB))


def test_best_quality_at_the_default_context_when_memory_allows() -> None:
    plan = choose([Q8, Q4], machine(64 * GiB))
    assert (plan.info.quant, plan.n_ctx) == ("Q8_0", fit.DEFAULT_MAX_CONTEXT)


def test_quant_traded_down_to_keep_4096_tokens() -> None:
    available = needed(Q8, 3072)  # Q8_0 would only get ~3000 tokens; Q4_K_M gets more than 4096
    plan = choose([Q8, Q4], machine(available))
    assert plan.info.quant == "Q4_K_M" and plan.n_ctx >= fit.PREFERRED_CONTEXT


def test_context_between_2048_and_4096_when_no_quant_reaches_4096() -> None:
    plan = choose([Q8], machine(needed(Q8, 3072)))
    assert plan.info.quant == "Q8_0" and fit.FLOOR_CONTEXT <= plan.n_ctx < fit.PREFERRED_CONTEXT


def test_quant_traded_down_before_context_below_2048() -> None:
    mha_q8 = model_info("Q8_0", int(7.5 * GiB), kv_heads=32)  # no GQA: 0.5 MiB of KV per token
    mha_q6 = model_info("Q6_K", int(6.5 * GiB), kv_heads=32)
    available = needed(mha_q8, 1024)
    assert needed(mha_q6, 2048) <= available < needed(mha_q6, 4096)
    plan = choose([mha_q8, mha_q6], machine(available))
    assert plan.info.quant == "Q6_K" and plan.n_ctx >= fit.FLOOR_CONTEXT


def test_refusal_names_the_figures_and_what_would_fit() -> None:
    with pytest.raises(NotEnoughMemory) as refused:
        plan_file(Q8, machine(4 * GiB))
    message = str(refused.value)
    assert "GiB" in message and "needs" in message and "4.00 GiB" in message
    assert re.search(r"largest quant that would fit at 2048 tokens is (Q3|IQ3|Q2)", message), message


def test_refusal_suggests_a_smaller_context_when_one_fits() -> None:
    with pytest.raises(NotEnoughMemory, match=r"--ctx \d+"):
        plan_file(Q4, machine(needed(Q4, 4096)), requested_ctx=32768)


def test_requested_context_beyond_training_is_refused() -> None:
    with pytest.raises(Exception, match="trained for"):
        plan_file(replace(Q4, context_length=4096), machine(64 * GiB), requested_ctx=8192)
