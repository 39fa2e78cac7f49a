"""tile.atomic_rmw / tile.atomic_cas on a GPU: kernels/test_atomics.mlir.in, specialised as SPECS.

Prepare the PTX here (no GPU needed), then run on the GPU machine:
    python3 python/tests/test_atomics_gpu.py         # -> gpu/atomics/NAME.{ptx,json} (TESSERA_COMPILE overrides
                                                     #    the compiler, default build/bin/tessera-compile)
    PYTHONPATH=python python3 -m pytest -q python/tests/test_atomics_gpu.py

- ticket: a scalar atomic add of 1 by N programs: the old values are a permutation of 0..N-1, and every thread of
  a program holds the same old value (each thread's splat copy is stored and compared);
- hist: an exact histogram against torch.bincount, a scalar 1 added through a tensor of pointers; out-of-range
  lanes and ids of -1 are masked off and change nothing;
- bcast: a tensor atomic add whose result layout holds each of 16 elements in 16 threads; every thread's copy is
  stored: all equal per element, and per element the programs' old values are a permutation of 0..N-1;
- cas: 16-, 32- and 64-bit compare-and-swap: where x == cmp, x becomes val; old == x before.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))
ATOMICS_DIR = Path(os.environ.get("TESSERA_GPU_DIR", REPO / "gpu")) / "atomics"
SOURCE = REPO / "kernels" / "test_atomics.mlir.in"
SEED = int(os.environ.get("TESSERA_TEST_SEED", int.from_bytes(os.urandom(4), "little")))

SPECS = {
    "w4_b1024_i32": {"WARPS": 4, "BLOCK": 1024, "ELEM": "i32"},
    "w1_b64_i16": {"WARPS": 1, "BLOCK": 64, "ELEM": "i16"},
    "w8_b256_i64": {"WARPS": 8, "BLOCK": 256, "ELEM": "i64"},
}


def compile_all(compiler=None):
    compiler = compiler or os.environ.get("TESSERA_COMPILE", str(REPO / "build" / "bin" / "tessera-compile"))
    ATOMICS_DIR.mkdir(parents=True, exist_ok=True)
    failed = []
    for name, d in SPECS.items():
        cmd = [compiler, str(SOURCE), *[f"-D{k}={v}" for k, v in d.items()], "--sm=90a",
               "-o", str(ATOMICS_DIR / f"{name}.ptx")]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode:
            failed.append(name)
            (ATOMICS_DIR / f"{name}.compile_error").write_text(" ".join(cmd) + "\n" + p.stdout + p.stderr)
        print(f"{name}: {'FAILED' if p.returncode else 'ok'}", file=sys.stderr)
    return failed


@pytest.fixture(scope="session")
def torch():
    try:
        import torch
    except ImportError:
        pytest.skip("torch is not installed")
    if not torch.cuda.is_available():
        if os.environ.get("TESSERA_REQUIRE_GPU") == "1":
            pytest.fail("torch sees no CUDA device (TESSERA_REQUIRE_GPU=1)")
        pytest.skip("torch sees no CUDA device")
    return torch


_modules = {}


def module(name):
    err = ATOMICS_DIR / f"{name}.compile_error"
    if err.exists():
        pytest.fail(f"the compiler failed on {name}:\n{err.read_text()}")
    path = ATOMICS_DIR / f"{name}.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: run python3 python/tests/test_atomics_gpu.py first")
    if name not in _modules:
        import tessera
        _modules[name] = tessera.load(path)
    return _modules[name]


@pytest.mark.parametrize("name", list(SPECS))
@pytest.mark.parametrize("n", [1, 7, 1000])
def test_ticket(torch, name, n):
    block = SPECS[name]["BLOCK"]
    mod = module(name)
    counter = torch.zeros(1, dtype=torch.int32, device="cuda")
    tickets = torch.full((n,), -7, dtype=torch.int32, device="cuda")
    copies = torch.full((n, block), -7, dtype=torch.int32, device="cuda")
    mod.ticket[(n,)](counter, tickets, copies)
    torch.cuda.synchronize()
    assert counter.item() == n
    assert torch.equal(torch.sort(tickets).values, torch.arange(n, dtype=torch.int32, device="cuda"))
    assert torch.equal(copies, tickets[:, None].expand(n, block)), "a thread saw another old value"


@pytest.mark.parametrize("name", list(SPECS))
@pytest.mark.parametrize("slots", [1, 3, 128, 4099, 65536])
def test_hist(torch, name, slots):
    block = SPECS[name]["BLOCK"]
    mod = module(name)
    g = torch.Generator(device="cuda").manual_seed(SEED + slots)
    n = 3 * block * 7 + 5
    ids = torch.randint(0, slots, (n,), generator=g, device="cuda", dtype=torch.int32)
    drop = torch.rand(n, generator=g, device="cuda") < 0.1
    ids = torch.where(drop, torch.full_like(ids, -1), ids)
    ids0 = ids.clone()
    guard = 64
    hist = torch.zeros(slots + guard, dtype=torch.int32, device="cuda")
    grid = (n + block - 1) // block
    mod.hist[(grid,)](ids, hist, n)
    torch.cuda.synchronize()
    ref = torch.bincount(ids[ids >= 0].long(), minlength=slots).to(torch.int32)
    assert torch.equal(hist[:slots], ref), f"seed {SEED}"
    assert torch.count_nonzero(hist[slots:]) == 0
    assert torch.equal(ids, ids0)


@pytest.mark.parametrize("name", list(SPECS))
@pytest.mark.parametrize("n", [1, 5, 333])
def test_bcast(torch, name, n):
    mod = module(name)
    ctr = torch.zeros(16 + 16, dtype=torch.int32, device="cuda")
    out = torch.full((n, 16, 32), -7, dtype=torch.int32, device="cuda")
    mod.bcast[(n,)](ctr, out)
    torch.cuda.synchronize()
    assert torch.equal(ctr[:16], torch.full((16,), n, dtype=torch.int32, device="cuda")), "one atomic per element"
    assert torch.count_nonzero(ctr[16:]) == 0
    assert torch.equal(out, out[:, :, :1].expand(n, 16, 32)), "threads holding an element disagree"
    per_elem = torch.sort(out[:, :, 0], dim=0).values
    assert torch.equal(per_elem, torch.arange(n, dtype=torch.int32, device="cuda")[:, None].expand(n, 16))


@pytest.mark.parametrize("name", list(SPECS))
@pytest.mark.parametrize("n", [1, 100, 5000])
def test_cas(torch, name, n):
    elem = SPECS[name]["ELEM"]
    block = SPECS[name]["BLOCK"]
    dt = {"i16": torch.int16, "i32": torch.int32, "i64": torch.int64}[elem]
    mod = module(name)
    g = torch.Generator(device="cuda").manual_seed(SEED + n)
    lo, hi = {"i16": (-2**15, 2**15), "i32": (-2**31, 2**31), "i64": (-2**62, 2**62)}[elem]
    x = torch.randint(lo, hi, (n,), generator=g, device="cuda", dtype=torch.int64).to(dt)
    val = torch.randint(lo, hi, (n,), generator=g, device="cuda", dtype=torch.int64).to(dt)
    hit = torch.rand(n, generator=g, device="cuda") < 0.5
    cmp = torch.where(hit, x, x ^ 1)
    x0 = x.clone()
    old = torch.full((n,), 5, dtype=dt, device="cuda")
    mod.cas[((n + block - 1) // block,)](x, cmp, val, old, n)
    torch.cuda.synchronize()
    assert torch.equal(old, x0), f"seed {SEED}"
    assert torch.equal(x, torch.where(hit, val, x0)), f"seed {SEED}"


if __name__ == "__main__":
    sys.exit(1 if compile_all() else 0)
