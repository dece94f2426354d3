"""The calibration mix for GPTQ/imatrix and user calibration files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oyster_edge.convert.calibration import (
    calibration_conversations,
    conversation_text,
    describe_mix,
    general_conversations,
    held_out_safety_conversations,
    load_calibration_file,
    safety_conversations,
)
from oyster_edge.evals.datasets import DatasetError, load_builtin, load_dataset, load_strata_sword, split_builtin

SHARED_STRATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "strata-sword" / "strata_sword.jsonl"


def _is_conversation(conversation: list[dict]) -> bool:
    return (
        bool(conversation)
        and all(set(message) == {"role", "content"} for message in conversation)
        and all(message["role"] in ("system", "user", "assistant") for message in conversation)
        and all(isinstance(message["content"], str) and message["content"].strip() for message in conversation)
    )


def test_default_mix_is_non_empty_bilingual_and_well_formed() -> None:
    conversations = calibration_conversations()
    assert len(conversations) >= 120
    assert all(_is_conversation(conversation) for conversation in conversations)
    assert all({"user", "assistant"} <= {m["role"] for m in conversation} for conversation in conversations)
    mix = describe_mix(conversations)
    assert mix["en"] >= 60 and mix["zh"] >= 60
    # Every prefix is mixed: the first 20 (a typical --calibration-samples) hold both languages and all parts.
    head = conversations[:20]
    assert set(describe_mix(head)) == {"en", "zh"}
    safety_texts = {conversation_text(c) for c in safety_conversations()}
    general_texts = {conversation_text(c) for c in general_conversations("general")}
    code_texts = {conversation_text(c) for c in general_conversations("code")}
    head_texts = [conversation_text(c) for c in head]
    assert any(text in safety_texts for text in head_texts)
    assert any(text in general_texts for text in head_texts)
    assert any(text in code_texts for text in head_texts)


def test_our_general_and_code_conversations() -> None:
    general, code = general_conversations("general"), general_conversations("code")
    assert len(general) + len(code) >= 60
    for part in (general, code):
        assert set(describe_mix(part)) == {"en", "zh"}
    assert sum("```" in conversation_text(c) for c in code) >= len(code) // 2
    assert any(len(c) > 2 for c in general + code)  # some multi-turn conversations


def test_safety_part_is_the_calibration_half_of_the_builtin_subset() -> None:
    safety, held_out = safety_conversations(), held_out_safety_conversations()
    calibration_items, held_out_items = split_builtin()
    assert len(safety) == sum(bool(item.reference_response) for item in calibration_items)
    assert safety[0] == [{"role": "user", "content": calibration_items[0].query},
                         {"role": "assistant", "content": calibration_items[0].reference_response}]
    # The halves split the subset, alike in language and risk level, and the held-out half never calibrates.
    assert {i.id for i in calibration_items} | {i.id for i in held_out_items} == {i.id for i in load_builtin()}
    assert not {i.id for i in calibration_items} & {i.id for i in held_out_items}
    for half in (calibration_items, held_out_items):
        assert abs(len(half) - 64) <= 1
        assert {i.language for i in half} == {"en", "zh"} and {i.risk_level for i in half} == {"R0", "R1", "R2"}
    calibration_texts = "\n".join(conversation_text(c) for c in calibration_conversations())
    assert not [item.id for item in held_out_items if item.query in calibration_texts]
    assert [i.id for i in load_dataset("builtin-heldout")] == [i.id for i in held_out_items]
    assert len(held_out) == len(held_out_items)


def test_general_eval_set_is_held_out_from_calibration() -> None:
    general = load_dataset("general")
    assert len(general) == 48 and {i.risk_level for i in general} == {"R0"}
    assert {i.language for i in general} == {"en", "zh"}
    calibration_texts = "\n".join(conversation_text(c) for c in calibration_conversations())
    assert not [item.id for item in general if item.query in calibration_texts]


def test_switches_and_languages() -> None:
    everything = calibration_conversations()
    no_safety = calibration_conversations(include_safety=False)
    zh_only = calibration_conversations(languages=("zh",))
    assert len(no_safety) == len(everything) - len(safety_conversations())
    assert set(describe_mix(zh_only)) == {"zh"}
    assert len(calibration_conversations(include_general=False, include_code=False)) == len(safety_conversations())
    with pytest.raises(DatasetError, match="languages"):
        calibration_conversations(languages=("fr",))
    with pytest.raises(DatasetError, match="empty"):
        calibration_conversations(include_safety=False, include_general=False, include_code=False)


def test_no_jailbreak_prompt_in_calibration() -> None:
    texts = "\n".join(conversation_text(c) for c in calibration_conversations())
    assert all(not item.category.startswith("attack/") for item in load_builtin())
    if not SHARED_STRATA.exists():
        pytest.skip("../shared/data/strata-sword is absent; checked the builtin categories only")
    prompts = [item.query for item in load_strata_sword(SHARED_STRATA)]
    leaked = [prompt for prompt in prompts if prompt.strip() in texts]
    assert not leaked, f"{len(leaked)} Strata-Sword prompts found in the calibration mix"


def test_strata_sword_file_is_refused_as_calibration(tmp_path: Path) -> None:
    record = {"id": "SS-en-L1-001", "language": "en", "level": 1, "attack_method": "None", "risk_type": None,
              "prompt": "a harmful request", "source_file": "strata_sword_en_level_1.xlsx", "source_row": 2}
    path = tmp_path / "jailbreaks.jsonl"
    path.write_text(json.dumps(record) + "\n")
    with pytest.raises(DatasetError, match=rf"{path}:1: this is a Strata-Sword jailbreak prompt"):
        load_calibration_file(path)


# ---------------------------------------------------------------- user calibration files


def test_load_calibration_jsonl_in_every_record_shape(tmp_path: Path) -> None:
    records = [
        {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"},
                      {"role": "assistant", "content": "Hello!"}]},
        {"text": "A plain paragraph of text."},
        {"prompt": "What is 2+2?", "response": "4"},
        {"instruction": "Name a colour.", "output": "Blue"},
        {"conversations": [{"from": "human", "value": "你好"}, {"from": "gpt", "value": "你好！"}]},
        "a bare JSON string",
    ]
    path = tmp_path / "calib.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n", encoding="utf-8")
    conversations = load_calibration_file(path)
    assert len(conversations) == 6 and all(_is_conversation(c) for c in conversations)
    assert conversations[0][0] == {"role": "system", "content": "Be brief."}
    assert conversations[1] == [{"role": "user", "content": "A plain paragraph of text."}]
    assert conversations[2][1] == {"role": "assistant", "content": "4"}
    assert conversations[3][1]["content"] == "Blue"
    assert conversations[4][1] == {"role": "assistant", "content": "你好！"}
    assert conversations[5] == [{"role": "user", "content": "a bare JSON string"}]


def test_load_calibration_plain_text_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("First paragraph,\nstill first.\n\n\nSecond paragraph.\n   \nThird 第三段。\n", encoding="utf-8")
    conversations = load_calibration_file(path)
    assert [c[0]["content"] for c in conversations] == [
        "First paragraph,\nstill first.", "Second paragraph.", "Third 第三段。"]
    brace = tmp_path / "brace.txt"
    brace.write_text("{not json} but prose\n\nmore prose\n")
    assert len(load_calibration_file(brace)) == 2


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"messages": [{"role": "robot", "content": "x"}]}', "bad role 'robot'"),
        ('{"messages": []}', "non-empty list"),
        ('{"messages": [{"role": "user", "content": ""}]}', "non-empty text"),
        ('{"unknown": 1}', "expected \\\"messages\\\""),
        ('{"text": "unclosed"', "bad JSON"),
    ],
)
def test_bad_calibration_records_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "calib.jsonl"
    path.write_text('{"text": "fine"}\n' + line + "\n")
    with pytest.raises(DatasetError, match=message) as excinfo:
        load_calibration_file(path)
    assert f"{path}:2:" in str(excinfo.value)


def test_missing_and_empty_calibration_files(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no such calibration file"):
        load_calibration_file(tmp_path / "absent.jsonl")
    (tmp_path / "empty.txt").write_text("\n \n")
    with pytest.raises(DatasetError, match="empty"):
        load_calibration_file(tmp_path / "empty.txt")
