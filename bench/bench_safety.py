"""Throughput and tail latency of the offline safety layer: assess_message over the labelled set, repeated.

Run: .venv/bin/python bench/bench_safety.py [--rounds N]
Prints messages/second and p50/p99/max latency per message, wall clock and CPU time of the calling thread
(the issue's budget is 5 ms a message; on a shared machine the wall-clock tail is mostly scheduling).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from oyster_edge.safety import assess_message, assess_reply

SET_PATH = Path(__file__).resolve().parent.parent / "tests" / "safety" / "data" / "assessment_set.jsonl"


def _percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    messages = [json.loads(line)["text"] for line in SET_PATH.open(encoding="utf-8") if line.strip()]
    long_message = " ".join(messages[:60])  # about 2,500 characters of mixed text
    assess_message("warm up the regex caches")

    latencies, cpu_times = [], []
    started = time.perf_counter()
    for _ in range(args.rounds):
        for message in messages:
            begin, begin_cpu = time.perf_counter(), time.thread_time()
            assess_message(message)
            cpu_times.append(time.thread_time() - begin_cpu)
            latencies.append(time.perf_counter() - begin)
    total = time.perf_counter() - started
    latencies.sort()
    cpu_times.sort()
    long_times = sorted(_time(lambda: assess_message(long_message)) for _ in range(50))
    user = assess_message("how many pills would it take to die")
    reply = "I'm really sorry you're in so much pain. Please call or text 988 now; you don't have to do this alone."
    reply_times = sorted(_time(lambda: assess_reply(reply, user, "US")) for _ in range(2000))

    print(f"messages: {len(messages)} x {args.rounds} rounds = {len(latencies)} assessments")
    print(f"throughput: {len(latencies) / total:,.0f} messages/second")
    print(f"latency per message: mean {statistics.mean(latencies) * 1e3:.3f} ms, "
          f"p50 {_percentile(latencies, 0.5) * 1e3:.3f} ms, p99 {_percentile(latencies, 0.99) * 1e3:.3f} ms, "
          f"max {latencies[-1] * 1e3:.3f} ms (wall clock, includes time the OS gave the CPU to others)")
    print(f"CPU time per message: p50 {_percentile(cpu_times, 0.5) * 1e3:.3f} ms, "
          f"p99 {_percentile(cpu_times, 0.99) * 1e3:.3f} ms, max {cpu_times[-1] * 1e3:.3f} ms")
    print(f"long message ({len(long_message)} chars): p50 {_percentile(long_times, 0.5) * 1e3:.2f} ms, "
          f"max {long_times[-1] * 1e3:.2f} ms")
    print(f"assess_reply (safe reply, at-risk user): p99 {_percentile(reply_times, 0.99) * 1e3:.3f} ms")


def _time(call) -> float:
    begin = time.perf_counter()
    call()
    return time.perf_counter() - begin


if __name__ == "__main__":
    main()
