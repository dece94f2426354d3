"""CLI commands of the runtime: hw, fit, recommend, chat."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from oyster_edge.errors import NotEnoughMemory, OysterError
from oyster_edge.fsutil import human_bytes, parse_size

console = Console()
err_console = Console(stderr=True)

MaxMemory = Annotated[
    str | None,
    typer.Option("--max-memory", help="Memory the model may use, e.g. 6GB (overrides what the machine reports)."),
]
Ctx = Annotated[int | None, typer.Option("--ctx", help="Context size in tokens (default: the largest that fits).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def max_memory_bytes(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return parse_size(text)
    except ValueError as exc:
        raise OysterError(f"--max-memory: {exc}") from None


def print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def hw_command(as_json: AsJson = False, max_memory: MaxMemory = None) -> None:
    """Show what this machine offers a model: cores, memory, GPU offload."""
    from oyster_edge.runtime.hardware import detect_hardware

    hw = detect_hardware(max_memory_bytes(max_memory))
    if as_json:
        print_json(hw.to_json())
        return
    table = Table(show_header=False, title="hardware")
    table.add_row("OS / CPU", f"{hw.os} / {hw.arch}")
    table.add_row("cores", f"{hw.physical_cores} physical, {hw.logical_cores} logical")
    table.add_row("RAM", f"{human_bytes(hw.available_ram_bytes)} available of {human_bytes(hw.total_ram_bytes)}")
    table.add_row("unified memory", "yes" if hw.unified_memory else "no")
    table.add_row("llama.cpp GPU offload", f"{hw.gpu_backend}" if hw.gpu_offload else "no (CPU build)")
    for gpu in hw.gpus:
        table.add_row("GPU", f"{gpu.name}: {human_bytes(gpu.free_bytes)} free of {human_bytes(gpu.total_bytes)}")
    table.add_row("memory for models", f"{human_bytes(hw.model_memory_bytes)} ({hw.model_memory_source})")
    console.print(table)


def _estimate_table(plan_json: dict[str, Any]) -> Table:
    table = Table(show_header=False, title=f"fit: {Path(plan_json['path']).name}")
    table.add_row("quant", plan_json["quant"])
    table.add_row("context", f"{plan_json['n_ctx']} tokens")
    for key in ("weight_bytes", "kv_cache_bytes", "compute_bytes", "overhead_bytes", "required_bytes"):
        table.add_row(key.removesuffix("_bytes").replace("_", " "), human_bytes(plan_json[key]))
    table.add_row(plan_json["memory_source"], human_bytes(plan_json["available_bytes"]))
    table.add_row("usable (after margin)", human_bytes(plan_json["usable_bytes"]))
    table.add_row("fits", "[green]yes[/]" if plan_json["fits"] else "[red]no[/]")
    return table


def fit_command(
    model: Annotated[Path, typer.Argument(help="A .gguf file or a model folder.")],
    ctx: Ctx = None,
    max_memory: MaxMemory = None,
    as_json: AsJson = False,
) -> None:
    """Estimate the memory MODEL needs at a context size; exit 0 if it fits, 2 if it does not."""
    from oyster_edge.runtime.hardware import detect_hardware
    from oyster_edge.runtime.plan import plan_model

    hw = detect_hardware(max_memory_bytes(max_memory))
    try:
        plan = plan_model(model, hw, ctx)
    except NotEnoughMemory as exc:
        if as_json:
            print_json(_refusal_json(model, hw, ctx, str(exc)))
            raise typer.Exit(exc.exit_code) from None
        raise
    if as_json:
        print_json({**plan.to_json(), "reason": plan.reason})
    else:
        console.print(_estimate_table(plan.to_json()))


def _refusal_json(model: Path, hw: Any, ctx: int | None, message: str) -> dict[str, Any]:
    from oyster_edge.runtime import fit
    from oyster_edge.runtime.gguf_info import read_gguf_info
    from oyster_edge.runtime.plan import estimate_for, folder_candidates

    info = folder_candidates(model)[-1] if model.is_dir() else read_gguf_info(model)
    n_ctx = min(ctx or fit.MIN_CONTEXT, info.context_length)
    estimate = estimate_for(info, n_ctx, hw)
    return {"path": str(info.path), "quant": info.quant, **estimate.to_json(), "message": message}


def recommend_command(
    directory: Annotated[Path, typer.Argument(help="A model folder (manifest.json or several GGUFs).")],
    ctx: Ctx = None,
    max_memory: MaxMemory = None,
    as_json: AsJson = False,
) -> None:
    """Pick the best quant and context of a model folder that fit this machine."""
    from oyster_edge.runtime import fit
    from oyster_edge.runtime.hardware import detect_hardware
    from oyster_edge.runtime.plan import choose, folder_candidates

    if not directory.is_dir():
        raise OysterError(f"{directory} is not a folder; `recommend` takes a model folder")
    hw = detect_hardware(max_memory_bytes(max_memory))
    candidates = folder_candidates(directory)
    rows = []
    for info in candidates:
        largest = fit.largest_fitting_context(info, fit.default_context(info), hw.model_memory_bytes, hw.gpu_offload)
        rows.append(
            {"path": str(info.path), "quant": info.quant, "weight_bytes": info.weight_bytes, "largest_context": largest}
        )
    plan = choose(candidates, hw, ctx)
    if as_json:
        print_json({"choice": plan.to_json(), "candidates": rows})
        return
    table = Table(title=f"recommend: {directory}")
    for column in ("quant", "file", "weights", "largest context that fits"):
        table.add_column(column)
    for row in rows:
        mark = "[bold green]> [/]" if row["path"] == str(plan.info.path) else ""
        table.add_row(
            mark + row["quant"],
            Path(row["path"]).name,
            human_bytes(row["weight_bytes"]),
            str(row["largest_context"] or "does not fit"),
        )
    console.print(table)
    console.print(
        f"choice: [bold]{plan.info.path.name}[/] ({plan.info.quant}) at {plan.n_ctx} tokens "
        f"- {plan.reason}; needs {human_bytes(plan.estimate.required_bytes)} of "
        f"{human_bytes(plan.estimate.available_bytes)}"
    )


def chat_command(
    model: Annotated[Path, typer.Argument(help="A .gguf file or a model folder (the best fitting quant is used).")],
    once: Annotated[str | None, typer.Option("--once", help="Answer this one message and exit.")] = None,
    max_tokens: Annotated[int, typer.Option("--max-tokens", min=1)] = 512,
    ctx: Ctx = None,
    think: Annotated[
        bool, typer.Option("--think/--no-think", help="Let a thinking model (Qwen3) reason first.")
    ] = False,
    show_thinking: Annotated[bool, typer.Option("--show-thinking", help="Print the reasoning too.")] = False,
    system: Annotated[str | None, typer.Option("--system", help="Replace the default system prompt.")] = None,
    temperature: Annotated[float | None, typer.Option("--temperature", min=0.0, help="0 = greedy.")] = None,
    threads: Annotated[
        int | None, typer.Option("--threads", min=1, help="CPU threads (default: physical cores).")
    ] = None,
    max_memory: MaxMemory = None,
    as_json: AsJson = False,
) -> None:
    """Chat with MODEL in the terminal (streaming), or answer one message with --once."""
    from oyster_edge.runtime.backends import EngineOptions, open_engine
    from oyster_edge.runtime.prompts import DEFAULT_SYSTEM_PROMPT

    if as_json and once is None:
        raise OysterError("--json needs --once TEXT (the interactive chat prints text)")
    options = EngineOptions(
        n_ctx=ctx,
        max_memory=max_memory_bytes(max_memory),
        system_prompt=DEFAULT_SYSTEM_PROMPT if system is None else system,
        threads=threads,
    )
    engine = open_engine(model, options)
    sampling = _sampling(temperature, think)
    try:
        if once is not None:
            _answer_once(engine, once, max_tokens, think, show_thinking, sampling, as_json)
        else:
            _interactive(engine, max_tokens, think, show_thinking, sampling)
    finally:
        close = getattr(engine, "close", None)
        if close is not None:
            close()


def _sampling(temperature: float | None, think: bool) -> Any:
    if temperature is None:
        return None
    from dataclasses import replace

    from oyster_edge.runtime.engine import SamplingSettings

    return replace(SamplingSettings.for_mode(think), temperature=temperature)


def _stream_kwargs(sampling: Any) -> dict[str, Any]:
    return {} if sampling is None else {"sampling": sampling}


def _answer_once(
    engine: Any, text: str, max_tokens: int, think: bool, show_thinking: bool, sampling: Any, as_json: bool
) -> None:
    from oyster_edge.runtime.types import ChatMessage, collect_reply

    messages = [ChatMessage("user", text)]
    if not as_json:
        _print_stream(engine, messages, max_tokens, think, show_thinking, sampling, threading.Event())
        return
    result = collect_reply(engine.stream_chat(messages, max_tokens=max_tokens, think=think, **_stream_kwargs(sampling)))
    stats = result.stats
    print_json(
        {
            "answer": result.answer,
            "reasoning": result.reasoning,
            "prompt_tokens": stats.prompt_tokens,
            "completion_tokens": stats.completion_tokens,
            "tokens_per_second": round(stats.tokens_per_second, 2),
            "time_to_first_token": round(stats.time_to_first_token, 4),
            "stop_reason": stats.stop_reason,
            "dropped_turns": stats.dropped_turns,
            "notices": result.notices,
            "model": engine.model_name,
            "quant": engine.quant,
        }
    )


def _print_stream(
    engine: Any,
    messages: list[Any],
    max_tokens: int,
    think: bool,
    show_thinking: bool,
    sampling: Any,
    cancel: threading.Event,
) -> str:
    """Print the reply as it streams; return the answer text (for the history)."""
    answer: list[str] = []
    in_reasoning = False
    for event in engine.stream_chat(
        messages, max_tokens=max_tokens, think=think, cancel=cancel, **_stream_kwargs(sampling)
    ):
        if event.kind == "notice":
            err_console.print(f"[yellow]{event.text}[/]", highlight=False)
        elif event.kind == "reasoning" and show_thinking:
            if not in_reasoning:
                console.print("[dim]thinking:[/] ", end="")
                in_reasoning = True
            console.print(event.text, style="dim", end="", highlight=False, markup=False)
        elif event.kind == "answer":
            if in_reasoning:
                console.print("\n")
                in_reasoning = False
            answer.append(event.text)
            print(event.text, end="", flush=True)
        elif event.kind == "done" and event.stats is not None:
            stats = event.stats
            print()
            err_console.print(
                f"[dim]{stats.completion_tokens} tokens, {stats.tokens_per_second:.1f} tok/s, "
                f"first token {stats.time_to_first_token:.2f}s, {stats.stop_reason}[/]"
            )
    return "".join(answer).strip()


def _interactive(engine: Any, max_tokens: int, think: bool, show_thinking: bool, sampling: Any) -> None:
    import readline  # noqa: F401  (line editing and history for input())

    from oyster_edge.runtime.types import ChatMessage

    err_console.print(
        f"[bold]{engine.model_name}[/] ({engine.quant}). /reset starts over, /quit or Ctrl-D "
        "leaves, Ctrl-C stops a reply."
    )
    history: list[ChatMessage] = []
    while True:
        try:
            text = input("you> ").strip()
        except EOFError:
            print()
            return
        if text in ("/quit", "/exit"):
            return
        if text == "/reset":
            history = []
            continue
        if not text:
            continue
        history.append(ChatMessage("user", text))
        try:
            answer = _print_stream(engine, history, max_tokens, think, show_thinking, sampling, threading.Event())
        except KeyboardInterrupt:
            err_console.print("\n[yellow]stopped[/]")
            reset = getattr(engine, "reset", None)
            if reset is not None:
                reset()
            history.pop()
            continue
        history.append(ChatMessage("assistant", answer))


def register(app: typer.Typer) -> None:
    app.command("hw")(hw_command)
    app.command("fit")(fit_command)
    app.command("recommend")(recommend_command)
    app.command("chat")(chat_command)
