"""tile.barrier on a GPU (kernels/test_barrier.mlir.in): a write by one warp, read by another after the barrier.

Each program owns 32 * WARPS int32 slots; every round each thread writes its slot and, after a barrier, reads
the slot of a thread in another warp (slot N - 1 - i), counting reads that missed this round's value; a second
barrier ends the round. With the barrier every count must be 0 and the slots must end holding the last round's
values. The same kernel without the barriers (SYNC empty) must miss some reads, which shows the check can fail
on this GPU: without that, a barrier lowered to nothing could pass.

Prepare the PTX here (no GPU needed), then run on the GPU machine:
    python3 python/tests/test_barrier_gpu.py          # -> $TESSERA_GPU_DIR/barrier/NAME.{ptx,json} (TESSERA_COMPILE
                                                      #    overrides the compiler, default build/bin/tessera-compile)
    PYTHONPATH=python python3 -m pytest -q python/tests/test_barrier_gpu.py
The slots start as random values (never a round's value), the counts as -1.
"""
import os
import sys
from pathlib import Path

import pytest
from conftest import compile_specs, load_prepared

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))
BARRIER_DIR = Path(os.environ.get("TESSERA_GPU_DIR", REPO / "gpu")) / "barrier"
SOURCE = REPO / "kernels" / "test_barrier.mlir.in"
SEED = int(os.environ.get("TESSERA_TEST_SEED", int.from_bytes(os.urandom(4), "little")))

# name: (WARPS, SYNC)
SPECS = {
    "w4": (4, "tile.barrier"),
    "w8": (8, "tile.barrier"),
    "w8_nosync": (8, ""),
}


def compile_all(compiler=None):
    return compile_specs(BARRIER_DIR, [(name, SOURCE, {"WARPS": warps, "N": 32 * warps, "SYNC": sync})
                                       for name, (warps, sync) in SPECS.items()], compiler)


def run(torch, name, programs, rounds):
    warps, _ = SPECS[name]
    n = 32 * warps
    mod = load_prepared(BARRIER_DIR, name, "test_barrier_gpu.py")
    g = torch.Generator(device="cuda").manual_seed(SEED)
    # Random slots at or above every round's values, so no stale slot passes for a fresh write.
    buf = torch.randint(rounds * n, 1 << 30, (programs * n,), dtype=torch.int32, device="cuda", generator=g)
    missed = torch.full((programs * n,), -1, dtype=torch.int32, device="cuda")
    mod.exchange[(programs,)](buf, missed, rounds)
    torch.cuda.synchronize()
    return buf.view(programs, n), missed.view(programs, n), n


@pytest.mark.parametrize("name", ["w4", "w8"])
def test_reads_after_the_barrier_see_the_writes(torch, name):
    programs, rounds = 264, 200
    buf, missed, n = run(torch, name, programs, rounds)
    assert bool((missed >= 0).all()), f"{name}: counts not written (seed {SEED})"
    bad = int((missed != 0).sum())
    assert bad == 0, f"{name}: {bad} threads read a stale slot, {int(missed.sum())} reads in all (seed {SEED})"
    last = (rounds - 1) * n + torch.arange(n, dtype=torch.int32, device="cuda")
    assert torch.equal(buf, last.expand(programs, n)), f"{name}: slots after the last round (seed {SEED})"


def test_without_the_barrier_reads_race(torch):
    """The check above can fail here: without barriers, warps run ahead and some reads miss the write."""
    programs, rounds = 264, 200
    _, missed, _ = run(torch, "w8_nosync", programs, rounds)
    assert bool((missed >= 0).all())
    assert int(missed.sum()) > 0, f"no read missed a write without barriers (seed {SEED})"


if __name__ == "__main__":
    sys.exit(1 if compile_all() else 0)
