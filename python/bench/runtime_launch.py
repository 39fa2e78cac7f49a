"""What the Python runtime costs: host time per launch on a tiny problem, and achieved bandwidth on a large one,
for the test vector_add through tessera next to torch's own add. gpu/tests comes from $TESSERA_GPU_DIR when set."""
import os
import statistics
import time
from pathlib import Path

import torch

import tessera
from tessera.bench import bandwidth, copy_bandwidth, median_ms, print_table

GPU_DIR = Path(os.environ.get("TESSERA_GPU_DIR", Path(__file__).resolve().parents[2] / "gpu"))
mod = tessera.load(GPU_DIR / "tests" / "test_kernels.json")


def host_us_per_call(fns, calls=200, rounds=15):
    """Host time to issue one call of each of `fns`: the median of `rounds` timed loops of `calls` calls, the
    functions taking turns, so that a slow stretch of the machine falls on all of them. Each loop is queued behind
    a GPU sleep longer than the loop: no call waits for the GPU (a tiny kernel back to back runs at about one per
    3 us, which a loop of fast launches would otherwise measure), and `calls` stays well inside the launch queue.
    A loop that outlasted its sleep is timed again behind a longer one."""
    sleep = getattr(torch.cuda, "_sleep", None)
    times = [[] for _ in fns]
    for _ in range(rounds):
        for fn, t in zip(fns, times):
            cycles = 20_000_000  # ~10 ms at 2 GHz
            while True:
                fn()
                torch.cuda.synchronize()
                if sleep:
                    sleep(cycles)
                t0 = time.perf_counter()
                for _ in range(calls):
                    fn()
                t1 = time.perf_counter()
                busy = not torch.cuda.current_stream().query()  # the sleep still ran: no call waited for the GPU
                torch.cuda.synchronize()
                if busy or not sleep:
                    break
                cycles *= 4
            t.append((t1 - t0) / calls * 1e6)
    return [statistics.median(t) for t in times]


rows = []
for n in (1024, 1 << 26):
    x, y = torch.randn(2, n, device="cuda")
    z = torch.empty(n, device="cuda")
    grid = (n + 255) // 256
    ours = lambda: mod.vector_add[grid](x, y, z, n)
    theirs = lambda: torch.add(x, y, out=z)
    ours()
    torch.cuda.synchronize()
    assert torch.equal(z, x + y)
    host = ["-", "-"]
    if n <= 1024:
        prepared = mod.vector_add.prepare(grid, x, y, z, n)
        host = host_us_per_call([ours, theirs, prepared])
    for i, (name, fn) in enumerate((("tessera vector_add", ours), ("torch.add", theirs))):
        ms = median_ms(fn)
        rows.append([name, n, host[i], ms * 1e3, bandwidth(3 * 4 * n, ms) / 1e12])
    if n <= 1024:
        rows.append(["tessera vector_add, prepared", n, host[2], "-", "-"])
peak = copy_bandwidth() / 1e12
print_table(["what", "n (f32)", "host us/launch", "median us", "TB/s"], rows,
            title=f"runtime launch cost and vector_add bandwidth (copy peak {peak:.2f} TB/s)")
tiny = {r[0]: r[2] for r in rows if r[1] == 1024}
large = {r[0]: r[4] for r in rows if r[1] == 1 << 26}
print(f"SUMMARY: host launch cost {tiny['tessera vector_add']:.1f} us (tessera) vs {tiny['torch.add']:.1f} us "
      f"(torch.add), {tiny['tessera vector_add, prepared']:.1f} us prepared; vector_add on 2^26 f32 at "
      f"{large['tessera vector_add']:.2f} TB/s, copy peak {peak:.2f}")
