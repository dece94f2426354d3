"""The llama.cpp chat engine: our own prompt rendering and decode loop over llama-cpp-python's C API.

llama-cpp-python's chat helpers render templates in their own Jinja environment; here the template is
rendered by oyster_edge.chat_template (sandboxed), tokenized with special tokens, and decoded token by
token so stop tokens, cancellation, UTF-8 reassembly and the think/answer split are under our control.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from oyster_edge.errors import OysterError
from oyster_edge.runtime.gguf_info import GGUFInfo
from oyster_edge.runtime.hardware import HardwareProfile
from oyster_edge.runtime.plan import LoadPlan
from oyster_edge.runtime.prompts import (
    CHATML_TEMPLATE,
    DEFAULT_SYSTEM_PROMPT,
    fit_conversation,
    render_messages,
    with_system_prompt,
)
from oyster_edge.runtime.reasoning import THINK_CLOSE, THINK_OPEN, ReplyAssembler, prompt_opens_thinking
from oyster_edge.runtime.types import ChatMessage, ChatResult, GenerationStats, StreamEvent, collect_reply

PIECE_BUFFER = 256


@dataclass(frozen=True)
class SamplingSettings:
    """temperature 0 means greedy. Defaults follow Qwen3's recommendations for each mode."""

    temperature: float
    top_k: int = 20
    top_p: float = 0.8
    min_p: float = 0.0
    seed: int = 0xC0FFEE

    @classmethod
    def for_mode(cls, think: bool) -> SamplingSettings:
        return cls(temperature=0.6, top_p=0.95) if think else cls(temperature=0.7, top_p=0.8)


GREEDY = SamplingSettings(temperature=0.0)


def common_prefix_length(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def load_llama(plan: LoadPlan, hw: HardwareProfile, threads: int | None = None) -> Any:
    """Load with threads = physical cores, full offload on Metal/CUDA builds, mmap, the planned context."""
    import llama_cpp

    info = plan.info
    threads = threads or hw.physical_cores
    try:
        return llama_cpp.Llama(
            model_path=str(info.path),
            n_ctx=plan.n_ctx,
            n_threads=threads,
            n_threads_batch=threads,
            n_gpu_layers=-1 if hw.gpu_offload else 0,
            use_mmap=True,
            flash_attn=plan.flash_attn,
            verbose=False,
        )
    except (ValueError, RuntimeError) as exc:
        raise OysterError(
            f"llama.cpp could not load {info.path} (architecture {info.architecture!r}, {info.quant}): the "
            f"architecture may be unsupported by this llama-cpp-python build or the file is damaged ({exc})"
        ) from exc


class LlamaEngine:
    """A ChatEngine over one llama.cpp model and context. One generation at a time."""

    def __init__(
        self,
        plan: LoadPlan,
        hw: HardwareProfile,
        *,
        system_prompt: str | None = DEFAULT_SYSTEM_PROMPT,
        sampling: SamplingSettings | None = None,
        threads: int | None = None,
    ) -> None:
        import llama_cpp

        self._api = llama_cpp
        self.info: GGUFInfo = plan.info
        self.plan = plan
        self.model_name = plan.info.name
        self.quant = plan.info.quant
        self.n_ctx = plan.n_ctx
        self.system_prompt = system_prompt
        self.sampling = sampling
        self.template = plan.info.chat_template or CHATML_TEMPLATE
        # Render once before loading: a hostile or broken template is refused before any weights are read.
        self.render([ChatMessage("user", "hello")], think=False)
        self._llm = load_llama(plan, hw, threads)
        self._ctx = self._llm.ctx
        self._vocab = llama_cpp.llama_model_get_vocab(self._llm.model)
        self._n_batch = self._llm.n_batch
        self._add_bos = bool(llama_cpp.llama_vocab_get_add_bos(self._vocab))
        self._kv_tokens: list[int] = []  # exactly what the KV cache holds, position by position
        self._one_token = (llama_cpp.llama_token * 1)()
        self._piece_buffer = ctypes.create_string_buffer(PIECE_BUFFER)
        self._pieces: dict[int, bytes] = {}
        self._stop_ids = set(plan.info.stop_token_ids) | {self._llm.token_eos()}
        self._remember_tag_pieces()
        self._busy = threading.Lock()

    # -- tokens ---------------------------------------------------------------------------------------

    def tokenize(self, text: str) -> list[int]:
        add_bos = self._add_bos and not (self.info.bos_token and text.startswith(self.info.bos_token))
        return self._llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True)

    def _remember_tag_pieces(self) -> None:
        """Think tags may be control tokens, which render as nothing; keep their text for the splitter."""
        for tag in (THINK_OPEN, THINK_CLOSE):
            ids = self._llm.tokenize(tag.encode(), add_bos=False, special=True)
            if len(ids) == 1:
                self._pieces[ids[0]] = tag.encode()

    def piece(self, token: int) -> bytes:
        cached = self._pieces.get(token)
        if cached is not None:
            return cached
        n = self._api.llama_token_to_piece(self._vocab, token, self._piece_buffer, PIECE_BUFFER, 0, False)
        if n < 0:
            big = ctypes.create_string_buffer(-n)
            n = self._api.llama_token_to_piece(self._vocab, token, big, -n, 0, False)
            data = big.raw[:n]
        else:
            data = self._piece_buffer.raw[:n]
        self._pieces[token] = data
        return data

    def is_stop(self, token: int) -> bool:
        return token in self._stop_ids or bool(self._api.llama_vocab_is_eog(self._vocab, token))

    # -- prompt ---------------------------------------------------------------------------------------

    def with_system(self, messages: Sequence[ChatMessage]) -> list[ChatMessage]:
        return with_system_prompt(messages, self.system_prompt)

    def render(self, messages: Sequence[ChatMessage], think: bool) -> str:
        return render_messages(self.template, messages, think, self.info.bos_token, self.info.eos_token)

    def fit_prompt(self, messages: Sequence[ChatMessage], think: bool, reply_room: int) -> tuple[str, list[int], int]:
        """(prompt, tokens, dropped exchanges) that leave `reply_room` tokens free in the context."""
        return fit_conversation(
            self.with_system(messages), lambda kept: self._render_tokens(kept, think), self.n_ctx, reply_room
        )

    def _render_tokens(self, messages: list[ChatMessage], think: bool) -> tuple[str, list[int]]:
        prompt = self.render(messages, think)
        return prompt, self.tokenize(prompt)

    # -- decoding -------------------------------------------------------------------------------------

    def _decode(self, tokens: Sequence[int], cancel: threading.Event | None = None) -> None:
        """Decode in batches; a set `cancel` stops between batches (the cache keeps what was decoded)."""
        api = self._api
        for start in range(0, len(tokens), self._n_batch):
            if cancel is not None and cancel.is_set():
                return
            chunk = tokens[start : start + self._n_batch]
            array = (api.llama_token * len(chunk))(*chunk)
            code = api.llama_decode(self._ctx, api.llama_batch_get_one(array, len(chunk)))
            if code != 0:
                self._forget_kv()
                raise OysterError(f"llama.cpp failed to decode the prompt (llama_decode returned {code})")
            self._kv_tokens.extend(chunk)

    def _decode_one(self, token: int) -> None:
        api = self._api
        self._one_token[0] = token
        code = api.llama_decode(self._ctx, api.llama_batch_get_one(self._one_token, 1))
        if code != 0:
            self._forget_kv()
            raise OysterError(f"llama.cpp failed to decode a token (llama_decode returned {code})")
        self._kv_tokens.append(token)

    def _forget_kv(self) -> None:
        self._api.llama_memory_clear(self._api.llama_get_memory(self._ctx), True)
        self._kv_tokens = []

    def _ingest_prompt(self, tokens: list[int], cancel: threading.Event | None = None) -> None:
        """Decode the prompt, reusing the KV cache for the prefix it shares with the previous turn."""
        keep = common_prefix_length(self._kv_tokens, tokens)
        keep = min(keep, len(tokens) - 1)  # the last prompt token is decoded again to get fresh logits
        memory = self._api.llama_get_memory(self._ctx)
        if keep < len(self._kv_tokens):
            if self._api.llama_memory_seq_rm(memory, -1, keep, -1):
                del self._kv_tokens[keep:]
            else:
                self._forget_kv()
        self._decode(tokens[len(self._kv_tokens) :], cancel)

    def _sampler(self, settings: SamplingSettings) -> Any:
        api = self._api
        chain = api.llama_sampler_chain_init(api.llama_sampler_chain_default_params())
        if settings.temperature <= 0:
            api.llama_sampler_chain_add(chain, api.llama_sampler_init_greedy())
            return chain
        if settings.top_k > 0:
            api.llama_sampler_chain_add(chain, api.llama_sampler_init_top_k(settings.top_k))
        api.llama_sampler_chain_add(chain, api.llama_sampler_init_top_p(settings.top_p, 1))
        if settings.min_p > 0:
            api.llama_sampler_chain_add(chain, api.llama_sampler_init_min_p(settings.min_p, 1))
        api.llama_sampler_chain_add(chain, api.llama_sampler_init_temp(settings.temperature))
        api.llama_sampler_chain_add(chain, api.llama_sampler_init_dist(settings.seed))
        return chain

    # -- chat -----------------------------------------------------------------------------------------

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        think: bool = False,
        cancel: threading.Event | None = None,
        sampling: SamplingSettings | None = None,
    ) -> Iterator[StreamEvent]:
        """Yield notice/reasoning/answer events, then one "done" event with the stats."""
        if not self._busy.acquire(blocking=False):
            raise OysterError("the engine is already generating a reply; wait for it or cancel it first")
        try:
            yield from self._stream(messages, max_tokens, think, cancel, sampling)
        finally:
            self._busy.release()

    def _stream(
        self,
        messages: Sequence[ChatMessage],
        max_tokens: int,
        think: bool,
        cancel: threading.Event | None,
        sampling: SamplingSettings | None,
    ) -> Iterator[StreamEvent]:
        started = time.perf_counter()
        prompt, tokens, dropped = self.fit_prompt(messages, think, min(max_tokens, self.n_ctx // 4))
        if dropped:
            yield StreamEvent(
                "notice",
                f"The conversation outgrew the {self.n_ctx}-token context: the oldest {dropped} "
                f"turn{'s' if dropped > 1 else ''} were left out (the system prompt is kept).",
            )
        limit = min(max_tokens, self.n_ctx - len(tokens))
        assembler = ReplyAssembler(in_reasoning=prompt_opens_thinking(prompt))
        settings = sampling or self.sampling or SamplingSettings.for_mode(think)
        sampler = self._sampler(settings)
        generated = 0
        first_token_at = 0.0
        stop_reason = "length"
        try:
            self._ingest_prompt(tokens, cancel)
            while generated < limit:
                if cancel is not None and cancel.is_set():
                    stop_reason = "cancelled"
                    break
                token = self._api.llama_sampler_sample(sampler, self._ctx, -1)
                if not first_token_at:
                    first_token_at = time.perf_counter()
                if self.is_stop(token):
                    stop_reason = "stop"
                    break
                generated += 1
                for kind, text in assembler.feed(self.piece(token)):
                    yield StreamEvent(kind, text)
                if generated >= limit:
                    break  # the last token is not decoded: nothing would sample from its logits
                self._decode_one(token)
        finally:
            self._api.llama_sampler_free(sampler)
        for kind, text in assembler.finish():
            yield StreamEvent(kind, text)
        finished = time.perf_counter()
        stats = GenerationStats(
            prompt_tokens=len(tokens),
            completion_tokens=generated,
            seconds=finished - started,
            time_to_first_token=(first_token_at or finished) - started,
            stop_reason=stop_reason,  # type: ignore[arg-type]
            dropped_turns=dropped,
        )
        yield StreamEvent("done", stats=stats)

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        think: bool = False,
        cancel: threading.Event | None = None,
        sampling: SamplingSettings | None = None,
    ) -> ChatResult:
        """The whole reply at once."""
        return collect_reply(
            self.stream_chat(messages, max_tokens=max_tokens, think=think, cancel=cancel, sampling=sampling)
        )

    def reset(self) -> None:
        """Forget the KV cache (after an interrupted reply the cached tokens may not match the history)."""
        self._forget_kv()

    def close(self) -> None:
        self._llm.close()

    def __enter__(self) -> LlamaEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
