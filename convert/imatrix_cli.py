"""`oyster-edge imatrix`: a safety-calibrated importance matrix for the GGUF quant ladder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from oyster_edge.errors import OysterError
from oyster_edge.manifest import builtin_calibration_name

console = Console(stderr=True)


@dataclass(frozen=True)
class CalibrationChoice:
    calibration: Path | None = None
    safety: bool = True
    general: bool = True
    code: bool = True
    max_tokens: int = 32768
    seq_len: int = 512

    def dataset_names(self) -> list[str]:
        if self.calibration is not None:
            return [str(self.calibration)]
        parts = [name for name, on in (("safety", self.safety), ("general", self.general), ("code", self.code)) if on]
        return [builtin_calibration_name(parts)]


def calibration_texts(source_path: Path, choice: CalibrationChoice) -> list[str]:
    """The calibration conversations rendered with the model's own chat template."""
    import json

    from oyster_edge.convert.calibration import calibration_conversations, load_calibration_file
    from oyster_edge.convert.imatrix import model_chat_template, render_conversations

    if choice.calibration is not None:
        conversations = load_calibration_file(choice.calibration)
    else:
        conversations = calibration_conversations(include_safety=choice.safety, include_general=choice.general,
                                                   include_code=choice.code)
    config_path = source_path / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8")) if config_path.exists() else {}
    special = {key: value if isinstance(value, str) else (value or {}).get("content", "")
               for key, value in ((k, config.get(k)) for k in ("bos_token", "eos_token"))}
    return render_conversations(conversations, model_chat_template(source_path), special["bos_token"] or "",
                                special["eos_token"] or "")


def calibrate(source_spec: str, out: Path, choice: CalibrationChoice, progress_console: Console) -> Path:
    """Compute the imatrix of `source_spec` on the chosen calibration text and write it to `out`."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from oyster_edge.convert.imatrix import compute_imatrix, write_imatrix
    from oyster_edge.convert.source import resolve_source

    source = resolve_source(source_spec)
    texts = calibration_texts(source.path, choice)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("chunks"),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=progress_console, transient=False) as progress:
        task = progress.add_task(f"imatrix {source.name}", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        imatrix = compute_imatrix(source, texts, seq_len=choice.seq_len, max_tokens=choice.max_tokens,
                                  datasets=choice.dataset_names(), on_progress=advance)
    write_imatrix(imatrix, out)
    progress_console.print(
        f"wrote {out}: {len(imatrix.sums)} tensors, {imatrix.chunk_count} chunks x {imatrix.chunk_size} tokens "
        f"({imatrix.token_count:,} tokens)"
    )
    return out


def imatrix_command(
    source: Annotated[str, typer.Argument(help="A local Hugging Face model folder or a hub id (org/name).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The imatrix GGUF to write (llama.cpp's format).")],
    calibration: Annotated[Path | None, typer.Option(
        help="Your calibration file (.jsonl conversations or .txt) instead of the builtin mix.")] = None,
    calibration_tokens: Annotated[int, typer.Option(help="Tokens of calibration text to run.")] = 32768,
    seq_len: Annotated[int, typer.Option(help="Tokens per forward pass (chunk).")] = 512,
    safety: Annotated[bool, typer.Option("--safety/--no-safety", help="Builtin constructive-safety chats.")] = True,
    general: Annotated[bool, typer.Option("--general/--no-general", help="Builtin general chat.")] = True,
    code: Annotated[bool, typer.Option("--code/--no-code", help="Builtin programming Q&A.")] = True,
) -> None:
    """Compute a safety-calibrated importance matrix for `convert gguf --imatrix` (or llama-quantize)."""
    if out.suffix.lower() != ".gguf":
        raise OysterError(f"--out {out} should end in .gguf: the imatrix is written in llama.cpp's GGUF format")
    choice = CalibrationChoice(calibration, safety, general, code, calibration_tokens, seq_len)
    calibrate(source, out, choice, console)


def register(app: typer.Typer) -> None:
    app.command("imatrix")(imatrix_command)


def calibrate_into(source_spec: str, out_dir: Path, given: Path | None, choice: CalibrationChoice,
                   progress_console: Console) -> Path:
    """`convert gguf --calibrate`: compute OUT/imatrix.gguf (an --imatrix FILE cannot be combined with it)."""
    if given is not None:
        raise OysterError("give either --imatrix FILE or --calibrate, not both")
    return calibrate(source_spec, out_dir / "imatrix.gguf", choice, progress_console)
