"""What this machine offers a model: cores, memory, and whether llama.cpp can offload to a GPU."""

from __future__ import annotations

import platform
import shutil
import subprocess
from dataclasses import asdict, dataclass
from typing import Any, Literal

import psutil

GpuBackend = Literal["metal", "cuda", "none"]


@dataclass(frozen=True)
class GpuInfo:
    name: str
    total_bytes: int
    free_bytes: int


@dataclass(frozen=True)
class HardwareProfile:
    os: str
    arch: str
    physical_cores: int
    logical_cores: int
    total_ram_bytes: int
    available_ram_bytes: int
    unified_memory: bool
    gpu_offload: bool
    gpu_backend: GpuBackend
    gpus: tuple[GpuInfo, ...] = ()

    @property
    def model_memory_bytes(self) -> int:
        """Memory a fully offloaded model can use: VRAM on a CUDA build, else (unified) system RAM."""
        if self.gpu_backend == "cuda" and self.gpus:
            return self.gpus[0].free_bytes
        return self.available_ram_bytes

    @property
    def model_memory_source(self) -> str:
        if self.gpu_backend == "cuda" and self.gpus:
            return f"free GPU memory on {self.gpus[0].name}"
        return "available unified memory" if self.unified_memory else "available RAM"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["model_memory_bytes"] = self.model_memory_bytes
        data["model_memory_source"] = self.model_memory_source
        return data


def is_apple_silicon() -> bool:
    return platform.system() == "Darwin" and platform.machine() in ("arm64", "aarch64")


def llama_gpu_offload() -> bool:
    import llama_cpp

    return bool(llama_cpp.llama_supports_gpu_offload())


def _gpu_backend(offload: bool) -> GpuBackend:
    if not offload:
        return "none"
    return "metal" if platform.system() == "Darwin" else "cuda"


def parse_nvidia_smi(csv_text: str) -> tuple[GpuInfo, ...]:
    """Parse `nvidia-smi --query-gpu=name,memory.total,memory.free --format=csv,noheader,nounits` (MiB)."""
    gpus = []
    for line in csv_text.strip().splitlines():
        parts = [p.strip() for p in line.rsplit(",", 2)]
        if len(parts) != 3:
            continue
        try:
            gpus.append(GpuInfo(parts[0], int(float(parts[1])) << 20, int(float(parts[2])) << 20))
        except ValueError:
            continue
    return tuple(gpus)


def nvidia_gpus() -> tuple[GpuInfo, ...]:
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return ()
    query = [exe, "--query-gpu=name,memory.total,memory.free", "--format=csv,noheader,nounits"]
    try:
        done = subprocess.run(query, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return ()
    return parse_nvidia_smi(done.stdout)


def _unified_gpu(total: int, available: int) -> tuple[GpuInfo, ...]:
    return (GpuInfo(f"Apple {platform.machine()} GPU (unified memory)", total, available),)


def detect_hardware(max_memory: int | None = None) -> HardwareProfile:
    """Profile this machine; `max_memory` (bytes) replaces what it reports as available for models."""
    memory = psutil.virtual_memory()
    offload = llama_gpu_offload()
    backend = _gpu_backend(offload)
    unified = is_apple_silicon()
    available = int(memory.available)
    gpus = _unified_gpu(int(memory.total), available) if unified else nvidia_gpus()
    if max_memory is not None:
        available = max_memory
        gpus = tuple(GpuInfo(g.name, g.total_bytes, min(g.free_bytes, max_memory)) for g in gpus)
    return HardwareProfile(
        os=f"{platform.system()} {platform.release()}",
        arch=platform.machine(),
        physical_cores=psutil.cpu_count(logical=False) or psutil.cpu_count() or 1,
        logical_cores=psutil.cpu_count() or 1,
        total_ram_bytes=int(memory.total),
        available_ram_bytes=available,
        unified_memory=unified,
        gpu_offload=offload,
        gpu_backend=backend,
        gpus=gpus,
    )
