"""Memory-fit preflight: will this GGUF at this context fit, before llama.cpp touches it?

required = weights (tensor bytes in the file) + KV cache (f16 K and V for every layer and context slot)
         + compute buffers (llama.cpp's scheduler reserve: the larger of the logits of one micro-batch and,
           without flash attention, the K*Q scores of one micro-batch, plus activations)
         + a fixed runtime overhead,
checked against the model memory (available RAM, unified memory or free VRAM) less a safety margin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from oyster_edge.errors import NotEnoughMemory
from oyster_edge.fsutil import human_bytes
from oyster_edge.runtime.gguf_info import GGUFInfo

KV_BYTES_PER_ELEMENT = 2  # llama.cpp's default f16 K and V cache
F32 = 4
MICRO_BATCH = 512  # llama.cpp's default n_ubatch, which the compute buffers are reserved for
RUNTIME_OVERHEAD_BYTES = 48 << 20  # llama.cpp context, thread pool, tokenizer tables
SAFETY_FRACTION = 0.10  # leave this share of the available memory to the rest of the machine
CONTEXT_STEP = 256
MIN_CONTEXT = 512
DEFAULT_MAX_CONTEXT = 8192  # beyond this a chat gains little and costs memory and prompt time
PREFERRED_CONTEXT = 4096
FLOOR_CONTEXT = 2048


@dataclass(frozen=True)
class MemoryEstimate:
    n_ctx: int
    weight_bytes: int
    kv_cache_bytes: int
    compute_bytes: int
    overhead_bytes: int
    available_bytes: int
    memory_source: str

    @property
    def required_bytes(self) -> int:
        return self.weight_bytes + self.kv_cache_bytes + self.compute_bytes + self.overhead_bytes

    @property
    def usable_bytes(self) -> int:
        return int(self.available_bytes * (1 - SAFETY_FRACTION))

    @property
    def fits(self) -> bool:
        return self.required_bytes <= self.usable_bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "fits": self.fits,
            "n_ctx": self.n_ctx,
            "required_bytes": self.required_bytes,
            "available_bytes": self.available_bytes,
            "usable_bytes": self.usable_bytes,
            "safety_fraction": SAFETY_FRACTION,
            "weight_bytes": self.weight_bytes,
            "kv_cache_bytes": self.kv_cache_bytes,
            "compute_bytes": self.compute_bytes,
            "overhead_bytes": self.overhead_bytes,
            "memory_source": self.memory_source,
        }

    def summary(self) -> str:
        return (
            f"needs {human_bytes(self.required_bytes)} (weights {human_bytes(self.weight_bytes)} + "
            f"KV cache {human_bytes(self.kv_cache_bytes)} at {self.n_ctx} tokens + compute "
            f"{human_bytes(self.compute_bytes + self.overhead_bytes)}), {self.memory_source} is "
            f"{human_bytes(self.available_bytes)} of which {human_bytes(self.usable_bytes)} is usable "
            f"after a {SAFETY_FRACTION:.0%} safety margin"
        )


def kv_cache_bytes(info: GGUFInfo, n_ctx: int) -> int:
    per_token = info.layers * info.kv_heads * (info.head_dim_k + info.head_dim_v) * KV_BYTES_PER_ELEMENT
    return per_token * n_ctx


def compute_bytes(info: GGUFInfo, n_ctx: int, flash_attn: bool) -> int:
    """llama.cpp reserves one graph's buffers for a full micro-batch; its allocator reuses memory, so the
    logits of the batch and the attention scores (K*Q for every head plus the mask, without flash
    attention) do not add up: the larger one counts, plus the per-token activations."""
    batch = min(MICRO_BATCH, n_ctx)
    logits = batch * info.vocab_size * F32
    scores = batch * n_ctx * 2 if flash_attn else batch * n_ctx * (info.heads + 1) * F32
    activations = batch * (info.embedding_length + info.feed_forward_length) * F32 * 2
    return max(logits, scores) + activations


def estimate_memory(
    info: GGUFInfo, n_ctx: int, available_bytes: int, memory_source: str, flash_attn: bool = False
) -> MemoryEstimate:
    return MemoryEstimate(
        n_ctx=n_ctx,
        weight_bytes=info.weight_bytes,
        kv_cache_bytes=kv_cache_bytes(info, n_ctx),
        compute_bytes=compute_bytes(info, n_ctx, flash_attn),
        overhead_bytes=RUNTIME_OVERHEAD_BYTES,
        available_bytes=available_bytes,
        memory_source=memory_source,
    )


def largest_fitting_context(info: GGUFInfo, ceiling: int, available_bytes: int, flash_attn: bool = False) -> int | None:
    """The largest context (a multiple of 256, at most `ceiling`) that fits, or None below MIN_CONTEXT."""
    ceiling = min(ceiling, info.context_length)
    candidates = [ceiling] + list(range(ceiling - ceiling % CONTEXT_STEP, MIN_CONTEXT - 1, -CONTEXT_STEP))
    for n_ctx in candidates:
        if n_ctx >= min(MIN_CONTEXT, ceiling) and estimate_memory(info, n_ctx, available_bytes, "", flash_attn).fits:
            return n_ctx
    return None


def default_context(info: GGUFInfo) -> int:
    return min(DEFAULT_MAX_CONTEXT, info.context_length)


def context_floors(info: GGUFInfo) -> tuple[int, ...]:
    """Contexts to insist on, in order of preference: at least 4096, then 2048, then whatever fits."""
    return tuple(dict.fromkeys(min(f, info.context_length) for f in (PREFERRED_CONTEXT, FLOOR_CONTEXT, MIN_CONTEXT)))


def refuse(info: GGUFInfo, estimate: MemoryEstimate, advice: str) -> NotEnoughMemory:
    return NotEnoughMemory(f"{info.path.name} ({info.quant}) does not fit: {estimate.summary()}. {advice}")
