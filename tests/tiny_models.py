"""Tiny Hugging Face checkpoints of the architectures oyster-edge converts, built locally for tests.

The Qwen3 model uses the real Qwen3 tokenizer and chat template from ../shared when present; otherwise
a BPE tokenizer trained here with the same Qwen2 pre-tokenizer regex and a small ChatML template, so a
fresh clone without ../shared still runs every test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

SHARED_TOKENIZER = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "qwen3-tokenizer"

QWEN2_SPLIT = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>"]

# A ChatML template with Qwen3's thinking switch, written for these tests.
FALLBACK_CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n"
    "{% if enable_thinking is defined and enable_thinking is false %}<think>\n\n</think>\n\n{% endif %}"
    "{% endif %}"
)

TRAINING_TEXT = [
    "The quick brown fox jumps over the lazy dog. If you are struggling, please reach out for help.",
    "You are not alone. Call or text a crisis line, or talk to someone you trust today.",
    "def add(a, b):\n    return a + b\n\nfor i in range(10):\n    print(i * 2)\n",
    "今天天气很好，我们一起去公园散步吧。如果你感到难过，请联系心理援助热线。",
    "我不想活了的时候，可以拨打心理援助热线，和信任的人聊一聊。",
    "Oyster-I guides people toward safe and helpful outcomes instead of refusing them.",
    "Numbers 12356 and 988 and 116 123 are helplines. 3.14159 is pi; 2026-11-22 is a date.",
] * 20


def real_tokenizer_available() -> bool:
    return (SHARED_TOKENIZER / "tokenizer.json").exists()


def write_tokenizer(folder: Path) -> str:
    """Put tokenizer.json + tokenizer_config.json in `folder`; return which tokenizer was used."""
    folder.mkdir(parents=True, exist_ok=True)
    if real_tokenizer_available():
        for name in ("tokenizer.json", "tokenizer_config.json"):
            shutil.copy(SHARED_TOKENIZER / name, folder / name)
        return "qwen3"
    _train_fallback_tokenizer(folder)
    return "fallback"


def _train_fallback_tokenizer(folder: Path) -> None:
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(QWEN2_SPLIT), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=600,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(TRAINING_TEXT, trainer=trainer)
    tokenizer.save(str(folder / "tokenizer.json"))
    config = {
        "tokenizer_class": "Qwen2Tokenizer",
        "eos_token": "<|im_end|>",
        "pad_token": "<|endoftext|>",
        "bos_token": None,
        "add_bos_token": False,
        "model_max_length": 4096,
        "chat_template": FALLBACK_CHAT_TEMPLATE,
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2))


def _vocab_size(folder: Path) -> int:
    data = json.loads((folder / "tokenizer.json").read_text())
    ids = list(data["model"]["vocab"].values()) + [t["id"] for t in data.get("added_tokens", [])]
    return max(ids) + 1


def build_tiny_model(
    folder: Path,
    architecture: str = "Qwen3ForCausalLM",
    *,
    seed: int = 0,
    dtype: str = "float32",
    tied: bool = True,
    layers: int = 2,
    hidden: int = 64,
) -> Path:
    """Save a small random model of `architecture` with a tokenizer to `folder`."""
    import torch
    from transformers import (
        LlamaConfig,
        LlamaForCausalLM,
        Qwen2Config,
        Qwen2ForCausalLM,
        Qwen3Config,
        Qwen3ForCausalLM,
    )

    write_tokenizer(folder)
    vocab = _vocab_size(folder)
    tokens = json.loads((folder / "tokenizer.json").read_text())
    ids = {t["content"]: t["id"] for t in tokens.get("added_tokens", [])}
    common = dict(
        vocab_size=vocab + (vocab % 64 and 64 - vocab % 64),  # padded like real checkpoints
        hidden_size=hidden,
        intermediate_size=hidden * 2,
        num_hidden_layers=layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        rms_norm_eps=1e-6,
        tie_word_embeddings=tied,
        eos_token_id=ids.get("<|im_end|>", 0),
        bos_token_id=ids.get("<|endoftext|>", 0),
    )
    classes = {
        "Qwen3ForCausalLM": (Qwen3Config, Qwen3ForCausalLM, {"head_dim": hidden // 4}),
        "Qwen2ForCausalLM": (Qwen2Config, Qwen2ForCausalLM, {}),
        "LlamaForCausalLM": (LlamaConfig, LlamaForCausalLM, {}),
    }
    config_class, model_class, extra = classes[architecture]
    torch.manual_seed(seed)
    model = model_class(config_class(**common, **extra))
    with torch.no_grad():  # larger weights than the default init so the logits are far from uniform
        for param in model.parameters():
            if param.dim() > 1:
                param.normal_(0.0, 0.25)
    model = model.to(getattr(torch, dtype))
    model.save_pretrained(folder)
    return folder
