"""Models the checks can run: a GGUF through llama.cpp, or a Hugging Face folder through transformers.

Both give the same three things: token ids for text, full-vocabulary logits at chosen positions of a
token sequence (teacher forcing), and bounded greedy generation. The checks never hold two models at
once: the reference is run, cached, and closed before any candidate is opened.
"""

from __future__ import annotations

import codecs
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from oyster_edge.chat_template import render_chat
from oyster_edge.errors import OysterError

# Used only when a model file carries no chat template of its own (base models).
FALLBACK_CHATML = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


@dataclass(frozen=True)
class Encoded:
    """One teacher-forced sequence: prompt ids then response ids; the response ids are scored."""

    prompt: tuple[int, ...]
    response: tuple[int, ...]

    @property
    def tokens(self) -> list[int]:
        return [*self.prompt, *self.response]

    @property
    def scored_positions(self) -> range:
        """Positions whose logits predict the response tokens (position p predicts token p + 1)."""
        return range(len(self.prompt) - 1, len(self.prompt) + len(self.response) - 1)


def default_threads() -> int:
    """Physical cores that are idle right now.

    ggml's worker threads spin while they wait for each other, so one preempted thread stalls them all:
    on a busy machine fewer threads are much faster than one per core.
    """
    import psutil

    logical = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    physical = psutil.cpu_count(logical=False) or logical
    idle = int(logical - os.getloadavg()[0] + 0.5) if hasattr(os, "getloadavg") else logical
    return max(1, min(physical, logical, idle))


class ModelRunner:
    """What the checks need from a model; subclasses bind a runtime."""

    path: Path
    n_vocab: int
    chat_template: str
    template_source: str
    bos_text: str
    eos_text: str
    eos_id: int | None
    n_ctx: int

    def render_prompt(self, query: str) -> str:
        return render_chat(
            self.chat_template,
            [{"role": "user", "content": query}],
            add_generation_prompt=True,
            bos_token=self.bos_text,
            eos_token=self.eos_text,
            enable_thinking=False,
        )

    def encode(self, query: str, response: str) -> Encoded:
        prompt = self.tokenize_prompt(self.render_prompt(query))
        answer = self.tokenize_plain(response)
        if self.eos_id is not None:
            answer.append(self.eos_id)
        return Encoded(tuple(prompt), tuple(answer))

    def prompt_ids(self, query: str) -> list[int]:
        return self.tokenize_prompt(self.render_prompt(query))

    def tokenize_prompt(self, text: str) -> list[int]:
        raise NotImplementedError

    def tokenize_plain(self, text: str) -> list[int]:
        raise NotImplementedError

    def logits(self, tokens: list[int], positions: range) -> np.ndarray:
        """float32 [len(positions), n_vocab]: the logits at each position of `tokens` in `positions`."""
        raise NotImplementedError

    def generate(self, prompt: list[int], max_new_tokens: int) -> str:
        raise NotImplementedError

    def close(self) -> None:
        """Free the model's memory."""


# ---------------------------------------------------------------- llama.cpp


class LlamaCppRunner(ModelRunner):
    def __init__(self, path: Path, *, n_ctx: int = 8192, n_batch: int = 512, threads: int | None = None):
        import llama_cpp

        self._llama_cpp = llama_cpp
        self.path = path
        try:
            self._llm = llama_cpp.Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_batch=n_batch,
                n_ubatch=n_batch,
                n_threads=threads or default_threads(),
                n_threads_batch=threads or default_threads(),
                logits_all=False,
                verbose=False,
            )
        except ValueError as exc:
            raise OysterError(f"llama.cpp could not load {path}: {exc}; check that it is a complete GGUF") from exc
        self.n_ctx = self._llm.n_ctx()
        self.n_batch = n_batch
        self.n_vocab = self._llm.n_vocab()
        self._vocab = llama_cpp.llama_model_get_vocab(self._llm.model)
        metadata = self._llm.metadata
        template = metadata.get("tokenizer.chat_template")
        self.chat_template = template or FALLBACK_CHATML
        self.template_source = "gguf:tokenizer.chat_template" if template else "fallback-chatml"
        self.bos_id = self._llm.token_bos()
        eos = self._llm.token_eos()
        self.eos_id = eos if eos >= 0 else None
        self.bos_text = self._piece(self.bos_id) if self.bos_id >= 0 else ""
        self.eos_text = self._piece(eos) if eos >= 0 else ""
        self._add_bos = bool(self._llm._model.add_bos_token()) and self.bos_id >= 0
        self._batch = llama_cpp.llama_batch_init(n_batch, 0, 1)
        self._kv_tokens: list[int] = []

    def _piece(self, token: int) -> str:
        return self._llm.detokenize([token], special=True).decode("utf-8", errors="replace")

    def tokenize_prompt(self, text: str) -> list[int]:
        ids = self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)
        if self._add_bos and (not ids or ids[0] != self.bos_id):
            ids.insert(0, self.bos_id)
        return ids

    def tokenize_plain(self, text: str) -> list[int]:
        return self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)

    def _memory(self) -> Any:
        return self._llama_cpp.llama_get_memory(self._llm.ctx)

    def _decode(self, tokens: list[int], start: int, wanted: set[int]) -> np.ndarray:
        """Decode tokens[start:] after a KV cache holding tokens[:start]; return logits at `wanted` positions."""
        lc = self._llama_cpp
        batch = self._batch
        rows: list[np.ndarray] = []
        for chunk_start in range(start, len(tokens), self.n_batch):
            chunk = tokens[chunk_start : chunk_start + self.n_batch]
            n_out = 0
            for i, token in enumerate(chunk):
                pos = chunk_start + i
                batch.token[i] = token
                batch.pos[i] = pos
                batch.n_seq_id[i] = 1
                batch.seq_id[i][0] = 0
                flag = pos in wanted
                batch.logits[i] = flag
                n_out += flag
            batch.n_tokens = len(chunk)
            status = lc.llama_decode(self._llm.ctx, batch)
            if status != 0:
                self._kv_tokens = []
                raise OysterError(f"llama.cpp failed to evaluate {self.path.name} (llama_decode returned {status})")
            if n_out:
                out = np.ctypeslib.as_array(lc.llama_get_logits(self._llm.ctx), shape=(n_out * self.n_vocab,))
                rows.append(out.reshape(n_out, self.n_vocab).copy())
        self._kv_tokens = list(tokens)
        if not rows:
            return np.zeros((0, self.n_vocab), dtype=np.float32)
        return np.concatenate(rows) if len(rows) > 1 else rows[0]

    def _reuse_prefix(self, tokens: list[int], first_needed: int) -> int:
        """Keep the KV cache for the longest shared prefix (the same prompt scored with several options)."""
        shared = 0
        limit = min(len(self._kv_tokens), len(tokens), first_needed)
        while shared < limit and self._kv_tokens[shared] == tokens[shared]:
            shared += 1
        mem = self._memory()
        if shared == 0:
            self._llama_cpp.llama_memory_clear(mem, True)
        else:
            self._llama_cpp.llama_memory_seq_rm(mem, 0, shared, -1)
        self._kv_tokens = self._kv_tokens[:shared]
        return shared

    def _check_fits(self, n_tokens: int) -> None:
        if n_tokens > self.n_ctx:
            raise SequenceTooLong(f"{n_tokens} tokens exceed the context of {self.n_ctx}")

    def logits(self, tokens: list[int], positions: range) -> np.ndarray:
        self._check_fits(len(tokens))
        start = self._reuse_prefix(tokens, positions.start if len(positions) else len(tokens) - 1)
        return self._decode(tokens, start, set(positions))

    def generate(self, prompt: list[int], max_new_tokens: int) -> str:
        self._check_fits(len(prompt) + max_new_tokens)
        start = self._reuse_prefix(prompt, len(prompt) - 1)
        tokens = list(prompt)
        last = self._decode(tokens, start, {len(tokens) - 1})[-1]
        produced: list[int] = []
        for _ in range(max_new_tokens):
            token = int(np.argmax(last))
            if self._llama_cpp.llama_vocab_is_eog(self._vocab, token):
                break
            produced.append(token)
            tokens.append(token)
            last = self._decode(tokens, len(tokens) - 1, {len(tokens) - 1})[-1]
        return decode_complete(self._llm.detokenize(produced))

    def close(self) -> None:
        if self._batch is not None:
            self._llama_cpp.llama_batch_free(self._batch)
            self._batch = None
        self._llm.close()


def decode_complete(data: bytes) -> str:
    """UTF-8 text of generated bytes, dropping a character cut in half by the token limit at the end."""
    return codecs.getincrementaldecoder("utf-8")(errors="replace").decode(data, final=False)


class SequenceTooLong(OysterError):
    """An item whose prompt and answer do not fit the context; the checks skip it and say so."""


# ---------------------------------------------------------------- Hugging Face transformers


def hf_chat_template(folder: Path) -> str | None:
    jinja = folder / "chat_template.jinja"
    if jinja.exists():
        return jinja.read_text(encoding="utf-8")
    config = folder / "tokenizer_config.json"
    if config.exists():
        template = json.loads(config.read_text(encoding="utf-8")).get("chat_template")
        if isinstance(template, str):
            return template
        if isinstance(template, list):  # [{"name": "default", "template": ...}, ...]
            named = {entry.get("name"): entry.get("template") for entry in template if isinstance(entry, dict)}
            return named.get("default") or next(iter(named.values()), None)
    return None


class HFRunner(ModelRunner):
    def __init__(self, path: Path, *, n_ctx: int = 8192, threads: int | None = None):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        from oyster_edge.runtime.hf_engine import load_dtype

        self._torch = torch
        torch.set_num_threads(threads or default_threads())
        self.path = path
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(path)
            config = json.loads((path / "config.json").read_text(encoding="utf-8"))
            # float16 matmuls crawl on CPUs (GPTQ's CPU kernels take bfloat16): load as the chat engine does
            self._model = AutoModelForCausalLM.from_pretrained(path, dtype=load_dtype(config, "cpu"))
        except (OSError, ValueError, ImportError, json.JSONDecodeError) as exc:
            raise OysterError(f"transformers could not load {path}: {exc}") from exc
        self._model.eval()
        self.n_ctx = n_ctx
        self.n_vocab = int(self._model.get_output_embeddings().weight.shape[0])
        template = hf_chat_template(path)
        self.chat_template = template or FALLBACK_CHATML
        self.template_source = "hf:chat_template" if template else "fallback-chatml"
        tok = self._tokenizer
        self.bos_text = tok.bos_token or ""
        self.eos_text = tok.eos_token or ""
        self.eos_id = tok.eos_token_id
        self.bos_id = tok.bos_token_id
        self._add_bos = bool(getattr(tok, "add_bos_token", False)) and self.bos_id is not None
        self._stop_ids = self._collect_stop_ids()

    def _collect_stop_ids(self) -> list[int]:
        ids = set()
        config_eos = getattr(self._model.generation_config, "eos_token_id", None)
        for value in (self.eos_id, config_eos):
            if isinstance(value, int):
                ids.add(value)
            elif isinstance(value, list):
                ids.update(v for v in value if isinstance(v, int))
        return sorted(ids)

    def tokenize_prompt(self, text: str) -> list[int]:
        ids = list(self._tokenizer(text, add_special_tokens=False)["input_ids"])
        if self._add_bos and (not ids or ids[0] != self.bos_id):
            ids.insert(0, self.bos_id)
        return ids

    def tokenize_plain(self, text: str) -> list[int]:
        return list(self._tokenizer(text, add_special_tokens=False, split_special_tokens=True)["input_ids"])

    def logits(self, tokens: list[int], positions: range) -> np.ndarray:
        if len(tokens) > self.n_ctx:
            raise SequenceTooLong(f"{len(tokens)} tokens exceed the context of {self.n_ctx}")
        torch = self._torch
        with torch.inference_mode():
            ids = torch.tensor([tokens], dtype=torch.long)
            out = self._model(input_ids=ids, logits_to_keep=len(tokens) - positions.start)
            kept = out.logits[0, : len(positions)]
            return kept.float().numpy().astype(np.float32, copy=False)

    def generate(self, prompt: list[int], max_new_tokens: int) -> str:
        torch = self._torch
        with torch.inference_mode():
            ids = torch.tensor([prompt], dtype=torch.long)
            out = self._model.generate(
                input_ids=ids,
                attention_mask=torch.ones_like(ids),
                max_new_tokens=max_new_tokens,
                do_sample=False,
                eos_token_id=self._stop_ids or None,
                pad_token_id=self._stop_ids[0] if self._stop_ids else None,
            )
        new = out[0, len(prompt) :].tolist()
        new = [t for t in new if t not in self._stop_ids]
        return self._tokenizer.decode(new, skip_special_tokens=True)

    def close(self) -> None:
        del self._model


def is_hf_folder(path: Path) -> bool:
    return path.is_dir() and (path / "config.json").exists()


def open_model(path: Path, *, n_ctx: int = 8192, threads: int | None = None) -> ModelRunner:
    if not path.exists():
        raise OysterError(f"model {path} does not exist; give a .gguf file or a Hugging Face model folder")
    if is_hf_folder(path):
        return HFRunner(path, n_ctx=n_ctx, threads=threads)
    if path.is_file() and _is_gguf(path):
        return LlamaCppRunner(path, n_ctx=n_ctx, threads=threads)
    raise OysterError(f"{path} is neither a GGUF file nor a Hugging Face folder with config.json")


def _is_gguf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"GGUF"
