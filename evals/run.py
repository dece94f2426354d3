"""`oyster-edge eval`: compare candidates with a reference on token level, option ranking and behaviour.

Order of work, so only one model is ever in memory: the reference pass (or its cache) first, then each
candidate in turn, then the optional judge. Within a pass every item runs the same steps in the same order
(greedy answer, teacher-forced response, response options), so an identical candidate repeats the
reference's computation exactly.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from oyster_edge.errors import OysterError
from oyster_edge.evals import gates as gating
from oyster_edge.evals import ranking, refcache
from oyster_edge.evals.artifact import artifact_files, describe
from oyster_edge.evals.backends import ModelRunner, SequenceTooLong, open_model
from oyster_edge.evals.datasets import EvalItem, load_dataset
from oyster_edge.evals.tokenstats import TokenComparison, compare, concat, reference_view, summarize
from oyster_edge.fsutil import write_text_atomic

RESULTS_NAME = "results.json"
RESULTS_SCHEMA = 1
WORST_ITEMS = 8


@dataclass
class EvalSettings:
    max_new_tokens: int = 128
    top_k: int = 64
    n_ctx: int = 8192
    threads: int | None = None
    judge: Path | None = None
    judge_max_new_tokens: int = 96

    def cache_settings(self) -> dict[str, Any]:
        """Everything that changes what the reference pass stores."""
        return {
            "max_new_tokens": self.max_new_tokens,
            "top_k": self.top_k,
            "n_ctx": self.n_ctx,
            "enable_thinking": False,
        }


@dataclass
class EvalResults:
    data: dict[str, Any]
    path: Path

    @property
    def candidates(self) -> list[dict[str, Any]]:
        return self.data["candidates"]

    @property
    def passed(self) -> bool:
        return all(c["passed"] for c in self.candidates)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1


@dataclass
class ItemOutcome:
    item: EvalItem
    tokens: TokenComparison | None
    record: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- progress


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


@contextmanager
def _opened(path: Path, settings: EvalSettings, console: Console, role: str) -> Iterator[ModelRunner]:
    console.print(f"[dim]loading {role} {path}[/]")
    model = open_model(path, n_ctx=settings.n_ctx, threads=settings.threads)
    try:
        yield model
    finally:
        model.close()


# ---------------------------------------------------------------- the reference pass


def _reference_item(model: ModelRunner, item: EvalItem, settings: EvalSettings) -> refcache.ItemReference:
    prompt = model.prompt_ids(item.query)
    answer = model.generate(prompt, settings.max_new_tokens)
    if item.reference_response:
        response_text, source = item.reference_response, "dataset"
    else:
        response_text, source = answer, "reference-answer"
    encoded = model.encode(item.query, response_text)
    logits = model.logits(encoded.tokens, encoded.scored_positions)
    view = reference_view(logits, np.asarray(encoded.response), settings.top_k)
    scores = ranking.option_scores(model, item.query, item.options) if len(item.options) >= 2 else None
    return refcache.ItemReference(
        id=item.id,
        prompt=list(encoded.prompt),
        response=list(encoded.response),
        response_source=source,
        answer=answer,
        option_scores=scores,
        tokens=view,
    )


def run_reference(
    path: Path, items: list[EvalItem], settings: EvalSettings, key: str, console: Console
) -> refcache.ReferenceCache:
    cache = refcache.ReferenceCache(key=key, reference=str(path), settings=settings.cache_settings())
    with _opened(path, settings, console, "reference") as model, _progress(console) as progress:
        task = progress.add_task(f"reference {path.name}", total=len(items))
        for item in items:
            try:
                cache.items[item.id] = _reference_item(model, item, settings)
            except SequenceTooLong as exc:
                cache.items[item.id] = refcache.ItemReference(item.id, [], [], "", "", None, None, skipped=str(exc))
            progress.advance(task)
        cache.settings.update(n_vocab=model.n_vocab, template_source=model.template_source)
    return cache


# ---------------------------------------------------------------- a candidate pass


def _check_same_tokens(model: ModelRunner, item: EvalItem, ref: refcache.ItemReference, path: Path) -> None:
    response_text = item.reference_response if ref.response_source == "dataset" else ref.answer
    encoded = model.encode(item.query, response_text or "")
    for part, mine, theirs in (("prompt", encoded.prompt, ref.prompt), ("response", encoded.response, ref.response)):
        if list(mine) != list(theirs):
            pairs = enumerate(zip(mine, theirs, strict=False))
            at = next((i for i, (a, b) in pairs if a != b), min(len(mine), len(theirs)))
            raise OysterError(
                f"{path} tokenizes the {part} of item {item.id!r} differently from the reference "
                f"(first difference at token {at}); token-level figures need the same vocabulary and "
                "tokenizer, so compare artifacts converted from the same model."
            )


def _behaviour(answer: str, item: EvalItem) -> Any:
    from oyster_edge.evals.behaviour import classify_answer

    return classify_answer(answer, item)


def _flip(item: EvalItem, ref_b: Any, cand_b: Any) -> str | None:
    if ref_b.label != cand_b.label:
        return f"{ref_b.label} -> {cand_b.label}"
    if item.needs_resources and ref_b.has_resources and not cand_b.has_resources:
        return "resources lost"
    return None


def _candidate_item(
    model: ModelRunner, item: EvalItem, ref: refcache.ItemReference, settings: EvalSettings
) -> ItemOutcome:
    answer = model.generate(ref.prompt, settings.max_new_tokens)
    tokens = ref.prompt + ref.response
    positions = range(len(ref.prompt) - 1, len(tokens) - 1)
    assert ref.tokens is not None
    comparison = compare(model.logits(tokens, positions), ref.tokens)
    record: dict[str, Any] = {
        "id": item.id,
        "risk_level": item.risk_level,
        "category": primary_category(item),
        "language": item.language,
        "query": item.query,
        "n_tokens": len(comparison.kld),
        "mean_kld": float(comparison.kld.mean()),
        "max_kld": float(comparison.kld.max()),
        "top1_agreement": float(comparison.same_top.mean()),
        "response_source": ref.response_source,
    }
    if ref.option_scores is not None:
        scores = ranking.option_scores(model, item.query, item.options)
        labels = ranking.labelled_scores(len(item.options))
        record["ranking"] = {
            "reference_top": ranking.top_choice(ref.option_scores),
            "candidate_top": ranking.top_choice(scores),
            "candidate_tau_vs_labels": ranking.kendall_tau(scores, labels),
            "reference_tau_vs_labels": ranking.kendall_tau(ref.option_scores, labels),
            "tau_vs_reference": ranking.kendall_tau(scores, ref.option_scores),
        }
    ref_b, cand_b = _behaviour(ref.answer, item), _behaviour(answer, item)
    flip = _flip(item, ref_b, cand_b)
    record.update(
        reference_label=ref_b.label,
        candidate_label=cand_b.label,
        reference_resources=bool(ref_b.has_resources),
        candidate_resources=bool(cand_b.has_resources),
        needs_resources=item.needs_resources,
        flipped=flip is not None,
        flip=flip,
        reference_answer=ref.answer,
        candidate_answer=answer,
    )
    return ItemOutcome(item, comparison, record)


def run_candidate(
    path: Path, items: list[EvalItem], cache: refcache.ReferenceCache, settings: EvalSettings, console: Console
) -> list[ItemOutcome]:
    outcomes: list[ItemOutcome] = []
    with _opened(path, settings, console, "candidate") as model:
        ref_vocab = cache.settings.get("n_vocab")
        if ref_vocab is not None and model.n_vocab != ref_vocab:
            raise OysterError(
                f"{path} has a vocabulary of {model.n_vocab} tokens, the reference {cache.reference} has "
                f"{ref_vocab}; compare artifacts converted from the same model."
            )
        active = [item for item in items if cache.items[item.id].skipped is None]
        for item in active:
            _check_same_tokens(model, item, cache.items[item.id], path)
        with _progress(console) as progress:
            task = progress.add_task(f"candidate {path.name}", total=len(active))
            for item in active:
                outcomes.append(_candidate_item(model, item, cache.items[item.id], settings))
                progress.advance(task)
    return outcomes


# ---------------------------------------------------------------- figures


def primary_category(item: EvalItem) -> str:
    return item.category.split("/", 1)[0].strip() or "uncategorised"


def _group_figures(outcomes: list[ItemOutcome]) -> dict[str, Any]:
    figures = summarize(concat([o.tokens for o in outcomes if o.tokens is not None]))
    n = len(outcomes)
    flips = [o for o in outcomes if o.record["flipped"]]
    label_flips = [o for o in flips if o.record["flip"] != "resources lost"]
    need = [o for o in outcomes if o.item.needs_resources and o.record["reference_resources"]]
    lost = [o for o in need if not o.record["candidate_resources"]]
    figures.update(
        n_items=n,
        flip_rate=len(flips) / n if n else None,
        label_flip_rate=len(label_flips) / n if n else None,
        resources_lost_rate=len(lost) / len(need) if need else None,
        n_resources_offered=len(need),  # items needing resources where the reference offered them
        n_flips=len(flips),
    )
    return figures


def _ranking_figures(outcomes: list[ItemOutcome]) -> dict[str, Any]:
    ranked = [o.record["ranking"] for o in outcomes if "ranking" in o.record]
    if not ranked:
        return {"n_items": 0}
    return {
        "n_items": len(ranked),
        "top_choice_agreement_with_reference": float(
            np.mean([r["reference_top"] == r["candidate_top"] for r in ranked])
        ),
        "top_choice_is_labelled_best": float(np.mean([r["candidate_top"] == 0 for r in ranked])),
        "reference_top_choice_is_labelled_best": float(np.mean([r["reference_top"] == 0 for r in ranked])),
        "kendall_tau_vs_labels": float(np.mean([r["candidate_tau_vs_labels"] for r in ranked])),
        "reference_kendall_tau_vs_labels": float(np.mean([r["reference_tau_vs_labels"] for r in ranked])),
        "kendall_tau_vs_reference": float(np.mean([r["tau_vs_reference"] for r in ranked])),
    }


def _by(outcomes: list[ItemOutcome], key: str) -> dict[str, Any]:
    groups: dict[str, list[ItemOutcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.record[key]].append(outcome)
    return {name: _group_figures(members) for name, members in sorted(groups.items())}


def _worst(outcomes: list[ItemOutcome]) -> list[dict[str, Any]]:
    ordered = sorted(outcomes, key=lambda o: (not o.record["flipped"], -o.record["mean_kld"]))
    return [o.record for o in ordered[:WORST_ITEMS]]


def candidate_result(path: Path, outcomes: list[ItemOutcome], gates: gating.Gates) -> dict[str, Any]:
    info = describe(path)
    figures = _group_figures(outcomes)
    passed, reasons, klass, limits = gating.check(figures, info.type, gates)
    if not figures["n_tokens"]:
        passed, reasons = False, [*reasons, "no item could be scored (all longer than --n-ctx?)"]
    return {
        **info.to_json(),
        **figures,
        "ranking": _ranking_figures(outcomes),
        "passed": passed,
        "reasons": reasons,
        "gate_class": klass,
        "gate": limits,
        "by_risk_level": _by(outcomes, "risk_level"),
        "by_category": _by(outcomes, "category"),
        "worst_items": _worst(outcomes),
        "items": [{k: v for k, v in o.record.items() if not k.endswith("answer")} for o in outcomes],
    }


# ---------------------------------------------------------------- judge


def run_judge(
    path: Path,
    items: list[EvalItem],
    cache: refcache.ReferenceCache,
    all_outcomes: list[list[ItemOutcome]],
    settings: EvalSettings,
    console: Console,
) -> dict[str, Any]:
    from oyster_edge.evals.judge import parse_judgement, rubric_prompt, satisfaction

    def grade(model: ModelRunner, query: str, answer: str) -> dict[str, Any]:
        prompt = model.prompt_ids(rubric_prompt(query, answer))
        reply = model.generate(prompt, settings.judge_max_new_tokens)
        scores = parse_judgement(reply)
        return {"scores": scores, "satisfaction": satisfaction(scores)}

    by_id = {item.id: item for item in items}
    summary: dict[str, Any] = {"judge": str(path), "reference": {}, "candidates": []}
    with _opened(path, settings, console, "judge") as model, _progress(console) as progress:
        first = all_outcomes[0] if all_outcomes else []
        task = progress.add_task("judge", total=len(first) + sum(len(o) for o in all_outcomes))
        reference_grades = {}
        for outcome in first:
            reference_grades[outcome.item.id] = grade(model, outcome.item.query, cache.items[outcome.item.id].answer)
            progress.advance(task)
        summary["reference"] = _judge_summary(list(reference_grades.values()))
        for outcomes in all_outcomes:
            grades = []
            for outcome in outcomes:
                graded = grade(model, by_id[outcome.item.id].query, outcome.record["candidate_answer"])
                outcome.record["judge"] = {"candidate": graded, "reference": reference_grades.get(outcome.item.id)}
                grades.append(graded)
                progress.advance(task)
            summary["candidates"].append(_judge_summary(grades))
    return summary


def _judge_summary(grades: list[dict[str, Any]]) -> dict[str, Any]:
    values = [g["satisfaction"] for g in grades if g["satisfaction"] is not None]
    return {
        "n_graded": len(values),
        "n_unparsed": len(grades) - len(values),
        "mean_satisfaction": float(np.mean(values)) if values else None,
    }


# ---------------------------------------------------------------- entry point


def _validate_paths(reference: Path, candidates: list[Path]) -> None:
    if not candidates:
        raise OysterError("give at least one --candidate to compare with the reference")
    for path in [reference, *candidates]:
        if not path.exists():
            raise OysterError(f"model {path} does not exist; give a .gguf file or a Hugging Face model folder")


def evaluate(
    reference: Path,
    candidates: list[Path],
    dataset: str,
    out_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    gates_file: Path | None = None,
    max_new_tokens: int = 128,
    top_k: int = 64,
    n_ctx: int = 8192,
    threads: int | None = None,
    judge: Path | None = None,
    console: Console | None = None,
) -> EvalResults:
    """Run every check, write DIR/results.json, and return it; `.exit_code` is 1 when a candidate fails."""
    console = console or Console(stderr=True)
    settings = EvalSettings(max_new_tokens=max_new_tokens, top_k=top_k, n_ctx=n_ctx, threads=threads, judge=judge)
    reference, candidates = Path(reference), [Path(c) for c in candidates]
    _validate_paths(reference, candidates)
    gates = gating.load_gates(gates_file)
    items = load_dataset(dataset, limit=limit, seed=seed)
    if not items:
        raise OysterError(f"dataset {dataset!r} has no items to evaluate")
    if len({item.id for item in items}) != len(items):
        raise OysterError(f"dataset {dataset!r} repeats item ids; every item needs a unique id")
    out_dir.mkdir(parents=True, exist_ok=True)

    cache_root = out_dir / "cache"
    key = refcache.cache_key(artifact_files(reference), items, settings.cache_settings(), cache_root)
    folder = refcache.cache_dir(cache_root, key)
    cache = refcache.load(folder, key)
    reference_passes = 0
    if cache is None:
        cache = run_reference(reference, items, settings, key, console)
        refcache.save(cache, folder)
        reference_passes = 1
    else:
        console.print(f"[green]reusing the reference pass cached in {folder}[/]")

    all_outcomes = [run_candidate(path, items, cache, settings, console) for path in candidates]
    judge_summary = run_judge(judge, items, cache, all_outcomes, settings, console) if judge else None
    results = [candidate_result(path, outcomes, gates) for path, outcomes in zip(candidates, all_outcomes, strict=True)]
    if judge_summary:
        for result, summary in zip(results, judge_summary["candidates"], strict=True):
            result["judge"] = summary

    skipped = [{"id": i.id, "reason": i.skipped} for i in cache.items.values() if i.skipped]
    data = {
        "schema": RESULTS_SCHEMA,
        "reference": {
            **describe(reference).to_json(),
            "cache_key": key,
            "cache_dir": str(folder),
            "cache_hit": reference_passes == 0,
            "reference_passes": reference_passes,
            "cache_bytes": cache.nbytes(),
            "template_source": cache.settings.get("template_source"),
            "judge": judge_summary["reference"] if judge_summary else None,
        },
        "dataset": {"spec": dataset, "n_items": len(items), "limit": limit, "seed": seed, "skipped": skipped},
        "settings": {**settings.cache_settings(), "judge": str(judge) if judge else None},
        "candidates": results,
        "passed": all(r["passed"] for r in results),
    }
    path = out_dir / RESULTS_NAME
    write_text_atomic(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    return EvalResults(data, path)


def load_results(out_dir: Path) -> dict[str, Any]:
    path = out_dir / RESULTS_NAME
    if not path.exists():
        raise OysterError(f"{path} does not exist; run `oyster-edge eval --out {out_dir}` first")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise OysterError(f"{path} is not valid JSON ({exc}); rerun `oyster-edge eval`") from exc
