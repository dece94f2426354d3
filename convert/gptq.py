"""HF -> GPTQ checkpoint (`oyster-edge convert gptq`) through GPTQModel, the maintained successor of auto-gptq.

The output is the standard GPTQ v1 layout (`quant_method: gptq`: qweight/qzeros/scales/g_idx in
safetensors, quantize_config.json, quantization_config in config.json) that transformers (+optimum),
vLLM and GPTQModel load. GPTQModel and torch are imported only inside `quantize_to_gptq`: importing
GPTQModel alone takes seconds and ~500 MB.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from oyster_edge.chat_template import render_chat
from oyster_edge.convert.gptq_plan import (
    GptqSettings,
    QuantizeWork,
    estimate_output_bytes,
    estimate_quantize_memory,
    estimate_quantize_seconds,
    folder_bytes,
    folder_digest,
    human_duration,
    output_folder_name,
    physical_cores,
)
from oyster_edge.convert.source import ModelSource, resolve_source
from oyster_edge.errors import NotEnoughMemory, OysterError
from oyster_edge.fsutil import atomic_output, ensure_free_space, human_bytes
from oyster_edge.manifest import Artifact, load_manifest, save_manifest
from oyster_edge.runtime.hf_engine import configure_gptqmodel_env
from oyster_edge.runtime.prompts import CHATML_TEMPLATE

# Files copied verbatim from the source so the quantized folder chats exactly like the original.
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "chat_template.jinja",
    "vocab.json",
    "merges.txt",
    "generation_config.json",
)
GPTQMODEL_VERSION = "7.6.0"
LONG_RUN_SECONDS = 20 * 60


def resolve_device(choice: str) -> str:
    import torch

    if choice == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if choice == "cuda" and not torch.cuda.is_available():
        raise OysterError("--device cuda was asked for, but torch sees no CUDA GPU; use --device cpu")
    return choice


def available_memory(device: str) -> tuple[int, str]:
    if device == "cuda":
        import torch

        free, _total = torch.cuda.mem_get_info()
        return int(free), "free GPU memory"
    import psutil

    return int(psutil.virtual_memory().available), "available RAM"


def check_memory(source: ModelSource, settings: GptqSettings, device: str) -> None:
    estimate = estimate_quantize_memory(source.config, settings)
    free, where = available_memory(device)
    if estimate.total > free:
        raise NotEnoughMemory(
            f"GPTQ of {source.name} needs about {human_bytes(estimate.total)} ({where}: {human_bytes(free)}): "
            f"one decoder layer {human_bytes(estimate.layer_weights)}, Hessians {human_bytes(estimate.hessians)}, "
            f"calibration activations {human_bytes(estimate.activations)}, embeddings "
            f"{human_bytes(estimate.embeddings)}, packed layers {human_bytes(estimate.packed)}. "
            "Lower --calibration-samples/--seq-len, close other programs, "
            "or quantize on a bigger machine or a GPU."
        )


# ---------------------------------------------------------------- calibration


def calibration_token_ids(source: ModelSource, settings: GptqSettings, tokenizer: Any) -> list[list[int]]:
    """Calibration conversations rendered with the model's own chat template, tokenized, cut to --seq-len."""
    from oyster_edge.convert.calibration import calibration_conversations, load_calibration_file

    if settings.calibration is not None:
        samples = load_calibration_file(settings.calibration)
    else:
        samples = calibration_conversations()
    # ChatML when the model ships no template, as the chat engines do.
    template = getattr(tokenizer, "chat_template", None) or CHATML_TEMPLATE
    texts = [
        render_chat(
            template,
            sample,
            add_generation_prompt=False,
            bos_token=tokenizer.bos_token or "",
            eos_token=tokenizer.eos_token or "",
            enable_thinking=False,
        )
        for sample in samples[: settings.calibration_samples]
    ]
    token_ids = [tokenizer(text, add_special_tokens=False)["input_ids"][: settings.seq_len] for text in texts]
    kept = [ids for ids in token_ids if len(ids) >= 10]
    if not kept:
        raise OysterError("no calibration sample is at least 10 tokens long; give a --calibration file with text")
    return kept


# ---------------------------------------------------------------- running GPTQModel


@contextlib.contextmanager
def captured_output(log_path: Path) -> Iterator[IO[str]]:
    """Send everything written to file descriptors 1 and 2 (GPTQModel's progress bars and logs, C++ and
    subprocess output) to `log_path`; yield a stream on the original stderr for our own display.

    sys.stdout/sys.stderr stay the same objects, so loggers created meanwhile keep a valid stream."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = {fd: os.dup(fd) for fd in (1, 2)}
    terminal = os.fdopen(os.dup(saved[2]), "w", buffering=1)
    with log_path.open("w", encoding="utf-8") as log:
        for fd in (1, 2):
            os.dup2(log.fileno(), fd)
        try:
            yield terminal
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            for fd, copy in saved.items():
                os.dup2(copy, fd)
                os.close(copy)
            terminal.close()


def _quantize_config(settings: GptqSettings, offload_dir: Path) -> Any:
    from gptqmodel import QuantizeConfig

    return QuantizeConfig(
        bits=settings.bits,
        group_size=settings.group_size,
        desc_act=settings.desc_act,
        act_group_aware=not settings.desc_act,  # GPTQModel rejects act_group_aware together with desc_act
        sym=settings.sym,
        damp_percent=settings.damp,
        offload_to_disk_path=str(offload_dir),
    )


def run_gptqmodel(
    source: ModelSource,
    settings: GptqSettings,
    device: str,
    calibration: list[list[int]],
    work_dir: Path,
    on_layer: Any,
) -> None:
    """Load, quantize layer by layer (calling on_layer(index) as each finishes), save into work_dir."""
    configure_gptqmodel_env()
    import torch
    from gptqmodel import GPTQModel

    offload = work_dir.with_name(work_dir.name + ".offload")
    _redirect_gptqmodel_logs(work_dir.with_name(work_dir.name + ".logs"))
    # float16 is GPTQ's storage standard, but CPUs without native fp16 matmul run it ~100x slower than
    # bfloat16 (0.4 vs 53 GFLOPS here): quantize in bfloat16 on CPU, then store float16 (store_float16).
    dtype = torch.float16 if device == "cuda" else torch.bfloat16
    try:
        model = GPTQModel.load(str(source.path), _quantize_config(settings, offload), dtype=dtype, device=device)
        model.layer_callback = lambda layer_idx, submodule_finalized: (
            None if submodule_finalized else on_layer(layer_idx)
        )
        samples = [{"input_ids": ids, "attention_mask": [1] * len(ids)} for ids in calibration]
        model.quantize(samples, batch_size=1, calibration_sort="desc")
        model.save(str(work_dir))
    finally:
        shutil.rmtree(offload, ignore_errors=True)
        shutil.rmtree(work_dir.with_name(work_dir.name + ".logs"), ignore_errors=True)


def _redirect_gptqmodel_logs(folder: Path) -> None:
    """GPTQModel 7.6 writes a per-run log into ./logs of whatever folder the user is in; point it at a
    folder beside the output that is removed afterwards (its content is in our own log already)."""
    from gptqmodel.looper import loop_processor

    loop_processor._PROJECT_LOG_DIR = folder


def _scrub_local_paths(folder: Path) -> None:
    """GPTQModel records its temporary offload folder in the quantization meta; drop this machine's path."""
    for name in ("config.json", "quantize_config.json"):
        path = folder / name
        data = json.loads(path.read_text(encoding="utf-8"))
        quant = data.get("quantization_config", data)
        quant.get("meta", {}).pop("offload_to_disk_path", None)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


FLOAT16_MAX = 65504.0


def store_float16(folder: Path) -> None:
    """Rewrite bfloat16 tensors (scales, norms, embeddings) as float16, the dtype GPTQ loaders expect
    (vLLM's plain GPTQ kernels accept only float16); one shard in memory at a time."""
    import torch
    from safetensors import safe_open
    from safetensors.torch import load_file, save_file

    for shard in sorted(folder.glob("*.safetensors")):
        with safe_open(str(shard), "pt") as handle:
            metadata = handle.metadata()
        tensors = load_file(str(shard))
        if not any(t.dtype == torch.bfloat16 for t in tensors.values()):
            continue
        for name, tensor in tensors.items():
            if tensor.dtype != torch.bfloat16:
                continue
            if tensor.numel() and float(tensor.abs().max()) > FLOAT16_MAX:
                raise OysterError(f"tensor {name} exceeds the float16 range; this model cannot be stored as GPTQ")
            tensors[name] = tensor.to(torch.float16)
        save_file(tensors, str(shard), metadata=metadata)
        shard.chmod(0o644)  # save_file creates 0600; the kiosk or a server may read as another user
    config_path = folder / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    for key in ("dtype", "torch_dtype"):
        if key in config:
            config[key] = "float16"
    config_path.write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _copy_tokenizer(source: ModelSource, folder: Path) -> None:
    for name in TOKENIZER_FILES:
        if (source.path / name).exists():
            shutil.copyfile(source.path / name, folder / name)


def pop_quant_log(folder: Path) -> dict[str, Any]:
    """Summarize and remove GPTQModel's quant_log.csv: its timing column would make two identical
    quantizations hash differently."""
    path = folder / "quant_log.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("loss") not in (None, "")]
    path.unlink()
    if not rows:
        return {}
    worst = max(rows, key=lambda row: float(row["loss"]))
    return {
        "modules": len(rows),
        "mean_loss": sum(float(row["loss"]) for row in rows) / len(rows),
        "max_loss": float(worst["loss"]),
        "max_loss_module": f"layers.{worst['layer']}.{worst['module']}",
    }


def check_gptq_folder(folder: Path) -> None:
    """The layout loaders expect: GPTQ v1 config and packed tensors for every quantized projection."""
    from safetensors import safe_open

    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    quant = config.get("quantization_config") or {}
    if quant.get("quant_method") != "gptq" or not (folder / "quantize_config.json").exists():
        raise OysterError(f"{folder} lacks a GPTQ quantization_config; the quantizer did not finish its output")
    names: set[str] = set()
    for file in folder.glob("*.safetensors"):
        with safe_open(str(file), "pt") as handle:
            names.update(handle.keys())
    qweights = {n.removesuffix(".qweight") for n in names if n.endswith(".qweight")}
    missing = [f"{m}.{part}" for m in qweights for part in ("qzeros", "scales", "g_idx") if f"{m}.{part}" not in names]
    if not qweights or missing:
        raise OysterError(f"{folder} is not a complete GPTQ checkpoint (missing: {missing[:3] or 'qweight'})")


# ---------------------------------------------------------------- the conversion


def _layer_progress(terminal: IO[str], layers: int) -> Progress:
    return Progress(
        TextColumn("[bold]GPTQ[/] layers"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(file=terminal),
        transient=False,
    )


def warn_time(source: ModelSource, tokens: int, device: str, console: Console) -> None:
    cores = physical_cores()
    seconds = estimate_quantize_seconds(QuantizeWork.of(source), tokens, device, cores)
    where = "on the GPU" if device == "cuda" else f"on {cores} CPU cores"
    slow = device == "cpu" and seconds > LONG_RUN_SECONDS
    console.print(
        f"[{'yellow' if slow else 'dim'}]GPTQ of {source.parameter_count / 1e9:.2f}B parameters {where}: "
        f"expect about {human_duration(seconds)}.[/]"
        + (" A GPU takes minutes: pass --device cuda on a machine with one." if slow else "")
    )


def quantize_to_gptq(source: ModelSource, out_dir: Path, settings: GptqSettings, console: Console) -> Artifact:
    """Quantize `source` into out_dir/<name>-GPTQ-...; record it in out_dir/manifest.json; return its entry."""
    device = resolve_device(settings.device)
    final = out_dir / output_folder_name(source, settings)
    ensure_free_space(out_dir, 2 * estimate_output_bytes(source, settings), f"GPTQ output {final.name}")
    check_memory(source, settings, device)

    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(source.path))
    calibration = calibration_token_ids(source, settings, tokenizer)
    tokens = sum(len(ids) for ids in calibration)
    console.print(f"calibration: {len(calibration)} samples, {tokens} tokens (seq-len {settings.seq_len})")
    warn_time(source, tokens, device, console)

    log_path = out_dir / f".{final.name}.log"
    started = time.monotonic()
    with atomic_output(final) as work, captured_output(log_path) as terminal:
        work.mkdir()
        layers = int(source.config.get("num_hidden_layers", 0))
        with _layer_progress(terminal, layers) as progress:
            task = progress.add_task("layers", total=layers)
            try:
                run_gptqmodel(source, settings, device, calibration, work, lambda _i: progress.advance(task))
            except (KeyboardInterrupt, OysterError):
                raise
            except Exception as exc:
                raise OysterError(
                    f"GPTQModel failed while quantizing {source.name} ({type(exc).__name__}: {exc}); "
                    f"its full log is in {log_path}"
                ) from exc
        _scrub_local_paths(work)
        store_float16(work)
        losses = pop_quant_log(work)
        _copy_tokenizer(source, work)
        check_gptq_folder(work)
        shutil.rmtree(final, ignore_errors=True)  # an older run's folder goes only once this one is complete
    log_path.unlink(missing_ok=True)
    seconds = time.monotonic() - started
    digest, files = folder_digest(final)
    artifact = Artifact(
        path=final.name,
        format="gptq",
        type=settings.artifact_type,
        bytes=folder_bytes(final),
        sha256=digest,
        extra={
            "files": files,
            "bits": settings.bits,
            "group_size": settings.group_size,
            "desc_act": settings.desc_act,
            "sym": settings.sym,
            "damp": settings.damp,
            "device": device,
            "seconds": round(seconds, 1),
            "quantizer": f"gptqmodel {GPTQMODEL_VERSION}",
            "calibration": {
                "source": str(settings.calibration) if settings.calibration else "oyster-edge default mix",
                "samples": len(calibration),
                "tokens": tokens,
                "seq_len": settings.seq_len,
            },
            "gptq_loss": losses,
        },
    )
    manifest = load_manifest(out_dir)
    manifest.source = source.manifest_entry()
    manifest.upsert(artifact)
    save_manifest(out_dir, manifest)
    return artifact


# ---------------------------------------------------------------- CLI


def gptq_command(
    source: Annotated[str, typer.Argument(help="Hugging Face model folder or hub id")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the model folder and manifest.json")],
    bits: Annotated[int, typer.Option(help="Bits per weight: 4 (default) or 8; 2 and 3 lose much quality")] = 4,
    group_size: Annotated[int, typer.Option(help="Weights per quantization group (-1: per channel)")] = 128,
    desc_act: Annotated[bool, typer.Option(help="Quantize columns by activation order (slower kernels)")] = False,
    sym: Annotated[bool, typer.Option(help="Symmetric quantization (what most kernels expect)")] = True,
    damp: Annotated[float, typer.Option(help="Hessian dampening, fraction of its mean diagonal")] = 0.05,
    device: Annotated[str, typer.Option(help="auto, cpu or cuda")] = "auto",
    calibration: Annotated[
        Path | None, typer.Option(help="Calibration data: JSONL (chat messages or text) or a text file")
    ] = None,
    calibration_samples: Annotated[int, typer.Option(help="Calibration samples to use")] = 128,
    seq_len: Annotated[int, typer.Option(help="Tokens per calibration sample (longer ones are cut)")] = 512,
) -> None:
    """Quantize a model to GPTQ (4-bit, group 128 by default) for transformers, vLLM and GPTQModel."""
    console = Console(stderr=True)
    settings = GptqSettings(
        bits=bits,
        group_size=group_size,
        desc_act=desc_act,
        sym=sym,
        damp=damp,
        device=device,
        calibration=calibration,
        calibration_samples=calibration_samples,
        seq_len=seq_len,
    )
    if calibration is not None and not calibration.is_file():
        raise OysterError(f"calibration file not found: {calibration}")
    model = resolve_source(source)
    console.print(
        f"[bold]{model.name}[/] ({model.architecture}, {model.parameter_count / 1e6:,.1f}M parameters, "
        f"{model.torch_dtype}) -> {out / output_folder_name(model, settings)}"
    )
    artifact = quantize_to_gptq(model, out, settings, console)
    console.print(
        f"[green]wrote[/] {out / artifact.path} ({human_bytes(artifact.bytes)}, {artifact.extra['seconds']} s); "
        f"manifest: {out / 'manifest.json'}"
    )


def register_gptq(convert_app: typer.Typer) -> None:
    convert_app.command("gptq")(gptq_command)
