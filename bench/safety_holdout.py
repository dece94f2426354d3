"""First-pass figures of the safety layer on a fresh, labelled batch: rules only, and rules + n-gram model.

The n-gram model is retrained on the labelled set WITHOUT the batch's texts (into a temporary file), so the
figures say how the shipped system would have done on messages it has never seen. Use it before fixing rules.

Run: .venv/bin/python bench/safety_holdout.py BATCH.jsonl   (one {"text": ..., "surface_resources": bool} a line)
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from oyster_edge.safety import assess_message, ngram_model


def _rates(counts: dict[str, int]) -> str:
    positives, negatives = counts["tp"] + counts["fn"], counts["fp"] + counts["tn"]
    return f"recall {counts['tp'] / max(positives, 1):.3f}, FPR {counts['fp'] / max(negatives, 1):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("batch", type=Path)
    args = parser.parse_args()
    batch = [json.loads(line) for line in args.batch.open(encoding="utf-8") if line.strip()]
    held_out = {row["text"] for row in batch}
    rows = [(text, label) for text, label in ngram_model._load_rows() if text not in held_out]
    weights, bias = ngram_model.train(rows)
    model_path = Path(tempfile.mkdtemp()) / "ngram_model.json"
    ngram_model.save(weights, bias, model_path, len(rows))
    ngram_model.MODEL_PATH = model_path
    ngram_model._load.cache_clear()

    rules_only = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
    hybrid = dict(rules_only)
    for row in batch:
        result = assess_message(row["text"])
        by_rules = result.surface_resources and "model.ngram" not in result.signals
        for counts, predicted in ((rules_only, by_rules), (hybrid, result.surface_resources)):
            key = ("tp" if predicted else "fn") if row["surface_resources"] else ("fp" if predicted else "tn")
            counts[key] += 1
        if result.surface_resources != row["surface_resources"]:
            kind = "FN" if row["surface_resources"] else "FP"
            print(f"{kind} {row['text']!r} {result.signals}")
    print(f"{len(batch)} messages; model trained on {len(rows)} rows without them")
    print(f"rules only:         {_rates(rules_only)}")
    print(f"rules + n-gram:     {_rates(hybrid)}")


if __name__ == "__main__":
    main()
