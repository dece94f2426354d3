"""Helpers of the runtime tests (a uniquely named module: `from conftest import` breaks across test folders)."""

from __future__ import annotations

from pathlib import Path

from oyster_edge.runtime.engine import GREEDY, LlamaEngine

TEST_THREADS = 1


def open_test_engine(model: Path, n_ctx: int, system_prompt: str | None = None) -> LlamaEngine:
    from oyster_edge.runtime.hardware import detect_hardware
    from oyster_edge.runtime.plan import plan_model

    hw = detect_hardware()
    return LlamaEngine(
        plan_model(model, hw, n_ctx), hw, system_prompt=system_prompt, sampling=GREEDY, threads=TEST_THREADS
    )


def rewrite_gguf(src: Path, dst: Path, overrides: dict[str, str], architecture: str | None = None) -> Path:
    """Copy a GGUF with some string metadata replaced (all other KV pairs and tensors as they were);
    `architecture` renames the architecture and its key prefix."""
    import gguf

    reader = gguf.GGUFReader(str(src))
    old_arch = reader.fields[gguf.Keys.General.ARCHITECTURE].contents()
    arch = architecture or old_arch
    writer = gguf.GGUFWriter(str(dst), arch=arch, endianess=reader.endianess)
    for field in reader.fields.values():
        if field.name == gguf.Keys.General.ARCHITECTURE or field.name.startswith("GGUF."):
            continue
        value_type = field.types[0]
        sub_type = field.types[-1] if value_type == gguf.GGUFValueType.ARRAY else None
        value = overrides.get(field.name, field.contents())
        name = arch + field.name[len(old_arch) :] if field.name.startswith(f"{old_arch}.") else field.name
        writer.add_key_value(name, value, value_type, sub_type=sub_type)
    for tensor in reader.tensors:
        writer.add_tensor_info(
            tensor.name, tensor.data.shape, tensor.data.dtype, tensor.data.nbytes, tensor.tensor_type
        )
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for tensor in reader.tensors:
        writer.write_tensor_data(tensor.data, tensor_endianess=reader.endianess)
    writer.close()
    return dst
