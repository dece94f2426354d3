"""Hardware profile: what it reads, and how --max-memory and a CUDA GPU change the memory for models."""

from __future__ import annotations

from oyster_edge.runtime.hardware import GpuInfo, HardwareProfile, detect_hardware, parse_nvidia_smi

GiB = 1 << 30
NVIDIA_SMI = "NVIDIA H100 80GB HBM3, 81559, 80995\nNVIDIA GeForce RTX 4090, 24564, 20000\n"


def test_parse_nvidia_smi() -> None:
    gpus = parse_nvidia_smi(NVIDIA_SMI)
    assert gpus[0] == GpuInfo("NVIDIA H100 80GB HBM3", 81559 << 20, 80995 << 20)
    assert gpus[1].name == "NVIDIA GeForce RTX 4090" and gpus[1].free_bytes == 20000 << 20
    assert parse_nvidia_smi("garbage\n") == ()


def test_this_machine() -> None:
    hw = detect_hardware()
    assert hw.physical_cores >= 1 and hw.logical_cores >= hw.physical_cores
    assert 0 < hw.available_ram_bytes <= hw.total_ram_bytes
    assert hw.gpu_backend in ("metal", "cuda", "none") and (hw.gpu_backend != "none") == hw.gpu_offload


def test_max_memory_replaces_what_the_machine_reports() -> None:
    hw = detect_hardware(max_memory=6 * GiB)
    assert hw.available_ram_bytes == 6 * GiB and hw.model_memory_bytes == 6 * GiB


def test_cuda_builds_fit_against_free_vram() -> None:
    gpu = GpuInfo("RTX", 24 * GiB, 20 * GiB)
    hw = HardwareProfile("Linux", "x86_64", 8, 16, 64 * GiB, 50 * GiB, False, True, "cuda", (gpu,))
    assert hw.model_memory_bytes == 20 * GiB and "RTX" in hw.model_memory_source
    cpu_only = HardwareProfile("Linux", "x86_64", 8, 16, 64 * GiB, 50 * GiB, False, False, "none", (gpu,))
    assert cpu_only.model_memory_bytes == 50 * GiB
