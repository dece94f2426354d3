"""A ChatEngine on Hugging Face transformers: for GPTQ folders (and plain HF folders) on CPU or CUDA.

Greedy decoding in a manual loop over the KV cache, so a cancel event is honoured between two tokens
and the <think> block streams as "reasoning" events. The prompt is the model's own chat template,
rendered in oyster-edge's Jinja sandbox.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from oyster_edge.errors import OysterError
from oyster_edge.manifest import load_manifest, manifest_path
from oyster_edge.runtime.backends import EngineOptions
from oyster_edge.runtime.prompts import (
    CHATML_TEMPLATE,
    DEFAULT_SYSTEM_PROMPT,
    fit_conversation,
    render_messages,
    with_system_prompt,
)
from oyster_edge.runtime.reasoning import THINK_CLOSE, THINK_OPEN, ThinkSplitter, prompt_opens_thinking
from oyster_edge.runtime.types import ChatMessage, GenerationStats, StreamEvent

DEFAULT_CONTEXT = 8192
GPTQ_INSTALL_HINT = "pip install gptqmodel==7.6.0 optimum==2.3.0"


def configure_gptqmodel_env() -> None:
    """Defaults that keep GPTQModel working on small CPUs; set before its first import."""
    import os

    # On 2-core machines its worker pools ask for more workers than the CPU pool grants and crash.
    os.environ.setdefault("GPTQMODEL_CPU_WORKERS", str(max(2, ((os.cpu_count() or 1) + 1) // 2)))
    # Skips a ~30 s C++ pack-extension build on first use; the pure-torch packer writes identical bytes.
    os.environ.setdefault("GPTQMODEL_DISABLE_PACK_EXT", "1")


def quantization_label(config: dict[str, Any]) -> str:
    """'GPTQ-4bit-g128' for a GPTQ folder, else the stored dtype (e.g. 'BF16')."""
    quant = config.get("quantization_config") or {}
    if quant.get("quant_method") == "gptq":
        group = quant.get("group_size", -1)
        return f"GPTQ-{quant.get('bits')}bit-" + (f"g{group}" if group and group > 0 else "gchan")
    if quant:
        return str(quant.get("quant_method", "quantized")).upper()
    return str(config.get("torch_dtype") or config.get("dtype") or "float32").replace("float", "F").upper()


def load_dtype(config: dict[str, Any], device: str) -> Any:
    """transformers dtype for a folder: as stored, except half precision on CPU runs as bfloat16 (float16
    matmuls on CPUs without native fp16 are ~100x slower; GPTQ's int4 CPU kernels take bfloat16)."""
    import torch

    stored = str(config.get("torch_dtype") or config.get("dtype") or "")
    is_gptq = (config.get("quantization_config") or {}).get("quant_method") == "gptq"
    if device == "cpu" and (is_gptq or stored in ("float16", "bfloat16")):
        return torch.bfloat16
    return "auto"


def is_hf_model_folder(path: Path) -> bool:
    return path.is_dir() and (path / "config.json").is_file()


def model_folder(path: Path) -> Path:
    """`path` itself when it is a model folder; else the GPTQ artifact its manifest.json names."""
    if is_hf_model_folder(path) or not manifest_path(path).exists():
        return path
    gptq = [a for a in load_manifest(path).artifacts if a.format == "gptq" and (path / a.path).is_dir()]
    return path / gptq[0].path if gptq else path


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Route file descriptor 1 to stderr, so `chat --json` keeps stdout for its JSON alone."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def open_hf_engine(model: Path, options: EngineOptions) -> HFEngine:
    """The runtime backend opener (runtime.backends.register_backend("gptq", open_hf_engine))."""
    return load_hf_engine(model, threads=options.threads, n_ctx=options.n_ctx, system_prompt=options.system_prompt)


def load_hf_engine(
    path: Path,
    *,
    device: str = "auto",
    threads: int | None = None,
    n_ctx: int | None = None,
    system_prompt: str | None = DEFAULT_SYSTEM_PROMPT,
) -> HFEngine:
    """Open a Hugging Face folder (GPTQ or not; or a folder whose manifest names a GPTQ artifact) as a
    ChatEngine on device auto, cpu or cuda."""
    path = model_folder(Path(path))
    if not is_hf_model_folder(path):
        raise OysterError(f"{path} is not a Hugging Face model folder (no config.json)")
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    is_gptq = (config.get("quantization_config") or {}).get("quant_method") == "gptq"
    if is_gptq:
        configure_gptqmodel_env()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if threads:
        torch.set_num_threads(threads)
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(path))
        with _stdout_to_stderr():  # GPTQModel prints banners and kernel notes while loading
            model = AutoModelForCausalLM.from_pretrained(
                str(path), dtype=load_dtype(config, device), device_map=device
            )
    except ImportError as exc:
        hint = f" (GPTQ folders need: {GPTQ_INSTALL_HINT})" if is_gptq else ""
        raise OysterError(f"transformers could not load {path}: {exc}{hint}") from exc
    except (OSError, ValueError) as exc:
        raise OysterError(f"transformers could not load {path}: {exc}") from exc
    model.eval()
    context = min(int(config.get("max_position_embeddings") or DEFAULT_CONTEXT), n_ctx or DEFAULT_CONTEXT)
    return HFEngine(model, tokenizer, path.name, quantization_label(config), context, system_prompt)


class HFEngine:
    """ChatEngine over a loaded transformers causal LM and its tokenizer."""

    def __init__(
        self, model: Any, tokenizer: Any, model_name: str, quant: str, n_ctx: int, system_prompt: str | None = None
    ) -> None:
        template = getattr(tokenizer, "chat_template", None)
        self.model = model
        self.tokenizer = tokenizer
        self.model_name = model_name
        self.quant = quant
        self.n_ctx = n_ctx
        # As the llama.cpp engine does: ChatML only when the model ships no template of its own.
        self.template = template if isinstance(template, str) and template else CHATML_TEMPLATE
        self.system_prompt = system_prompt
        self.stop_ids = self._stop_ids()
        self.hidden_ids = self._hidden_ids()

    def _stop_ids(self) -> set[int]:
        ids: set[int] = set()
        for value in (self.tokenizer.eos_token_id, getattr(self.model.generation_config, "eos_token_id", None)):
            if isinstance(value, int):
                ids.add(value)
            elif isinstance(value, list):
                ids.update(v for v in value if isinstance(v, int))
        return ids

    def _hidden_ids(self) -> set[int]:
        """Special tokens left out of the text, except the think tags some tokenizers mark special."""
        special = {i for i, token in self.tokenizer.added_tokens_decoder.items() if token.special}
        return special - {self.tokenizer.convert_tokens_to_ids(tag) for tag in (THINK_OPEN, THINK_CLOSE)}

    def decode(self, ids: list[int]) -> str:
        return self.tokenizer.decode([i for i in ids if i not in self.hidden_ids], skip_special_tokens=False)

    def with_system_prompt(self, messages: Sequence[ChatMessage]) -> list[ChatMessage]:
        return with_system_prompt(messages, self.system_prompt)

    def render(self, messages: Sequence[ChatMessage], think: bool) -> str:
        tokenizer = self.tokenizer
        return render_messages(self.template, messages, think, tokenizer.bos_token or "", tokenizer.eos_token or "")

    def encode(self, text: str) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def fit_prompt(self, messages: Sequence[ChatMessage], think: bool, max_tokens: int) -> tuple[str, list[int], int]:
        """(prompt, ids, dropped exchanges) that leave `max_tokens` free in the context."""
        return fit_conversation(messages, lambda kept: self._render_ids(kept, think), self.n_ctx, max_tokens)

    def _render_ids(self, messages: list[ChatMessage], think: bool) -> tuple[str, list[int]]:
        prompt = self.render(messages, think)
        return prompt, self.encode(prompt)

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        think: bool = False,
        cancel: threading.Event | None = None,
    ) -> Iterator[StreamEvent]:
        started = time.monotonic()
        prompt, prompt_ids, dropped = self.fit_prompt(self.with_system_prompt(messages), think, max_tokens)
        if dropped:
            yield StreamEvent("notice", f"dropped the {dropped} oldest message(s) to fit the context")
        splitter = ThinkSplitter(in_reasoning=prompt_opens_thinking(prompt))
        first_token_at: float | None = None
        generated: list[int] = []
        emitted = ""
        stop_reason = "length"
        for token in self.greedy_tokens(prompt_ids, max_tokens, cancel):
            if token is None:
                stop_reason = "cancelled"
                break
            if token in self.stop_ids:
                stop_reason = "stop"
                break
            first_token_at = first_token_at or time.monotonic()
            generated.append(token)
            text = self.decode(generated)
            if text.endswith("\ufffd"):  # a multi-byte character still incomplete
                continue
            for kind, piece in splitter.feed(text[len(emitted):]):
                yield StreamEvent(kind, piece)
            emitted = text
        for kind, piece in splitter.feed(self.decode(generated)[len(emitted):]):
            yield StreamEvent(kind, piece)
        for kind, piece in splitter.flush():
            yield StreamEvent(kind, piece)
        now = time.monotonic()
        stats = GenerationStats(
            prompt_tokens=len(prompt_ids),
            completion_tokens=len(generated),
            seconds=now - started,
            time_to_first_token=(first_token_at or now) - started,
            stop_reason=stop_reason,
            dropped_turns=dropped,
        )
        yield StreamEvent("done", stats=stats)

    def greedy_tokens(
        self, prompt_ids: list[int], max_tokens: int, cancel: threading.Event | None
    ) -> Iterator[int | None]:
        """Yield the greedy next token max_tokens times (None once if cancelled), reusing the KV cache."""
        import torch

        device = self.model.device
        with torch.inference_mode():
            inputs = torch.tensor([prompt_ids], dtype=torch.long, device=device)
            past = None
            for _ in range(max_tokens):
                if cancel is not None and cancel.is_set():
                    yield None
                    return
                out = self.model(input_ids=inputs, past_key_values=past, use_cache=True, logits_to_keep=1)
                past = out.past_key_values
                token = int(out.logits[0, -1].argmax())
                yield token
                inputs = torch.tensor([[token]], dtype=torch.long, device=device)
