"""Importance matrices (imatrix) for llama.cpp's quantizer, computed on the HF model with torch.

For every weight that llama.cpp quantizes (attention q/k/v/o, FFN gate/up/down, an untied lm_head) we sum the
squared input activations per input channel and count the rows, exactly as llama.cpp's `llama-imatrix`
(tools/imatrix/imatrix.cpp: `in_sum2` and `counts`); the quantizer weighs its rounding error by in_sum2/counts.
Calibrating on Oy1's safety conversations makes the quantizer protect the channels those conversations use.
The file format is llama.cpp's imatrix GGUF, so `llama-quantize --imatrix` accepts ours and we accept theirs.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from oyster_edge.convert.source import ModelSource
from oyster_edge.errors import OysterError
from oyster_edge.fsutil import atomic_output, sha256_file

KV_DATASETS = "imatrix.datasets"
KV_CHUNK_COUNT = "imatrix.chunk_count"
KV_CHUNK_SIZE = "imatrix.chunk_size"
SUM_SUFFIX = ".in_sum2"
COUNT_SUFFIX = ".counts"
# HF projections that become quantized GGUF matrices (embeddings are looked up, not multiplied: no imatrix).
QUANTIZED_PROJECTIONS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
CHAT_TEMPLATE_FILE = "chat_template.jinja"


@dataclass
class Imatrix:
    """Per tensor: summed squared activations, shape (n_mat, n_in), and rows seen, shape (n_mat,)."""

    sums: dict[str, np.ndarray]
    counts: dict[str, np.ndarray]
    datasets: list[str] = field(default_factory=list)
    chunk_count: int = 0
    chunk_size: int = 0

    @property
    def token_count(self) -> int:
        return int(max((float(c.max()) for c in self.counts.values()), default=0))

    def values(self, name: str) -> np.ndarray:
        """What the quantizer weighs with: the mean squared activation (1 where a matrix saw no rows)."""
        sums, counts = self.sums[name], self.counts[name]
        safe = np.where(counts > 0, counts, 1.0)[:, None]
        return np.where(counts[:, None] > 0, sums / safe, 1.0).astype(np.float32).reshape(-1)


# ---------------------------------------------------------------- calibration text


def model_chat_template(folder: Path) -> str | None:
    """The model's own chat template: chat_template.jinja, else tokenizer_config.json's chat_template."""
    import json

    jinja = folder / CHAT_TEMPLATE_FILE
    if jinja.exists():
        return jinja.read_text(encoding="utf-8")
    config_path = folder / "tokenizer_config.json"
    if not config_path.exists():
        return None
    template = json.loads(config_path.read_text(encoding="utf-8")).get("chat_template")
    if isinstance(template, list):  # [{"name": "default", "template": ...}, ...]
        template = next((t.get("template") for t in template if t.get("name") == "default"), None)
    return template if isinstance(template, str) else None


def render_conversations(conversations: list[Any], template: str | None, bos: str = "", eos: str = "") -> list[str]:
    """Conversations rendered with the chat template (thinking off); plain strings pass through."""
    from oyster_edge.chat_template import render_chat

    texts = []
    for sample in conversations:
        if isinstance(sample, str):
            texts.append(sample)
        elif template:
            texts.append(render_chat(template, sample, add_generation_prompt=False, bos_token=bos, eos_token=eos,
                                     enable_thinking=False))
        else:
            texts.append("\n\n".join(f"{m['role']}: {m['content']}" for m in sample))
    return texts


def token_chunks(tokenizer: Any, texts: list[str], seq_len: int, max_tokens: int) -> list[list[int]]:
    """The texts tokenized, concatenated and cut into seq_len chunks, at most max_tokens in all."""
    if seq_len < 8 or max_tokens < seq_len:
        raise OysterError(f"--seq-len {seq_len} must be >= 8 and --calibration-tokens {max_tokens} >= --seq-len")
    ids: list[int] = []
    for text in texts:
        ids.extend(tokenizer(text, add_special_tokens=False)["input_ids"])
        if len(ids) >= max_tokens:
            break
    ids = ids[:max_tokens]
    chunks = [ids[start:start + seq_len] for start in range(0, len(ids), seq_len)]
    chunks = [chunk for chunk in chunks if len(chunk) >= 8]
    if not chunks:
        raise OysterError("the calibration text is shorter than 8 tokens; give a --calibration file with more text")
    return chunks


# ---------------------------------------------------------------- computing


def gguf_names(source: ModelSource) -> dict[str, str]:
    """HF module name (model.layers.0.self_attn.q_proj) -> GGUF tensor name (blk.0.attn_q.weight)."""
    import gguf

    from oyster_edge.convert.to_gguf import GGUF_ARCH

    name_map = gguf.get_tensor_name_map(GGUF_ARCH[source.architecture], int(source.config["num_hidden_layers"]))
    tied = bool(source.config.get("tie_word_embeddings", False))
    names = {}
    for hf_name in source.tensors:
        module = hf_name.removesuffix(".weight")
        quantized = module.rsplit(".", 1)[-1] in QUANTIZED_PROJECTIONS or (module == "lm_head" and not tied)
        if hf_name.endswith(".weight") and quantized:
            gguf_name = name_map.get_name(hf_name, try_suffixes=(".weight", ".bias"))
            if gguf_name is None:
                raise OysterError(f"tensor {hf_name} of {source.architecture} has no GGUF name; is it intact?")
            names[module] = gguf_name
    return names


def compute_imatrix(
    source: ModelSource,
    texts: list[str],
    *,
    seq_len: int = 512,
    max_tokens: int = 32768,
    datasets: list[str] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Imatrix:
    """Run the texts through the HF model (torch, CPU) and collect llama.cpp's imatrix statistics.

    on_progress(done_chunks, total_chunks) is called after every chunk.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(source.path)
    chunks = token_chunks(tokenizer, texts, seq_len, max_tokens)
    model = AutoModelForCausalLM.from_pretrained(source.path, dtype=torch.float32)
    model.eval()
    names = gguf_names(source)
    sums: dict[str, torch.Tensor] = {}
    counts: dict[str, int] = {}

    def hook(gguf_name: str) -> Callable[[Any, tuple[Any, ...]], None]:
        def collect(_module: Any, inputs: tuple[Any, ...]) -> None:
            rows = inputs[0].detach().reshape(-1, inputs[0].shape[-1]).to(torch.float64)
            squared = rows.square().sum(dim=0)
            sums[gguf_name] = sums[gguf_name] + squared if gguf_name in sums else squared
            counts[gguf_name] = counts.get(gguf_name, 0) + rows.shape[0]
        return collect

    modules = dict(model.named_modules())
    missing = [name for name in names if not isinstance(modules.get(name), torch.nn.Linear)]
    if missing:
        raise OysterError(f"{source.name}: no linear layer {missing[0]} in the loaded model; is the checkpoint intact?")
    decoder = model.get_decoder()
    handles = [modules[module].register_forward_pre_hook(hook(gguf_name))
               for module, gguf_name in names.items() if module != "lm_head"]
    try:
        with torch.inference_mode():
            for done, chunk in enumerate(chunks, 1):
                # The decoder alone: the vocabulary projection is the costliest matmul and we only need its input.
                hidden = decoder(input_ids=torch.tensor([chunk]), use_cache=False).last_hidden_state
                if "lm_head" in names:
                    hook(names["lm_head"])(None, (hidden,))
                if on_progress:
                    on_progress(done, len(chunks))
    finally:
        for handle in handles:
            handle.remove()
    return Imatrix(
        sums={name: value.numpy().astype(np.float32)[None, :] for name, value in sums.items()},
        counts={name: np.array([count], dtype=np.float32) for name, count in counts.items()},
        datasets=list(datasets or []),
        chunk_count=len(chunks),
        chunk_size=seq_len,
    )


# ---------------------------------------------------------------- llama.cpp's imatrix GGUF


def write_imatrix(imatrix: Imatrix, path: Path) -> None:
    """Write llama.cpp's imatrix GGUF (as llama-imatrix does), whole or not at all."""
    import gguf

    with atomic_output(path) as tmp:
        writer = gguf.GGUFWriter(tmp, arch="imatrix")
        writer.add_type("imatrix")
        writer.add_array(KV_DATASETS, list(imatrix.datasets))
        writer.add_uint32(KV_CHUNK_COUNT, imatrix.chunk_count)
        writer.add_uint32(KV_CHUNK_SIZE, imatrix.chunk_size)
        for name in sorted(imatrix.sums):
            # numpy (n_mat, n_in) is ggml's ne = (n_in, n_mat); counts are ne = (1, n_mat).
            writer.add_tensor(name + SUM_SUFFIX, np.ascontiguousarray(imatrix.sums[name], dtype=np.float32))
            writer.add_tensor(name + COUNT_SUFFIX, imatrix.counts[name].astype(np.float32).reshape(-1, 1))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()


def read_imatrix(path: Path) -> Imatrix:
    """Read an imatrix GGUF (ours or llama-imatrix's); a legacy .dat imatrix is refused."""
    import gguf

    if not path.is_file():
        raise OysterError(f"imatrix file {path} does not exist")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != b"GGUF":
        raise OysterError(
            f"{path} is not an imatrix GGUF (a legacy .dat imatrix or another file); convert a .dat with "
            "`llama-imatrix --in-file FILE.dat -o FILE.gguf` or compute one with `oyster-edge imatrix`"
        )
    try:
        reader = gguf.GGUFReader(path)
        tensors = {tensor.name: np.array(tensor.data, dtype=np.float32) for tensor in reader.tensors}
        # The tensors' data is needed here, so gguf's own reader (an imatrix has no vocabulary to index).
        datasets = _contents(reader, KV_DATASETS) or []
        chunk_count = int(_contents(reader, KV_CHUNK_COUNT) or 0)
        chunk_size = int(_contents(reader, KV_CHUNK_SIZE) or 0)
    except (ValueError, KeyError, IndexError, OSError, TypeError) as exc:
        raise OysterError(f"{path} is a damaged GGUF ({exc}); compute the imatrix again") from exc
    return _assemble(path, tensors, [str(d) for d in datasets], chunk_count, chunk_size)


def _contents(reader: Any, key: str) -> Any:
    found = reader.get_field(key)
    return None if found is None else found.contents()


def _assemble(path: Path, tensors: dict[str, np.ndarray], datasets: list[str], chunk_count: int,
              chunk_size: int) -> Imatrix:
    sums = {name.removesuffix(SUM_SUFFIX): data for name, data in tensors.items() if name.endswith(SUM_SUFFIX)}
    counts = {name.removesuffix(COUNT_SUFFIX): data.reshape(-1) for name, data in tensors.items()
              if name.endswith(COUNT_SUFFIX)}
    if not sums or sums.keys() != counts.keys():
        raise OysterError(f"{path} holds no matching .in_sum2/.counts tensor pairs; it is not a llama.cpp imatrix")
    for name, data in sums.items():
        n_mat = counts[name].size
        if data.size % n_mat:
            raise OysterError(f"{path}: {name}.in_sum2 has {data.size} values for {n_mat} matrices; file is damaged")
        sums[name] = data.reshape(n_mat, -1)
        if not (np.isfinite(sums[name]).all() and np.isfinite(counts[name]).all()):
            raise OysterError(f"{path}: {name} holds non-finite values; compute the imatrix again")
    return Imatrix(sums, counts, datasets, chunk_count, chunk_size)


# ---------------------------------------------------------------- handing it to the quantizer


def quantizer_array(imatrix: Imatrix) -> ctypes.Array:
    """A llama_model_imatrix_data array ending with a {NULL, NULL, 0} entry, as llama_model_quantize reads it.

    Assigning the ctypes buffers to the struct fields makes the array keep them alive (ctypes' _objects).
    """
    import llama_cpp

    names = sorted(imatrix.sums)
    array = (llama_cpp.llama_model_imatrix_data * (len(names) + 1))()
    for entry, name in zip(array, names, strict=False):
        values = imatrix.values(name)
        buffer = (ctypes.c_float * values.size).from_buffer_copy(values.tobytes())
        entry.name = name.encode()
        entry.data = buffer
        entry.size = values.size
    array[len(names)].name = None
    array[len(names)].size = 0
    return array


def imatrix_info(path: Path, imatrix: Imatrix) -> dict[str, object]:
    return {
        "path": str(path),
        "sha256": sha256_file(path),
        "datasets": list(imatrix.datasets),
        "entries_count": len(imatrix.sums),
        "chunk_count": imatrix.chunk_count,
        "chunk_size": imatrix.chunk_size,
        "token_count": imatrix.token_count,
    }


def load_imatrix_for_quantizer(path: Path) -> tuple[ctypes.Array, dict[str, object]]:
    """(the array for quantize_gguf's imatrix=, the manifest's "imatrix" record) for an imatrix GGUF."""
    imatrix = read_imatrix(path)
    return quantizer_array(imatrix), imatrix_info(path, imatrix)
