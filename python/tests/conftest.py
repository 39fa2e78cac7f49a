"""Fixtures for the runtime tests. GPU tests skip where torch has no CUDA device or gpu/ was not prepared
(utils/prepare_gpu.sh), except under TESSERA_REQUIRE_GPU=1 (utils/gpu_check.sh), where a skip would hide a
broken GPU machine, so they fail instead."""
import os
import subprocess
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


def compiler_path(compiler=None) -> str:
    """tessera-compile: `compiler`, else $TESSERA_COMPILE, else build/bin/tessera-compile."""
    return compiler or os.environ.get("TESSERA_COMPILE", str(REPO / "build" / "bin" / "tessera-compile"))


def compile_specs(directory: Path, specs, compiler=None, extra=()) -> list[str]:
    """Compiles every (name, source, defines) of `specs` with tessera-compile --sm=90a (and `extra` options) into
    directory/NAME.ptx and NAME.json; a failure leaves NAME.compile_error (the command and its output), which
    load_prepared reports. Returns the names that failed. Used by the test scripts' __main__ (prepare_gpu.sh)."""
    compiler = compiler_path(compiler)
    directory.mkdir(parents=True, exist_ok=True)
    failed = []
    for name, source, defines in specs:
        cmd = [compiler, str(source), *[f"-D{k}={v}" for k, v in defines.items()], "--sm=90a",
               "-o", str(directory / f"{name}.ptx"), *extra]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode:
            failed.append(name)
            (directory / f"{name}.compile_error").write_text(" ".join(cmd) + "\n" + p.stdout + p.stderr)
        print(f"{name}: {'FAILED' if p.returncode else 'ok'}", file=sys.stderr)
    return failed

