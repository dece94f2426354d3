"""The transformers ChatEngine: streaming, <think> split, stop reasons, cancel, context fitting, GPTQ load."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from transformers import AutoTokenizer

from oyster_edge.errors import OysterError
from oyster_edge.runtime.backends import EngineOptions
from oyster_edge.runtime.hf_engine import HFEngine, load_hf_engine, open_hf_engine, quantization_label
from oyster_edge.runtime.types import ChatMessage, StreamEvent


class ScriptedModel:
    """Stands in for a causal LM: its greedy choice at step i is script[i]."""

    def __init__(self, script: list[int], vocab: int, eos: int) -> None:
        self.script = script
        self.vocab = vocab
        self.calls: list[int] = []
        self.device = torch.device("cpu")
        self.generation_config = SimpleNamespace(eos_token_id=eos)

    def __call__(self, input_ids: torch.Tensor, past_key_values: object, use_cache: bool, logits_to_keep: int):
        step = len(self.calls)
        self.calls.append(input_ids.shape[1])
        logits = torch.zeros(1, 1, self.vocab)
        logits[0, -1, self.script[min(step, len(self.script) - 1)]] = 1.0
        return SimpleNamespace(logits=logits, past_key_values=("cache", step))


@pytest.fixture(scope="module")
def tokenizer(gptq_source: Path):
    return AutoTokenizer.from_pretrained(gptq_source)


def _engine(tokenizer, reply: str, n_ctx: int = 4096, system_prompt: str | None = None) -> HFEngine:
    eos = tokenizer.convert_tokens_to_ids("<|im_end|>")
    script = tokenizer(reply, add_special_tokens=False)["input_ids"] + [eos]
    model = ScriptedModel(script, len(tokenizer), eos)
    return HFEngine(model, tokenizer, "scripted", "F32", n_ctx, system_prompt=system_prompt)


def _collect(events) -> tuple[dict[str, str], list[StreamEvent]]:
    events = list(events)
    text: dict[str, str] = {}
    for event in events:
        if event.kind in ("reasoning", "answer"):
            text[event.kind] = text.get(event.kind, "") + event.text
    return text, events


HELLO = [ChatMessage("user", "hello")]


def test_reasoning_and_answer_are_split(tokenizer):
    engine = _engine(tokenizer, "<think>\nThe user greets me.\n</think>\n\nHi! 你好，很高兴见到你。")
    text, events = _collect(engine.stream_chat(HELLO, think=True))
    assert text == {"reasoning": "The user greets me.", "answer": "Hi! 你好，很高兴见到你。"}
    stats = events[-1].stats
    assert events[-1].kind == "done" and stats.stop_reason == "stop"
    assert stats.completion_tokens == len(engine.model.script) - 1
    assert stats.prompt_tokens == len(engine.encode(engine.render(HELLO, think=True)))


def test_special_tokens_hidden_but_think_tags_kept(tokenizer):
    engine = _engine(tokenizer, "Ok.")
    think, endoftext = (tokenizer.convert_tokens_to_ids(t) for t in ("<think>", "<|endoftext|>"))
    assert endoftext in engine.hidden_ids and think not in engine.hidden_ids
    assert engine.decode([think, endoftext, *tokenizer("Hi", add_special_tokens=False)["input_ids"]]) == "<think>Hi"


def test_cache_is_reused_after_the_prompt(tokenizer):
    engine = _engine(tokenizer, "One two three.")
    list(engine.stream_chat(HELLO))
    prompt_len = engine.model.calls[0]
    assert prompt_len > 1 and set(engine.model.calls[1:]) == {1}


def test_length_and_cancel(tokenizer):
    _, events = _collect(_engine(tokenizer, "One two three four five six.").stream_chat(HELLO, max_tokens=2))
    assert events[-1].stats.stop_reason == "length" and events[-1].stats.completion_tokens == 2
    cancel = threading.Event()
    cancel.set()
    text, events = _collect(_engine(tokenizer, "One two.").stream_chat(HELLO, cancel=cancel))
    assert text == {} and events[-1].stats.stop_reason == "cancelled"
    assert events[-1].stats.completion_tokens == 0


def test_oldest_turns_dropped_to_fit_context(tokenizer):
    engine = _engine(tokenizer, "Ok.", n_ctx=120)
    history = [ChatMessage("system", "Be kind.")]
    for turn in range(6):
        history += [ChatMessage("user", f"message number {turn} " * 3), ChatMessage("assistant", "noted " * 3)]
    history.append(ChatMessage("user", "last"))
    _, events = _collect(engine.stream_chat(history, max_tokens=32))
    assert events[0].kind == "notice"
    dropped = events[-1].stats.dropped_turns
    assert dropped > 0 and events[-1].stats.prompt_tokens + 32 <= 120
    with pytest.raises(OysterError, match="too long"):
        list(engine.stream_chat([ChatMessage("user", "word " * 200)], max_tokens=32))


def test_system_prompt_is_prepended_unless_given(tokenizer):
    engine = _engine(tokenizer, "Ok.", system_prompt="You are Oy1.")
    assert [m.role for m in engine.with_system_prompt(HELLO)] == ["system", "user"]
    own = [ChatMessage("system", "Be brief."), *HELLO]
    assert engine.with_system_prompt(own) == own
    assert "You are Oy1." in engine.render(engine.with_system_prompt(HELLO), think=False)


def test_quantization_label():
    gptq = {"quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 128}}
    assert quantization_label(gptq) == "GPTQ-4bit-g128"
    assert quantization_label({"torch_dtype": "bfloat16"}) == "BF16"


def test_not_a_model_folder(tmp_path):
    with pytest.raises(OysterError, match="not a Hugging Face model folder"):
        load_hf_engine(tmp_path)


def test_gptq_folder_chats_on_cpu(gptq_folder, gptq_out):
    pytest.importorskip("gptqmodel", reason="GPTQ needs the [gptq] extra: gptqmodel==7.6.0, optimum==2.3.0")
    engine = load_hf_engine(gptq_folder, device="cpu", threads=1)
    assert engine.model.dtype == torch.bfloat16  # float16 matmuls crawl on CPUs without native fp16
    assert (engine.model_name, engine.quant) == ("Tiny-Qwen3-GPTQ-4bit-g128", "GPTQ-4bit-g128")
    _, events = _collect(engine.stream_chat(HELLO, max_tokens=8))
    stats = events[-1].stats
    assert stats.completion_tokens + (stats.stop_reason == "stop") >= 1
    assert stats.stop_reason in ("stop", "length") and stats.prompt_tokens > 3


def test_manifest_folder_opens_its_gptq_artifact(gptq_out):
    pytest.importorskip("gptqmodel", reason="GPTQ needs the [gptq] extra: gptqmodel==7.6.0, optimum==2.3.0")
    engine = open_hf_engine(gptq_out, EngineOptions(threads=1, n_ctx=512))
    assert engine.model_name == "Tiny-Qwen3-GPTQ-4bit-g128" and engine.n_ctx == 512
    assert engine.system_prompt and engine.system_prompt.startswith("You are Oy1")
