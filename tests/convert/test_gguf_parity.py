"""Conversion parity: llama.cpp on our GGUF and transformers on the source agree."""

from __future__ import annotations

import json
from pathlib import Path

import gguf
import numpy as np
import pytest
from tiny_models import build_tiny_model, real_tokenizer_available

from oyster_edge.convert.source import resolve_source
from oyster_edge.convert.to_gguf import write_gguf

PROMPTS = {
    "english": "Hello! How are you today? I hope the weather is nice where you are.",
    "chinese": "今天天气很好，我们一起去公园散步吧。如果你感到难过，请联系心理援助热线。",
    "code": "def add(a, b):\n    return a + b\n\nprint(add(2, 3))  # 5\n",
}


def chat_prompt(folder: Path) -> str:
    from oyster_edge.chat_template import render_chat

    config = json.loads((folder / "tokenizer_config.json").read_text())
    messages = [
        {"role": "user", "content": "What is 2+2?"},
        {"role": "assistant", "content": "<think>\nSimple sum.\n</think>\n\n4"},
        {"role": "user", "content": "谢谢！"},
    ]
    return render_chat(config["chat_template"], messages, enable_thinking=True)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def compare(hf_folder: Path, gguf_path: Path) -> tuple[float, float]:
    """(mean KL(hf || llama.cpp), top-1 agreement) over every position of every prompt.

    Top-1 is counted where transformers' best token leads the runner-up by more than 0.01 in logit:
    on random tiny weights some positions are near-ties that F16 rounding legitimately reorders.
    """
    import llama_cpp
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(hf_folder)
    model = AutoModelForCausalLM.from_pretrained(hf_folder, dtype=torch.float32)
    llm = llama_cpp.Llama(str(gguf_path), n_ctx=512, logits_all=True, verbose=False, n_threads=2)
    kls, agree = [], []
    try:
        for text in [*PROMPTS.values(), chat_prompt(hf_folder)]:
            hf_ids = tokenizer.encode(text, add_special_tokens=False)
            cpp_ids = llm.tokenize(text.encode(), add_bos=False, special=True)
            assert cpp_ids == hf_ids, f"tokenization differs on {text[:30]!r}"
            with torch.no_grad():
                hf_logits = model(torch.tensor([hf_ids])).logits[0].float().numpy()
            llm.reset()
            llm.eval(cpp_ids)
            cpp_logits = np.array(llm.scores[: len(cpp_ids)], dtype=np.float32)
            vocab = min(hf_logits.shape[-1], cpp_logits.shape[-1])
            p, q = softmax(hf_logits[:, :vocab].astype(np.float64)), softmax(cpp_logits[:, :vocab].astype(np.float64))
            kls.extend(np.sum(p * (np.log(p + 1e-30) - np.log(q + 1e-30)), axis=-1).tolist())
            top2 = np.sort(hf_logits[:, :vocab], axis=-1)[:, -2:]
            decided = (top2[:, 1] - top2[:, 0]) > 1e-2
            agree.extend((p.argmax(-1) == q.argmax(-1))[decided].tolist())
    finally:
        llm.close()
    return float(np.mean(kls)), float(np.mean(agree))


@pytest.mark.slow
@pytest.mark.parametrize("architecture", ["Qwen3ForCausalLM", "Qwen2ForCausalLM", "LlamaForCausalLM"])
def test_llama_cpp_matches_transformers(tmp_path: Path, architecture: str) -> None:
    folder = build_tiny_model(tmp_path / architecture, architecture, tied=architecture != "LlamaForCausalLM")
    for outtype in ("f32", "f16"):
        out = tmp_path / f"model-{outtype}.gguf"
        write_gguf(resolve_source(str(folder)), out, outtype)
        mean_kl, top1 = compare(folder, out)
        print(f"{architecture} {outtype}: mean KL {mean_kl:.2e}, top-1 {top1:.3f}")
        assert mean_kl < 1e-4
        assert top1 == 1.0


def test_qwen3_metadata(tiny_qwen3_gguf: Path) -> None:
    reader = gguf.GGUFReader(tiny_qwen3_gguf)

    def value(key: str) -> object:
        return reader.get_field(key).contents()

    assert value("general.architecture") == "qwen3"
    assert value("tokenizer.ggml.model") == "gpt2"
    assert value("tokenizer.ggml.pre") == "qwen2"
    assert "<|im_start|>" in value("tokenizer.chat_template")
    assert value("general.quantized_by").startswith("oyster-edge")
    assert value("general.size_label")
    tokens = value("tokenizer.ggml.tokens")
    types = value("tokenizer.ggml.token_type")
    im_start = tokens.index("<|im_start|>")
    assert types[im_start] == gguf.TokenType.CONTROL
    assert value("tokenizer.ggml.eos_token_id") == tokens.index("<|im_end|>")
    assert len(reader.get_field("tokenizer.ggml.merges").data) > 100
    if real_tokenizer_available():
        assert tokens[-1].startswith("[PAD")  # config.vocab_size exceeds the tokenizer: padded with UNUSED
        assert types[-1] == gguf.TokenType.UNUSED
        assert types[tokens.index("<think>")] in (gguf.TokenType.CONTROL, gguf.TokenType.USER_DEFINED)


def test_bf16_source_defaults_to_bf16_and_keeps_values(tmp_path: Path) -> None:
    from oyster_edge.convert.to_gguf import default_outtype

    folder = build_tiny_model(tmp_path / "bf16", "Qwen3ForCausalLM", dtype="bfloat16")
    source = resolve_source(str(folder))
    assert default_outtype(source) == "bf16"
    out = tmp_path / "m-bf16.gguf"
    write_gguf(source, out, "bf16")
    reader = gguf.GGUFReader(out)
    embd = next(t for t in reader.tensors if t.name == "token_embd.weight")
    assert embd.tensor_type == gguf.GGMLQuantizationType.BF16
    raw = source.tensors["model.embed_tokens.weight"].read("model.embed_tokens.weight")
    assert np.array_equal(np.asarray(embd.data).view(np.uint16).reshape(raw.shape), raw)
