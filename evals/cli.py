"""`oyster-edge eval` and `oyster-edge report`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from oyster_edge.errors import OysterError

DEFAULT_MAX_NEW_TOKENS = 128


class GatesFailed(OysterError):
    exit_code = 1


def print_summary(results: dict, console: Console) -> None:
    table = Table(title="accuracy checks against the reference")
    for column in ("candidate", "type", "mean KLD", "top-1", "PPL ratio", "RMS Δp", "flip rate", "gates"):
        left = column in ("candidate", "type", "gates")
        table.add_column(column, justify="left" if left else "right", overflow="fold")
    for cand in results["candidates"]:
        verdict = "[green]pass[/]" if cand["passed"] else "[red]FAIL[/]: " + "; ".join(cand["reasons"])
        table.add_row(
            Path(cand["path"]).name,
            cand["type"],
            f"{cand['mean_kld']:.5f}" if cand["mean_kld"] is not None else "—",
            f"{100 * cand['top1_agreement']:.1f}%" if cand["top1_agreement"] is not None else "—",
            f"{cand['ppl_ratio']:.4f}" if cand["ppl_ratio"] is not None else "—",
            f"{100 * cand['rms_dp']:.2f}%" if cand["rms_dp"] is not None else "—",
            f"{100 * cand['flip_rate']:.1f}%" if cand["flip_rate"] is not None else "—",
            verdict,
        )
    console.print(table)


def eval_command(
    reference: Annotated[Path, typer.Option("--reference", help="Reference model: a GGUF or a Hugging Face folder.")],
    candidate: Annotated[list[Path], typer.Option("--candidate", help="Candidate model (repeat for several).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for results.json, the reference cache and the report.")],
    dataset: Annotated[str, typer.Option(
        help="builtin (the safety subset), general (general text), a Constructive-schema .jsonl/.json, "
        "or strata-sword:PATH.")]
    = "builtin",
    limit: Annotated[int | None, typer.Option(help="Evaluate a seeded, stratified sample of N items.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the --limit sample.")] = 0,
    gates: Annotated[Path | None, typer.Option("--gates", help="TOML file overriding the pass/fail gates.")] = None,
    max_new_tokens: Annotated[int, typer.Option(help="Greedy answer length for the behaviour check.")]
    = DEFAULT_MAX_NEW_TOKENS,
    top_k: Annotated[int, typer.Option(help="Reference log-probs kept per token in the cache.")] = 64,
    n_ctx: Annotated[int, typer.Option(help="Context size; longer items are skipped and listed.")] = 8192,
    threads: Annotated[int | None, typer.Option(help="CPU threads (default: the idle physical cores).")] = None,
    judge: Annotated[Path | None, typer.Option(help="Judge model (GGUF or HF folder) for satisfaction scores.")]
    = None,
    report: Annotated[bool, typer.Option(help="Also write report.html and report.md.")] = True,
) -> None:
    """Compare candidates with a reference: token KLD, option ranking, behaviour flips; exit 1 on a failed gate."""
    from oyster_edge.evals.run import evaluate

    console = Console(stderr=True)
    if max_new_tokens < 1 or top_k < 1:
        raise typer.BadParameter("--max-new-tokens and --top-k must be at least 1")
    results = evaluate(
        reference,
        list(candidate),
        dataset,
        out,
        limit=limit,
        seed=seed,
        gates_file=gates,
        max_new_tokens=max_new_tokens,
        top_k=top_k,
        n_ctx=n_ctx,
        threads=threads,
        judge=judge,
        console=console,
    )
    print_summary(results.data, Console())
    console.print(f"results: {results.path}")
    if report:
        from oyster_edge.evals.report import write_report

        html_path, md_path = write_report(out)
        console.print(f"report: {html_path} and {md_path}")
    failed = [Path(c["path"]).name for c in results.candidates if not c["passed"]]
    if failed:
        # An OysterError, not typer.Exit: the CLI's main() runs click with standalone_mode=False,
        # which turns typer.Exit into a return value and would lose the exit code.
        raise GatesFailed(
            f"{len(failed)} of {len(results.candidates)} candidates failed their gates ({', '.join(failed)}); "
            f"see {results.path}"
        )


def report_command(
    out: Annotated[Path, typer.Argument(help="The --out folder of an `oyster-edge eval` run.")],
    compare: Annotated[list[Path] | None, typer.Option(
        "--compare", help="Another eval run's folder (same reference, another dataset, e.g. --dataset general) "
        "whose figures join the imatrix comparison; repeat for several.")] = None,
) -> None:
    """Write DIR/report.html (self-contained), DIR/report.md and DIR/report.json from DIR/results.json."""
    from oyster_edge.evals.report import write_report

    html_path, md_path = write_report(out, list(compare or []))
    Console().print(f"wrote {html_path} and {md_path}")


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
    app.command("report")(report_command)
