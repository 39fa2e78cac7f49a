"""What the Python runtime costs: host time per launch on a tiny problem, and achieved bandwidth on a large one,
for the test vector_add through tessera next to torch's own add."""
import time
from pathlib import Path

import torch

import tessera
from tessera.bench import bandwidth, copy_bandwidth, median_ms, print_table

mod = tessera.load(Path(__file__).resolve().parents[2] / "gpu" / "tests" / "test_kernels.json")


def host_us_per_call(fn, iters=2000):
    """Host time to issue one call; the tiny kernel finishes faster than Python issues the next one."""
    fn()
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(iters):
        fn()
    t1 = time.perf_counter()
    torch.cuda.synchronize()
    return (t1 - t0) / iters * 1e6


rows = []
for n in (1024, 1 << 26):
    x, y = torch.randn(2, n, device="cuda")
    z = torch.empty(n, device="cuda")
    ours = lambda: mod.vector_add[(n + 255) // 256](x, y, z, n)
    theirs = lambda: torch.add(x, y, out=z)
    ours()
    torch.cuda.synchronize()
    assert torch.equal(z, x + y)
    for name, fn in (("tessera vector_add", ours), ("torch.add", theirs)):
        ms = median_ms(fn)
        rows.append([name, n, host_us_per_call(fn) if n <= 1024 else "-", ms * 1e3,
                     bandwidth(3 * 4 * n, ms) / 1e12])
peak = copy_bandwidth() / 1e12
print_table(["what", "n (f32)", "host us/launch", "median us", "TB/s"], rows,
            title=f"runtime launch cost and vector_add bandwidth (copy peak {peak:.2f} TB/s)")
tiny = {r[0]: r[2] for r in rows if r[1] == 1024}
large = {r[0]: r[4] for r in rows if r[1] == 1 << 26}
print(f"SUMMARY: host launch cost {tiny['tessera vector_add']:.1f} us (tessera) vs {tiny['torch.add']:.1f} us "
      f"(torch.add); vector_add on 2^26 f32 at {large['tessera vector_add']:.2f} TB/s, copy peak {peak:.2f}")
