"""`oyster-edge report DIR`: DIR/report.html (one self-contained file) and DIR/report.md (+ PNGs beside it).

Everything comes from DIR/results.json. Model answers are untrusted text: every string taken from the
results is HTML-escaped in both files (Markdown renderers pass raw HTML through).
"""

from __future__ import annotations

import base64
import html
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from oyster_edge.evals.imatrix_compare import Comparison, build_comparison
from oyster_edge.evals.run import RESULTS_NAME, load_results
from oyster_edge.fsutil import human_bytes, write_text_atomic
from oyster_edge.manifest import IMATRIX_KINDS

GIB = 1 << 30
MACHINES_GB = (8, 16, 32)
# What the recommendation assumes about a machine and a chat session.
USABLE_FRACTION = 0.70  # of RAM left for the model after the OS, the UI and other apps
CONTEXT_TOKENS = 4096  # f16 KV cache sized for this many tokens
RUNTIME_OVERHEAD = int(0.5 * GIB)  # llama.cpp compute buffers, tokenizer, Python
KLD_FLOOR = 1e-6  # log-scale plots show an identical model at this value
PNG_DIR = "report_files"
REPORT_JSON = "report.json"
NO_IMATRIX = ("Every candidate was quantized without an importance matrix; `oyster-edge imatrix` and "
              "`convert gguf --imatrix FILE --tag NAME` make the variants this section compares.")
IMATRIX_NOTE = (
    "Each quant type as made without an importance matrix (none), with an imatrix on generic text (generic: "
    "our general chat + code mix; custom: any other text, e.g. Wikipedia) and with the safety-calibrated one "
    "(safety: our constructive-safety conversations + general chat + code). Δ vs none = change of mean KLD from "
    "the same type without an imatrix. Runs on other datasets join with `oyster-edge report DIR --compare DIR2`."
)
ASSUMPTIONS = (
    f"Memory needed = artifact bytes + f16 KV cache for {CONTEXT_TOKENS} tokens (from the model's layers, "
    f"KV heads and head size) + {human_bytes(RUNTIME_OVERHEAD)} runtime buffers; a machine lends "
    f"{USABLE_FRACTION:.0%} of its RAM to the model. Among the artifacts that fit, the one with the lowest "
    "mean KLD that passed its gates wins (the reference counts, with KLD 0)."
)


@dataclass(frozen=True)
class Row:
    name: str
    type: str
    bytes: int
    bits_per_weight: float
    mean_kld: float | None
    top1: float | None
    ppl_ratio: float | None
    flip_rate: float | None
    passed: bool
    reasons: list[str]
    memory_needed: int
    is_reference: bool = False


def _memory_needed(entry: dict[str, Any]) -> int:
    return int(entry["bytes"]) + int(entry.get("kv_bytes_per_token", 0)) * CONTEXT_TOKENS + RUNTIME_OVERHEAD


def rows(results: dict[str, Any]) -> list[Row]:
    ref = results["reference"]
    table = [
        Row(
            name=Path(ref["path"]).name,
            type=ref["type"],
            bytes=ref["bytes"],
            bits_per_weight=ref.get("bits_per_weight", 0.0),
            mean_kld=0.0,
            top1=1.0,
            ppl_ratio=1.0,
            flip_rate=0.0,
            passed=True,
            reasons=[],
            memory_needed=_memory_needed(ref),
            is_reference=True,
        )
    ]
    for cand in results["candidates"]:
        table.append(
            Row(
                name=Path(cand["path"]).name,
                type=cand["type"],
                bytes=cand["bytes"],
                bits_per_weight=cand.get("bits_per_weight", 0.0),
                mean_kld=cand.get("mean_kld"),
                top1=cand.get("top1_agreement"),
                ppl_ratio=cand.get("ppl_ratio"),
                flip_rate=cand.get("flip_rate"),
                passed=bool(cand["passed"]),
                reasons=list(cand.get("reasons", [])),
                memory_needed=_memory_needed(cand),
            )
        )
    return table


def pareto_front(table: list[Row]) -> list[Row]:
    """Rows no other row beats on both size and mean KLD (smaller is better on both)."""
    scored = [r for r in table if r.mean_kld is not None]
    front = []
    for row in scored:
        dominated = any(
            o.bytes <= row.bytes and o.mean_kld <= row.mean_kld and (o.bytes < row.bytes or o.mean_kld < row.mean_kld)
            for o in scored
        )
        if not dominated:
            front.append(row)
    return sorted(front, key=lambda r: r.bytes)


def recommend(table: list[Row]) -> list[dict[str, Any]]:
    advice = []
    for gb in MACHINES_GB:
        budget = int(gb * GIB * USABLE_FRACTION)
        fitting = [r for r in table if r.memory_needed <= budget and r.mean_kld is not None]
        passing = [r for r in fitting if r.passed]
        pool = passing or fitting
        if not pool:
            smallest = min(table, key=lambda r: r.memory_needed)
            advice.append({"machine_gb": gb, "budget": budget, "choice": None,
                           "note": f"nothing fits; the smallest artifact ({smallest.name}) needs "
                                   f"{human_bytes(smallest.memory_needed)}"})
            continue
        best = min(pool, key=lambda r: (r.mean_kld, -r.bytes))
        note = "" if passing else "no fitting artifact passed its gates; this is the closest to the reference"
        advice.append({"machine_gb": gb, "budget": budget, "choice": best, "note": note})
    return advice


# ---------------------------------------------------------------- plots


def _figure_png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_size_vs_kld(table: list[Row]) -> bytes:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    front = {r.name for r in pareto_front(table)}
    for row in table:
        if row.mean_kld is None:
            continue
        y = max(row.mean_kld, KLD_FLOOR)
        color = "#1f77b4" if row.is_reference else ("#2ca02c" if row.passed else "#d62728")
        marker = "*" if row.is_reference else "o"
        ax.scatter(row.bytes / GIB, y, s=120 if row.is_reference else 60, c=color, marker=marker, zorder=3,
                   edgecolors="black" if row.name in front else "none", linewidths=1.2)
        ax.annotate(row.type, (row.bytes / GIB, y), textcoords="offset points", xytext=(6, 5), fontsize=8)
    ordered = pareto_front(table)
    if len(ordered) > 1:
        ax.plot([r.bytes / GIB for r in ordered], [max(r.mean_kld or 0, KLD_FLOOR) for r in ordered],
                "--", color="gray", zorder=2, label="Pareto front")
        ax.legend(loc="upper right", fontsize=8)
    ax.set_yscale("log")
    ax.set_xlabel("size (GiB)")
    ax.set_ylabel(f"mean KLD vs reference (log; {KLD_FLOOR:g} = identical)")
    ax.set_title("Size vs token-level divergence (green passed, red failed, star = reference)")
    ax.grid(True, which="both", alpha=0.3)
    return _figure_png(fig)


def plot_groups(results: dict[str, Any], group_key: str, title: str) -> bytes:
    """Grouped bars per candidate: flip rate (left) and mean KLD (right) for each group."""
    plt = _pyplot()
    import numpy as np

    candidates = results["candidates"]
    groups = sorted({g for c in candidates for g in c.get(group_key, {})})
    horizontal = len(groups) > 5
    height = max(3.5, 0.45 * len(groups) * max(1, len(candidates)) / 2) if horizontal else 4.0
    fig, axes = plt.subplots(1, 2, figsize=(11, height))
    positions = np.arange(len(groups))
    width = 0.8 / max(1, len(candidates))
    for metric, ax, label in ((("flip_rate"), axes[0], "flip rate"), ("mean_kld", axes[1], "mean KLD")):
        for i, cand in enumerate(candidates):
            values = [((cand.get(group_key, {}).get(g) or {}).get(metric) or 0.0) for g in groups]
            if metric == "mean_kld":
                values = [max(v, KLD_FLOOR) for v in values]
            offsets = positions + (i - (len(candidates) - 1) / 2) * width
            name = f"{cand['type']} ({Path(cand['path']).name})"
            if horizontal:
                ax.barh(offsets, values, height=width, label=name)
            else:
                ax.bar(offsets, values, width=width, label=name)
        if horizontal:
            ax.set_yticks(positions, groups, fontsize=8)
            ax.invert_yaxis()
            ax.set_xlabel(label)
        else:
            ax.set_xticks(positions, groups)
            ax.set_ylabel(label)
        if metric == "mean_kld":
            (ax.set_xscale if horizontal else ax.set_yscale)("log")
            label = f"{label} (log)"
        else:
            top = max([0.05] + [((c.get(group_key, {}).get(g) or {}).get(metric) or 0.0) * 1.15
                                for c in candidates for g in groups])
            (ax.set_xlim if horizontal else ax.set_ylim)(0, top)
        ax.set_title(f"{label} by {title}")
        ax.grid(True, axis="x" if horizontal else "y", alpha=0.3)
    axes[0].legend(fontsize=7, loc="best")
    fig.tight_layout()
    return _figure_png(fig)


# ---------------------------------------------------------------- formatting


def _num(value: float | None, digits: int = 4) -> str:
    return "—" if value is None else f"{value:.{digits}g}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _table_cells(row: Row) -> list[str]:
    verdict = "reference" if row.is_reference else ("pass" if row.passed else "FAIL")
    return [row.name, row.type, human_bytes(row.bytes), f"{row.bits_per_weight:.2f}", _num(row.mean_kld),
            _pct(row.top1), _num(row.ppl_ratio), _pct(row.flip_rate), verdict]


TABLE_HEAD = ["artifact", "type", "size", "bits/weight", "mean KLD", "top-1", "PPL ratio", "flip rate", "gates"]


def _summary_lines(results: dict[str, Any]) -> list[str]:
    ref = results["reference"]
    ds = results["dataset"]
    settings = results["settings"]
    lines = [
        f"Reference: {ref['path']} ({ref['type']}, {human_bytes(ref['bytes'])})",
        f"Dataset: {ds['spec']} — {ds['n_items']} items (limit {ds['limit']}, seed {ds['seed']}), "
        f"{len(ds.get('skipped', []))} skipped as too long",
        f"Greedy answers up to {settings['max_new_tokens']} new tokens, thinking off; "
        f"reference top-{settings['top_k']} "
        f"log-probs cached (mean tail mass outside the top k: "
        f"{_num(_mean_tail(results), 3)}; the KLD is a lower bound that misses this mass times the divergence "
        "inside the tail; raise --top-k to tighten it)",
        f"Reference cache: {'reused' if ref.get('cache_hit') else 'computed this run'} "
        f"({human_bytes(ref.get('cache_bytes', 0))})",
    ]
    return lines


def _mean_tail(results: dict[str, Any]) -> float | None:
    tails = [c.get("ref_tail_mass") for c in results["candidates"] if c.get("ref_tail_mass") is not None]
    return tails[0] if tails else None


def _recommendation_lines(table: list[Row]) -> list[str]:
    lines = []
    for advice in recommend(table):
        choice = advice["choice"]
        head = f"{advice['machine_gb']} GB machine (model budget {human_bytes(advice['budget'])})"
        if choice is None:
            lines.append(f"{head}: {advice['note']}.")
            continue
        text = (f"{head}: {choice.name} ({choice.type}, needs {human_bytes(choice.memory_needed)}, "
                f"mean KLD {_num(choice.mean_kld)})")
        lines.append(text + (f" — {advice['note']}." if advice["note"] else "."))
    return lines


# ---------------------------------------------------------------- the imatrix comparison: cells and plot


def _signed_pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:+.1f}%"


def _lost(figures: dict[str, Any]) -> str:
    """"k of n" items that lost the crisis resources the reference offered (the rate alone hides a tiny n)."""
    rate, offered = figures.get("resources_lost_rate"), figures.get("n_resources_offered")
    if rate is None:
        return "—"
    return f"{round(rate * offered)} of {offered}" if offered else _pct(rate)


def imatrix_table_head(comparison: Comparison) -> list[str]:
    head = ["type", "imatrix"]
    for run in comparison.datasets:
        head += [f"{run.title}: mean KLD", "Δ vs none", "top-1", "flip rate", "resources lost"]
    return head


def imatrix_table_rows(comparison: Comparison) -> list[list[str]]:
    rows = []
    for quant_type, variants in comparison.by_type.items():
        baseline = comparison.baseline(quant_type)
        for variant in variants:
            cells = [quant_type, variant.label]
            for run in comparison.datasets:
                figures = variant.figures.get(run.spec) or {}
                cells += [_num(figures.get("mean_kld")), _signed_pct(variant.delta_vs(baseline, run.spec)),
                          _pct(figures.get("top1_agreement")), _pct(figures.get("flip_rate")), _lost(figures)]
            rows.append(cells)
    return rows


def plot_imatrix(comparison: Comparison) -> bytes:
    """One panel per dataset: mean KLD per quant type, a bar per imatrix variant."""
    plt = _pyplot()
    import numpy as np

    types = list(comparison.by_type)
    kinds = [k for k in IMATRIX_KINDS if any(v.kind == k for vs in comparison.by_type.values() for v in vs)]
    colors = {"none": "#9e9e9e", "generic": "#1f77b4", "custom": "#ff7f0e", "safety": "#2ca02c"}
    fig, axes = plt.subplots(1, len(comparison.datasets), figsize=(5.5 * len(comparison.datasets), 4.2),
                             squeeze=False)
    positions = np.arange(len(types))
    width = 0.8 / max(1, len(kinds))
    for ax, run in zip(axes[0], comparison.datasets, strict=True):
        for i, kind in enumerate(kinds):
            values = []
            for quant_type in types:
                match = next((v for v in comparison.by_type[quant_type] if v.kind == kind), None)
                values.append(((match.figures.get(run.spec) or {}).get("mean_kld") or 0.0) if match else 0.0)
            ax.bar(positions + (i - (len(kinds) - 1) / 2) * width, values, width=width, label=f"{kind} imatrix"
                   if kind != "none" else "no imatrix", color=colors.get(kind))
        ax.set_xticks(positions, types)
        ax.set_ylabel("mean KLD vs reference")
        ax.set_title(run.title, fontsize=10)
        ax.grid(True, axis="y", alpha=0.3)
    axes[0][0].legend(fontsize=8)
    fig.suptitle("Mean KLD per quant type and imatrix (lower is closer to the reference)", fontsize=11)
    fig.tight_layout()
    return _figure_png(fig)


# ---------------------------------------------------------------- HTML


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC",
"Microsoft YaHei",sans-serif;margin:24px auto;max-width:1150px;color:#222}
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{border:1px solid #ddd;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:700}.ref{color:#0969da;font-weight:600}
.reasons{color:#cf222e;font-size:.85em}.meta{color:#555;font-size:.9em}
img{max-width:100%;border:1px solid #eee;margin:8px 0}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.answer{white-space:pre-wrap;background:#f8f8f8;border:1px solid #e4e4e4;padding:8px;font-size:.88em;
max-height:320px;overflow:auto}
.item{border:1px solid #ddd;border-radius:6px;padding:10px;margin:12px 0}
.tag{display:inline-block;background:#eee;border-radius:4px;padding:1px 6px;margin-right:6px;font-size:.82em}
.flip{background:#ffebe9;color:#cf222e}
"""


def _img(png: bytes, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def _html_table(table: list[Row]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in TABLE_HEAD)
    body = []
    for row in table:
        cells = _table_cells(row)
        css = "ref" if row.is_reference else ("pass" if row.passed else "fail")
        tds = [f"<td>{html.escape(c)}</td>" for c in cells[:2]]
        tds += [f'<td class="num">{html.escape(c)}</td>' for c in cells[2:8]]
        reasons = "".join(f"<div class='reasons'>{html.escape(r)}</div>" for r in row.reasons)
        tds.append(f'<td class="{css}">{html.escape(cells[8])}{reasons}</td>')
        body.append(f"<tr>{''.join(tds)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _html_worst(results: dict[str, Any]) -> str:
    parts = []
    for cand in results["candidates"]:
        parts.append(f"<h3>{html.escape(cand['type'])} — {html.escape(Path(cand['path']).name)}</h3>")
        shown = [i for i in cand.get("worst_items", []) if i.get("flipped") or i["mean_kld"] > KLD_FLOOR]
        if not shown:
            parts.append("<p>No item differs from the reference (no flips, every item's mean KLD below "
                         f"{KLD_FLOOR:g}).</p>")
        for item in shown:
            tags = [item["id"], item["risk_level"], item["category"], f"mean KLD {_num(item['mean_kld'])}",
                    f"top-1 {_pct(item['top1_agreement'])}"]
            tag_html = "".join(f"<span class='tag'>{html.escape(str(t))}</span>" for t in tags)
            if item.get("flip"):
                tag_html += f"<span class='tag flip'>flip: {html.escape(item['flip'])}</span>"
            parts.append(
                f"<div class='item'>{tag_html}<p><b>Query:</b> {html.escape(item['query'])}</p>"
                f"<div class='pair'><div><b>Reference</b> ({html.escape(item['reference_label'])})"
                f"<div class='answer'>{html.escape(item['reference_answer'])}</div></div>"
                f"<div><b>Candidate</b> ({html.escape(item['candidate_label'])})"
                f"<div class='answer'>{html.escape(item['candidate_answer'])}</div></div></div></div>"
            )
    return "".join(parts)


def _html_extra_figures(results: dict[str, Any]) -> str:
    head = ["artifact", "KLD median", "KLD p90", "KLD p99", "KLD max", "RMS Δp", "tokens",
            "ranking: top agrees with ref", "ranking: Kendall τ vs labels", "judge satisfaction"]
    rows_html = []
    for c in results["candidates"]:
        ranking = c.get("ranking", {})
        judge = (c.get("judge") or {}).get("mean_satisfaction")
        cells = [Path(c["path"]).name, _num(c.get("kld_median")), _num(c.get("kld_p90")), _num(c.get("kld_p99")),
                 _num(c.get("kld_max")), _pct(c.get("rms_dp")), str(c.get("n_tokens", 0)),
                 _pct(ranking.get("top_choice_agreement_with_reference")),
                 _num(ranking.get("kendall_tau_vs_labels"), 3), _num(judge, 3)]
        rows_html.append("<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in cells) + "</tr>")
    header = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows_html)}</tbody></table>"


def _html_imatrix(comparison: Comparison | None, plots: dict[str, bytes]) -> str:
    if comparison is None or not comparison.has_imatrix:
        return f"<p>{html.escape(NO_IMATRIX)}</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in imatrix_table_head(comparison))
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" if i < 2 else f'<td class="num">{html.escape(c)}</td>'
                         for i, c in enumerate(cells)) + "</tr>"
        for cells in imatrix_table_rows(comparison)
    )
    findings = "".join(f"<li>{html.escape(line)}</li>" for line in comparison.findings())
    return (f"<p class='meta'>{html.escape(IMATRIX_NOTE)}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table><ul>{findings}</ul>"
            + _img(plots["imatrix"], "mean KLD per quant type and imatrix"))


def render_html(results: dict[str, Any], plots: dict[str, bytes], comparison: Comparison | None = None) -> str:
    table = rows(results)
    summary = "".join(f"<li>{html.escape(line)}</li>" for line in _summary_lines(results))
    advice = "".join(f"<li>{html.escape(line)}</li>" for line in _recommendation_lines(table))
    verdict = "all candidates passed" if results.get("passed") else "at least one candidate FAILED its gates"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>oyster-edge quality report</title>
<style>{CSS}</style></head><body>
<h1>oyster-edge quality report</h1>
<p class="meta">{html.escape(stamp)} — {html.escape(verdict)}</p>
<ul class="meta">{summary}</ul>
<h2>Artifacts</h2>
{_html_table(table)}
<h2>Recommendation</h2>
<ul>{advice}</ul>
<p class="meta">{html.escape(ASSUMPTIONS)}</p>
<h2>Size vs KLD</h2>
{_img(plots['size_vs_kld'], 'size vs mean KLD with the Pareto front')}
<h2>Importance matrix (imatrix) comparison</h2>
{_html_imatrix(comparison, plots)}
<h2>By risk level</h2>
{_img(plots['by_risk_level'], 'flip rate and mean KLD by risk level')}
<h2>By category</h2>
{_img(plots['by_category'], 'flip rate and mean KLD by category')}
<h2>More figures</h2>
{_html_extra_figures(results)}
<h2>Worst items</h2>
{_html_worst(results)}
</body></html>
"""


# ---------------------------------------------------------------- Markdown


def _md_escape(text: str) -> str:
    return html.escape(text).replace("|", "&#124;").replace("\n", "<br>")


def _markdown_imatrix(comparison: Comparison | None, images: dict[str, str]) -> list[str]:
    lines = ["## Importance matrix (imatrix) comparison", ""]
    if comparison is None or not comparison.has_imatrix:
        return lines + [_md_escape(NO_IMATRIX), ""]
    head = imatrix_table_head(comparison)
    lines += [_md_escape(IMATRIX_NOTE), "", "| " + " | ".join(_md_escape(h) for h in head) + " |",
              "|" + "---|" * len(head)]
    for cells in imatrix_table_rows(comparison):
        lines.append("| " + " | ".join(_md_escape(c) for c in cells) + " |")
    lines += [""] + [f"- {_md_escape(line)}" for line in comparison.findings()]
    return lines + ["", f"![imatrix comparison]({images['imatrix']})", ""]


def render_markdown(results: dict[str, Any], images: dict[str, str], comparison: Comparison | None = None) -> str:
    table = rows(results)
    lines = ["# oyster-edge quality report", ""]
    lines += [f"- {_md_escape(line)}" for line in _summary_lines(results)]
    lines += ["", "## Artifacts", "", "| " + " | ".join(TABLE_HEAD) + " |", "|" + "---|" * len(TABLE_HEAD)]
    for row in table:
        cells = _table_cells(row)
        if row.reasons:
            cells[-1] += ": " + "; ".join(row.reasons)
        lines.append("| " + " | ".join(_md_escape(c) for c in cells) + " |")
    lines += ["", "## Recommendation", ""]
    lines += [f"- {_md_escape(line)}" for line in _recommendation_lines(table)]
    lines += ["", _md_escape(ASSUMPTIONS), ""]
    lines += ["## Size vs KLD", "", f"![Size vs KLD]({images['size_vs_kld']})", ""]
    lines += _markdown_imatrix(comparison, images)
    for key, title in {"by_risk_level": "By risk level", "by_category": "By category"}.items():
        lines += [f"## {title}", "", f"![{title}]({images[key]})", ""]
    lines += ["## Worst items", ""]
    for cand in results["candidates"]:
        lines += [f"### {_md_escape(cand['type'])} — {_md_escape(Path(cand['path']).name)}", ""]
        shown = [i for i in cand.get("worst_items", []) if i.get("flipped") or i["mean_kld"] > KLD_FLOOR]
        if not shown:
            lines += [f"No item differs from the reference (no flips, every item's mean KLD below {KLD_FLOOR:g}).", ""]
        for item in shown:
            flip = f", flip: {item['flip']}" if item.get("flip") else ""
            lines += [
                f"**{_md_escape(item['id'])}** ({item['risk_level']}, {_md_escape(item['category'])}, "
                f"mean KLD {_num(item['mean_kld'])}{_md_escape(flip)})",
                "",
                f"> **Query:** {_md_escape(item['query'])}",
                "",
                "| reference | candidate |",
                "|---|---|",
                f"| ({item['reference_label']}) {_md_escape(item['reference_answer'])} "
                f"| ({item['candidate_label']}) {_md_escape(item['candidate_answer'])} |",
                "",
            ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- entry point


def make_plots(results: dict[str, Any], comparison: Comparison | None = None) -> dict[str, bytes]:
    table = rows(results)
    plots = {
        "size_vs_kld": plot_size_vs_kld(table),
        "by_risk_level": plot_groups(results, "by_risk_level", "risk level"),
        "by_category": plot_groups(results, "by_category", "category"),
    }
    if comparison is not None and comparison.has_imatrix:
        plots["imatrix"] = plot_imatrix(comparison)
    return plots


def report_json(results: dict[str, Any], comparison: Comparison) -> dict[str, Any]:
    """What the report concludes, for machines (the per-item figures stay in results.json)."""
    table = rows(results)
    front = pareto_front(table)
    return {
        "schema": 1,
        "results": RESULTS_NAME,
        "passed": results.get("passed"),
        "artifacts": [{"name": r.name, "type": r.type, "bytes": r.bytes, "mean_kld": r.mean_kld,
                       "passed": r.passed, "reasons": r.reasons, "memory_needed": r.memory_needed,
                       "pareto": r in front, "reference": r.is_reference} for r in table],
        "recommendations": [{"machine_gb": a["machine_gb"], "budget": a["budget"],
                             "choice": a["choice"].name if a["choice"] else None, "note": a["note"]}
                            for a in recommend(table)],
        "imatrix_comparison": comparison.to_json(),
    }


def write_report(out_dir: Path, compare: list[Path] | tuple[Path, ...] = ()) -> tuple[Path, Path]:
    """Write DIR/report.html, DIR/report.md (+ DIR/report_files/*.png) and DIR/report.json from
    DIR/results.json; the runs in `compare` (other datasets, same reference) join the imatrix comparison."""
    out_dir = Path(out_dir)
    results = load_results(out_dir)
    others = [(Path(d), load_results(Path(d))) for d in compare]
    comparison = build_comparison(results, others)
    plots = make_plots(results, comparison)
    png_dir = out_dir / PNG_DIR
    png_dir.mkdir(parents=True, exist_ok=True)
    images = {}
    for name, png in plots.items():
        (png_dir / f"{name}.png").write_bytes(png)
        images[name] = f"{PNG_DIR}/{name}.png"
    html_path, md_path = out_dir / "report.html", out_dir / "report.md"
    write_text_atomic(html_path, render_html(results, plots, comparison))
    write_text_atomic(md_path, render_markdown(results, images, comparison))
    report = json.dumps(report_json(results, comparison), indent=1, ensure_ascii=False)
    write_text_atomic(out_dir / REPORT_JSON, report + "\n")
    return html_path, md_path
