"""The n-gram model beside the rules: shipped weights match the labelled set, deterministic scores, and the
places where it may not overrule the rules (negation, benign purposes, stories)."""

from __future__ import annotations

import struct

from oyster_edge.safety import RiskLevel, assess_message, ngram_model


def test_shipped_weights_are_the_ones_the_labelled_set_trains() -> None:
    rows = ngram_model._load_rows()
    weights, bias = ngram_model.train(rows)
    shipped, shipped_bias, _ = ngram_model._load()
    half = struct.unpack(f"<{ngram_model.DIMENSION}e", struct.pack(
        f"<{ngram_model.DIMENSION}e", *(max(-65000.0, min(65000.0, weight)) for weight in weights)))
    assert abs(bias - shipped_bias) < 1e-9
    assert half == shipped, "retrain: .venv/bin/python -m oyster_edge.safety.ngram_model"


def test_features_are_deterministic_and_cover_both_scripts() -> None:
    assert ngram_model.features("I want to disappear") == ngram_model.features("I want to disappear")
    assert ngram_model.features("我不想活了") and ngram_model.features("我不想活了") != ngram_model.features("我想活")
    assert 0.0 <= ngram_model.risk_probability("hello there") <= 1.0


def test_the_model_raises_what_no_rule_names() -> None:
    result = assess_message("is there anything after death? I want to know before I go")
    assert result.surface_resources and result.level == RiskLevel.DISTRESS
    assert result.signals[-1] == "model.ngram"


def test_the_model_does_not_overrule_negation_benign_purposes_or_stories() -> None:
    for text in ("I would never kill myself", "我在楼顶晒被子呢", "我去江边跑步了，晚点回你",
                 "In the novel, the heroine drowns herself in the river", "this bug is killing me"):
        result = assess_message(text)
        assert not result.surface_resources and "model.ngram" not in result.signals, result
