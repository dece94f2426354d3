"""`oyster-edge convert ...` and `oyster-edge inspect`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from oyster_edge.convert.quantize import DEFAULT_LADDER
from oyster_edge.fsutil import human_bytes
from oyster_edge.manifest import Manifest, imatrix_kind

console = Console(stderr=True)
convert_app = typer.Typer(
    help="Convert a Hugging Face checkpoint to GGUF (and a quant ladder) or GPTQ.", no_args_is_help=True
)


@convert_app.command("gguf")
def convert_gguf(
    source: Annotated[str, typer.Argument(help="A local Hugging Face model folder or a hub id (org/name).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (holds the GGUFs and manifest.json).")],
    outtype: Annotated[
        str | None, typer.Option(help="f16, bf16 or f32 (default: bf16 for a bf16 source, else f16).")
    ] = None,
    quants: Annotated[str, typer.Option(help="Comma-separated llama.cpp quant types; '' for none.")] = ",".join(
        DEFAULT_LADDER
    ),
    imatrix: Annotated[
        Path | None, typer.Option(help="A llama.cpp imatrix GGUF (needed by IQ1/IQ2/IQ3_XXS/Q2_K_S).")
    ] = None,
    calibrate: Annotated[
        bool,
        typer.Option(
            "--calibrate", help="First compute a safety-calibrated imatrix into OUT/imatrix.gguf, then use it."
        ),
    ] = False,
    calibration: Annotated[Path | None, typer.Option(
        help="With --calibrate: your calibration file (.jsonl conversations or .txt) instead of the builtin mix.")]
    = None,
    calibration_tokens: Annotated[int, typer.Option(help="With --calibrate: tokens of calibration text to run.")]
    = 32768,
    seq_len: Annotated[int, typer.Option(help="With --calibrate: tokens per forward pass (chunk).")] = 512,
    tag: Annotated[
        str | None,
        typer.Option(help="Suffix for the quant file names (Model-Q3_K_M-TAG.gguf), to keep quants made with "
                     "different imatrices side by side in one folder."),
    ] = None,
    threads: Annotated[int | None, typer.Option(help="Quantizer threads (default: physical cores).")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rewrite artifacts even when the manifest says they are current.")
    ] = False,
) -> None:
    """Convert SOURCE to a full-precision GGUF, then quantize it with llama.cpp's own quantizer."""
    from oyster_edge.convert.pipeline import GgufJob, check_tag, default_threads, run_gguf_job
    from oyster_edge.convert.quantize import parse_ladder
    from oyster_edge.convert.source import resolve_source
    from oyster_edge.convert.to_gguf import OUTTYPES, default_outtype

    ladder = parse_ladder(quants, have_imatrix=imatrix is not None or calibrate)
    check_tag(tag)
    if calibrate:
        from oyster_edge.convert.imatrix_cli import CalibrationChoice, calibrate_into

        choice = CalibrationChoice(calibration, max_tokens=calibration_tokens, seq_len=seq_len)
        imatrix = calibrate_into(source, out, imatrix, choice, console)
    elif calibration is not None:
        raise typer.BadParameter("a calibration file is used by --calibrate; add it", param_hint="--calibration")
    model = resolve_source(source)
    chosen = (outtype or default_outtype(model)).lower()
    if chosen not in OUTTYPES:
        raise typer.BadParameter(f"must be one of {', '.join(OUTTYPES)}", param_hint="--outtype")
    imatrix_data, imatrix_info = _load_imatrix(imatrix)
    console.print(
        f"[bold]{model.name}[/] ({model.architecture}, {model.parameter_count / 1e6:,.1f}M parameters, "
        f"{model.torch_dtype}) -> {out}"
    )
    job = GgufJob(model, out, chosen, tuple(ladder), threads or default_threads(), force=force, tag=tag)
    manifest = run_gguf_job(job, console, imatrix_data, imatrix_info)
    print_artifacts(manifest)


def _load_imatrix(path: Path | None) -> tuple[object | None, dict[str, object] | None]:
    if path is None:
        return None, None
    from oyster_edge.convert.imatrix import load_imatrix_for_quantizer

    return load_imatrix_for_quantizer(path)


def print_artifacts(manifest: Manifest) -> None:
    table = Table(title="artifacts (manifest.json)")
    for column in ("file", "format", "type", "imatrix", "size", "sha256"):
        table.add_column(column, justify="right" if column == "size" else "left")
    for artifact in manifest.artifacts:
        made_with = imatrix_kind(artifact.extra["imatrix"]) if "imatrix" in artifact.extra else ""
        table.add_row(artifact.path, artifact.format, artifact.type, made_with, human_bytes(artifact.bytes),
                      artifact.sha256[:12])
    Console().print(table)


def inspect_command(
    file: Annotated[Path, typer.Argument(help="A GGUF file (any, not only ones oyster-edge wrote).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show a GGUF's architecture, size, quant types, tokenizer and metadata."""
    from oyster_edge.gguf_info import read_info

    info = read_info(file)
    if as_json:
        typer.echo(json.dumps(info.to_json(), indent=2, ensure_ascii=False, default=str))
        return
    table = Table(show_header=False, title=file.name)
    rows = {
        "architecture": info.architecture,
        "parameters": f"{info.parameters:,}",
        "file size": human_bytes(info.file_bytes),
        "quant type": info.file_type or "?",
        "bits per weight": f"{info.bits_per_weight:.2f}",
        "tensor types": ", ".join(f"{k}: {v}" for k, v in info.tensor_types.items()),
        "context length": str(info.context_length),
        "tokenizer": f"{info.tokenizer_model} (pre: {info.tokenizer_pre})",
        "chat template": "yes" if info.has_chat_template else "no",
    }
    rows.update({f"general.{k}": str(v) for k, v in info.general.items()})
    for key, value in rows.items():
        table.add_row(key, value)
    Console().print(table)


def demo_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Working folder for the demo.")] = Path("oyster-edge-demo"),
    quants: Annotated[str, typer.Option(help="Quant ladder for the demo.")] = "Q8_0,Q6_K,Q4_K_M,IQ4_XS,Q3_K_M,Q2_K",
    limit: Annotated[int, typer.Option(help="Items of the builtin subset to evaluate.")] = 8,
    max_new_tokens: Annotated[int, typer.Option(help="Greedy tokens generated per item.")] = 64,
) -> None:
    """Run the main job on SmolLM2-135M-Instruct (a stand-in for Oyster-I): convert, quantize, check, report."""
    from oyster_edge.convert.demo import run_demo
    from oyster_edge.convert.quantize import parse_ladder

    code = run_demo(out, tuple(parse_ladder(quants, have_imatrix=False)), limit, max_new_tokens, console)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    from oyster_edge.convert.gptq import register_gptq

    register_gptq(convert_app)
    app.add_typer(convert_app, name="convert")
    app.command("inspect")(inspect_command)
    app.command("demo")(demo_command)
