"""The kernel library side by side: Tessera's kernels vs the Triton peers (gpu/triton_peers.py: rmsnorm, softmax)
vs a straightforward PyTorch implementation, against the measured copy bandwidth, in one process.

    python3 python/bench/bench_kernels.py                  # on the GPU machine (utils/gpu_check.sh runs it)
    python3 python/bench/bench_kernels.py --compile-times  # here, on the build machine: tessera-compile --timing

Timing: triton.testing.do_bench's median (it also clears L2 before every timed call), taken in --rounds rounds
that alternate between the implementations of a case (so a drift of the GPU's clocks or temperature does not
favour whichever ran first), and the median of the rounds reported. Where one call's
data is smaller than a few times L2, every implementation cycles through several independent sets of input and
output buffers (together more than 3x L2), so no call finds its inputs in L2 left by the previous one, and is
timed as a CUDA graph of one call per set, replayed (the time per call reported): such a call takes a few
microseconds, and timing it alone between two events measured the host's launch path as much as the kernel
(readings of 5 to 17 us for a kernel the profiler put at 2.4 us).
Bytes counted (what TB/s divides): each tensor read or written once, at its size: rmsnorm x + y + w,
rmsnorm_residual x + residual (read) + residual (written) + y + w, softmax x + y, qk_norm_rope x + out + w +
positions + the cos and sin rows used (T x 64 x 4 B each). The copy bandwidth is a 1 GiB device-to-device copy,
bytes read + written (tessera.bench.copy_bandwidth). "vs Triton" is Triton's time / this time: > 1 is faster.
Before timing, each implementation's output is checked against torch's; a wrong one is marked WRONG.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))
EPS = 1e-6


# --- compile times (build machine) ----------------------------------------------------------------------------

_TIMING_ROW = re.compile(r"^\s*([0-9.]+) \(\s*[0-9.]+%\)(\s+)(.+?)\s*$")


def parse_timing(text: str) -> dict[str, float]:
    """Top-level rows of MLIR's --timing report (seconds), repeated names summed, plus the nested LLVM steps."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        m = _TIMING_ROW.match(line)
        if not m:
            continue
        secs, indent, name = float(m[1]), len(m[2]), m[3]
        if indent == 2 or re.fullmatch(r"LLVM O\d", name) or name == "NVPTX codegen":
            out[name] = out.get(name, 0.0) + secs
    return out


def _children_cpu() -> float:
    """User + system CPU seconds of the finished children: unlike wall time, it barely moves when other work
    shares the cores, and it includes start-up (loading, relocation, static constructors) and exit."""
    import resource
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def compile_times(reps: int) -> int:
    from tessera.bench import print_table

    compiler = os.environ.get("TESSERA_COMPILE", str(REPO / "build/bin/tessera-compile"))
    manifest = json.loads((REPO / "kernels/manifest.json").read_text())["kernels"]
    rows, failed = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for e in manifest:
            cmd = [compiler, str(REPO / "kernels" / e["source"]), "--sm=90a", "--timing", "-o",
                   f"{tmp}/{e['name']}.ptx"]
            for k, v in e["defines"].items():
                cmd += ["-D", f"{k}={v}"]
            runs, walls, cpus = [], [], []
            for _ in range(reps):
                t0, c0 = time.perf_counter(), _children_cpu()
                r = subprocess.run(cmd, capture_output=True, text=True)
                walls.append(time.perf_counter() - t0)
                cpus.append(_children_cpu() - c0)
                if r.returncode:
                    break
                runs.append(parse_timing(r.stdout + r.stderr))
            if not runs:
                first = next((l for l in r.stderr.splitlines() if "error:" in l), r.stderr.strip())
                failed.append(e["name"])
                rows.append([e["name"], "FAILED: " + first.split("error:", 1)[-1].strip()[:70]] + [""] * 8)
                continue
            med = lambda key: 1e3 * statistics.median(t.get(key, 0.0) for t in runs)
            # The stage is named after the optimisation level ("LLVM O2" by default).
            llvm_opt = lambda: 1e3 * statistics.median(
                sum(v for k, v in t.items() if re.fullmatch(r"LLVM O\d", k)) for t in runs)
            rows.append([e["name"], med("Total"), med("parse") + med("substitute -D"), med("TileToTileGPU"),
                         med("ConvertTileGPUToLLVM"), med("ptx"), llvm_opt(), med("NVPTX codegen"),
                         1e3 * statistics.median(walls), 1e3 * min(cpus)])
    print_table(["kernel", "total ms", "parse ms", "tile→tgpu ms", "tgpu→llvm ms", "LLVM→PTX ms", "of which LLVM O2",
                 "of which NVPTX", "process wall ms", "process CPU ms (min)"], rows,
                title=f"tessera-compile --timing --sm=90a (no ptxas), median of {reps}, {os.cpu_count()} cores")
    ok = [r for r in rows if isinstance(r[1], float)]
    if ok:
        print(f"SUMMARY: compile time (tessera-compile, no ptxas): median {statistics.median(r[1] for r in ok):.1f} ms"
              f", max {max(r[1] for r in ok):.1f} ms over {len(ok)} kernels; whole process CPU: median"
              f" {statistics.median(r[9] for r in ok):.1f} ms, max {max(r[9] for r in ok):.1f} ms;"
              f" {len(failed)} failed to compile")
    return 1 if failed else 0


# --- GPU benchmarks -------------------------------------------------------------------------------------------

class Case:
    def __init__(self, name, nbytes, make, impls, check, reset=None):
        self.name, self.nbytes, self.make, self.impls, self.check = name, nbytes, make, impls, check
        self.reset = reset or (lambda s: None)  # restores a set's inputs before the checked call


# Most buffer sets a small case cycles through (3x L2 of a 1 MB case).
MAX_SETS = 256


def graph_of_sets(torch, fn, sets):
    """A CUDA graph of fn(set) for every set in turn, warmed up on a side stream first; its replay."""
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for s in sets:
            fn(s)
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        for s in sets:
            fn(s)
    return graph.replay


def bench(torch, median_ms, cases, l2, copy_bps, rounds):
    rows, summary = [], []
    for case in cases:
        nsets = 1 if case.nbytes >= 3 * l2 else min(MAX_SETS, math.ceil(3 * l2 / case.nbytes))
        graphed = nsets > 1
        sets = [case.make() for _ in range(nsets)]
        results, timed = {}, {}
        for impl, fn in case.impls.items():
            if isinstance(fn, str):  # not available: the reason
                results[impl] = fn
                continue
            try:
                case.reset(sets[0])
                out = fn(sets[0])
                torch.cuda.synchronize()
                bad = case.check(sets[0], out)
                if bad:
                    results[impl] = f"WRONG: {bad}"
                    continue
                timed[impl] = (graph_of_sets(torch, fn, sets) if graphed
                               else (lambda fn, s0: lambda: fn(s0))(fn, sets[0]))
                results[impl] = []
            except Exception as e:  # a failure of one implementation must not hide the others
                lines = str(e).strip().splitlines() or [type(e).__name__]
                err = next((l.split("error:", 1)[1].strip() for l in lines if "error:" in l), None)
                results[impl] = (f"compile failed: {err[:90]}" if "failed to compile" in lines[0] and err
                                 else f"failed: {type(e).__name__}: {lines[0][:100]}")
        for _ in range(rounds):
            for impl, call in timed.items():
                results[impl].append(median_ms(call) / nsets if graphed else median_ms(call))
        for impl in timed:
            results[impl] = statistics.median(results[impl])
        tri = results.get("triton")
        parts = []
        for impl, r in results.items():
            if isinstance(r, float):
                tbps = case.nbytes / (r * 1e-3) / 1e12
                vs = f"{tri / r:.3f}" if isinstance(tri, float) else "-"
                rows.append([case.name, impl, f"{r * 1e3:.1f}", f"{tbps:.2f}",
                             f"{100 * tbps * 1e12 / copy_bps:.1f}%", vs])
                parts.append(f"{impl} {r * 1e3:.1f} us {tbps:.2f} TB/s {100 * tbps * 1e12 / copy_bps:.1f}% of copy"
                             + (f" {vs}x Triton" if impl != "triton" and vs != "-" else ""))
            else:
                rows.append([case.name, impl, r, "", "", ""])
                parts.append(f"{impl} {r}")
        how = f"{nsets} buffer sets, graph replay" if graphed else "1 buffer set"
        summary.append(f"SUMMARY: {case.name} ({case.nbytes / 1e6:.0f} MB, {how}): " + "; ".join(parts))
        print(f"{case.name}: " + "; ".join(parts), flush=True)
        del sets, timed  # the graphs hold their buffers
        torch.cuda.empty_cache()
    return rows, summary


def make_cases(torch, K, peers, peer_error):
    F = torch.nn.functional
    bf = torch.bfloat16
    dev = "cuda"
    close = lambda out, ref: _mismatch(torch, out, ref)
    have_rms_norm = hasattr(F, "rms_norm")

    def torch_rmsnorm(x, w):
        if have_rms_norm:
            return F.rms_norm(x, (x.shape[-1],), w, EPS)
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + EPS) * w.float()).to(bf)

    no_peer = f"no Triton peer ({peer_error})" if peer_error else None
    cases = []

    # RMSNorm
    for m, n in [(32768, 4096), (128, 4096), (32768, 2048), (128, 2048), (32768, 8192), (128, 8192)]:
        def make(m=m, n=n):
            return dict(x=torch.randn(m, n, device=dev, dtype=bf), w=torch.randn(n, device=dev, dtype=bf),
                        y=torch.empty(m, n, device=dev, dtype=bf))
        ref = lambda s: torch_rmsnorm_ref(torch, s["x"], s["w"])
        cases.append(Case(f"rmsnorm {m}x{n}", 2 * m * n * 2 + 2 * n, make, {
            "tessera": lambda s: K.rmsnorm(s["x"], s["w"], EPS, out=s["y"]),
            "triton": no_peer or (lambda s: peers.rmsnorm(s["x"], s["w"], EPS)),
            "torch": lambda s: torch_rmsnorm(s["x"], s["w"]),
        }, lambda s, out, ref=ref: close(out, ref(s))))

    # softmax
    m, n = 32768, 4096
    def make_sm(m=m, n=n):
        return dict(x=torch.randn(m, n, device=dev, dtype=bf), y=torch.empty(m, n, device=dev, dtype=bf))
    cases.append(Case(f"softmax {m}x{n}", 2 * m * n * 2, make_sm, {
        "tessera": lambda s: K.softmax(s["x"], out=s["y"]),
        "triton": no_peer or (lambda s: peers.softmax(s["x"])),
        "torch": lambda s: torch.softmax(s["x"], -1),
    }, lambda s, out: close(out, torch.softmax(s["x"].float(), -1).to(bf))))

    # residual add + RMSNorm. Both implementations update the residual in place: each set keeps the original (r0),
    # restored before the checked call; the timed calls then keep accumulating into it, as a model would.
    def make_res(m=m, n=n):
        s = dict(x=torch.randn(m, n, device=dev, dtype=bf), r=torch.randn(m, n, device=dev, dtype=bf),
                 w=torch.randn(n, device=dev, dtype=bf), y=torch.empty(m, n, device=dev, dtype=bf))
        return s

    def torch_residual(s):
        h = s["x"].float() + s["r"].float()
        s["r"].copy_(h)
        return torch_rmsnorm(h, s["w"].float()).to(bf)

    def check_res(s, out):
        h = s["x"].float() + s["r0"].float()
        if not torch.equal(s["r"], h.to(bf)):
            return "residual output != bf16(x + residual)"
        return close(out, torch_rmsnorm_ref(torch, h, s["w"]))

    def reset_res(s):
        if "r0" not in s:
            s["r0"] = s["r"].clone()
        s["r"].copy_(s["r0"])

    cases.append(Case(f"rmsnorm_residual {m}x{n}", 4 * m * n * 2 + 2 * n, make_res, {
        "tessera": lambda s: K.rmsnorm_residual(s["x"], s["r"], s["w"], EPS, out=s["y"]),
        "triton": "no Triton peer in gpu/triton_peers.py",
        "torch": torch_residual,
    }, check_res, reset=reset_res))

    # q/k norm + RoPE, Qwen3-8B q: 32 heads of 128
    t, heads, max_pos = 4096, 32, 40960
    inv = 1.0 / 1e6 ** (torch.arange(0, 128, 2, dtype=torch.float64, device=dev) / 128)
    ang = torch.arange(max_pos, dtype=torch.float64, device=dev)[:, None] * inv[None]
    cos, sin = ang.cos().float().contiguous(), ang.sin().float().contiguous()

    def make_qk():
        return dict(x=torch.randn(t, heads, 128, device=dev, dtype=bf), w=torch.randn(128, device=dev, dtype=bf),
                    pos=torch.randint(0, max_pos, (t,), device=dev, dtype=torch.int32),
                    out=torch.empty(t, heads, 128, device=dev, dtype=bf))

    def torch_qk(s):
        xf = s["x"].float()
        xn = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + EPS) * s["w"].float()
        lo, hi = xn[..., :64], xn[..., 64:]
        p = s["pos"].long()
        c, sn = cos[p][:, None, :], sin[p][:, None, :]
        return torch.cat([lo * c - hi * sn, hi * c + lo * sn], -1).to(bf)

    cases.append(Case(f"qk_norm_rope T={t} HEADS={heads}", 2 * t * heads * 128 * 2 + t * 4 + 2 * t * 64 * 4 + 256,
                      make_qk, {
        "tessera": lambda s: K.qk_norm_rope(s["x"], s["w"], cos, sin, s["pos"], EPS, out=s["out"]),
        "triton": "no Triton peer in gpu/triton_peers.py",
        "torch": torch_qk,
    }, lambda s, out: close(out, torch_qk(s))))
    return cases


def torch_rmsnorm_ref(torch, x, w):
    """torch's f32 RMSNorm rounded once to bf16 (x: bf16 or f32)."""
    xf = x.float()
    return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + EPS) * w.float()).to(torch.bfloat16)


def _mismatch(torch, out, ref):
    try:
        torch.testing.assert_close(out.float(), ref.float(), rtol=1.6e-2, atol=1e-2)
    except AssertionError as e:
        return " ".join(str(e).split())[:120]
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--compile-times", action="store_true", help="time tessera-compile per manifest entry (here)")
    ap.add_argument("--reps", type=int, default=5, help="runs per kernel for --compile-times")
    ap.add_argument("--only", default="", help="run only the cases whose name contains this")
    ap.add_argument("--rounds", type=int, default=3, help="alternating timing rounds per case (median reported)")
    args = ap.parse_args()
    if args.compile_times:
        return compile_times(args.reps)

    import torch
    if not torch.cuda.is_available():
        print("bench_kernels: no CUDA device (for compile times here: --compile-times)", file=sys.stderr)
        return 1
    import triton
    from tessera import kernels as K
    from tessera.bench import copy_bandwidth, median_ms, print_table

    peers, peer_error = None, None
    sys.path.insert(0, str(REPO / "gpu"))
    try:
        import triton_peers as peers
    except Exception as e:  # noqa: BLE001
        peer_error = f"{type(e).__name__}: {e}"

    props = torch.cuda.get_device_properties(0)
    l2 = getattr(props, "L2_cache_size", 50 << 20) or (50 << 20)
    print(f"gpu: {props.name}, {props.multi_processor_count} SMs, L2 {l2 / 2**20:.0f} MiB; torch {torch.__version__}, "
          f"triton {triton.__version__}", flush=True)
    copy_bps = copy_bandwidth(1 << 30)
    print(f"copy bandwidth (1 GiB, read + write): {copy_bps / 1e12:.2f} TB/s", flush=True)

    cases = [c for c in make_cases(torch, K, peers, peer_error) if args.only in c.name]
    rows, summary = bench(torch, median_ms, cases, l2, copy_bps, args.rounds)
    print_table(["case", "implementation", f"µs (median of {args.rounds} rounds)", "TB/s", "% of copy",
                 "vs Triton (×)"], rows,
                title=f"kernel library on {props.name}: copy bandwidth {copy_bps / 1e12:.2f} TB/s")
    print(f"SUMMARY: kernels on {props.name}: copy bandwidth {copy_bps / 1e12:.2f} TB/s (1 GiB, read + write)")
    for line in summary:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
