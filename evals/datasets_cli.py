"""`oyster-edge datasets`: look inside an evaluation dataset (or a sample of it) before running checks."""

from __future__ import annotations

import json
from collections import Counter
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from oyster_edge.evals.datasets import EvalItem, load_dataset

console = Console()


def _counts_table(title: str, column: str, counts: Counter[str], total: int) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(column)
    table.add_column("items", justify="right")
    table.add_column("share", justify="right")
    for key, count in sorted(counts.items(), key=lambda entry: (-entry[1], entry[0])):
        table.add_row(key, str(count), f"{count / total:.0%}")
    return table


def _item_row(item: EvalItem) -> dict[str, object]:
    return {
        "id": item.id, "language": item.language, "risk_level": item.risk_level, "category": item.category,
        "profile": item.profile, "query": item.query, "options": len(item.options),
        "needs_resources": item.needs_resources, "expected_behaviour": item.expected_behaviour,
        "attack_level": item.attack_level,
    }


def datasets_command(
    spec: Annotated[str, typer.Argument(
        help='"builtin", "general", a Constructive-schema .jsonl/.json, or strata-sword:PATH')],
    limit: Annotated[int | None, typer.Option(help="sample this many items (stratified by risk level)")] = None,
    seed: Annotated[int, typer.Option(help="seed of the sample; the same seed gives the same items")] = 0,
    show: Annotated[int, typer.Option(help="also list the first N items")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="print the items as JSON Lines instead of tables")] = False,
) -> None:
    """Summarise an evaluation dataset: counts by risk level, language, category and attack level."""
    items = load_dataset(spec, limit=limit, seed=seed)
    if as_json:
        for item in items:
            typer.echo(json.dumps(_item_row(item), ensure_ascii=False))
        return
    total = len(items)
    with_options = sum(bool(item.options) for item in items)
    console.print(f"[bold]{spec}[/]: {total} items, {with_options} with ranked options, "
                  f"{sum(item.needs_resources for item in items)} needing crisis resources, "
                  f"{len({item.category for item in items})} categories")
    console.print(_counts_table("by risk level", "risk level", Counter(item.risk_level for item in items), total))
    console.print(_counts_table("by language", "language", Counter(item.language for item in items), total))
    expected = Counter(item.expected_behaviour for item in items)
    console.print(_counts_table("by expected behaviour", "expected", expected, total))
    levels = Counter(f"level {item.attack_level}" for item in items if item.attack_level is not None)
    if levels:
        console.print(_counts_table("by attack level", "Strata-Sword level", levels, total))
    # Strata-Sword categories are attack methods; Constructive ones are summarised by their primary.
    groups = Counter(item.category if item.category.startswith("attack/") else item.category.split("/", 1)[0]
                     for item in items)
    console.print(_counts_table("by category (primary, or attack method)", "category", groups, total))
    if show:
        table = Table(title=f"first {min(show, total)} items", title_justify="left")
        for column in ("id", "risk", "lang", "category", "query"):
            table.add_column(column, overflow="fold")
        for item in items[:show]:
            query = item.query if len(item.query) <= 80 else item.query[:77] + "..."
            table.add_row(item.id, item.risk_level, item.language, item.category, query)
        console.print(table)


def register(app: typer.Typer) -> None:
    app.command("datasets")(datasets_command)
