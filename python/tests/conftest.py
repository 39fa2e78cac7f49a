"""Fixtures for the runtime tests. GPU tests skip where torch has no CUDA device or gpu/ was not prepared
(utils/prepare_gpu.sh), except under TESSERA_REQUIRE_GPU=1 (utils/gpu_check.sh), where a skip would hide a
broken GPU machine, so they fail instead."""
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))
GPU_DIR = Path(os.environ.get("TESSERA_GPU_DIR", REPO / "gpu"))
REQUIRE_GPU = os.environ.get("TESSERA_REQUIRE_GPU") == "1"


def unavailable(reason: str):
    if REQUIRE_GPU:
        pytest.fail(f"{reason} (TESSERA_REQUIRE_GPU=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def torch():
    try:
        import torch
    except ImportError:
        unavailable("torch is not installed")
    if not torch.cuda.is_available():
        unavailable("torch sees no CUDA device")
    return torch


@pytest.fixture(scope="session")
def kernels_json(torch) -> Path:
    path = GPU_DIR / "tests" / "test_kernels.json"
    if not (path.exists() and path.with_suffix(".ptx").exists()):
        unavailable(f"{path} or its PTX is missing: run utils/prepare_gpu.sh")
    return path


@pytest.fixture(scope="session")
def mod(kernels_json):
    import tessera

    return tessera.load(kernels_json)


@pytest.fixture
def gen(torch):
    """A fresh, differently seeded generator per test: inputs are random, never zeros, never the same twice."""
    return torch.Generator(device="cuda").manual_seed(int.from_bytes(os.urandom(4), "little"))


_prepared: dict[Path, object] = {}


def load_prepared(directory: Path, name: str, script: str):
    """The module `directory`/NAME.json that a test script compiled here (`python3 python/tests/SCRIPT`), loaded
    once. A specialisation the compiler failed on (NAME.compile_error) fails with the compiler's output."""
    err = directory / f"{name}.compile_error"
    if err.exists():
        pytest.fail(f"the compiler failed on {name}:\n{err.read_text()}")
    path = directory / f"{name}.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: run python3 python/tests/{script} first")
    if path not in _prepared:
        import tessera

        _prepared[path] = tessera.load(path)
    return _prepared[path]
