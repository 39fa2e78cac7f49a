"""MoE block-aligned routing: Tessera's kernels (kernels/moe_align.mlir.in via tessera.moe.align) vs the same
algorithm written in Triton here vs PyTorch (bincount / stable argsort / cumsum), E = 128 experts, top-8.

    python3 python/bench/bench_moe_routing.py [--bm 64] [--T 1,64,4096,16384]    # on the GPU machine

The algorithm (docs/moe-routing.md), three launches for ours and Triton alike: per-chunk expert counts from
one-hot rows summed in registers (coarse chunks, with the within-chunk prefix of each fine chunk); one program
scanning the coarse counts down each expert's column, padding the runs to BM and writing starts, the padded
total and the padding sentinels; per fine chunk a one-hot scan giving each slot its stable position, the first
slot of each BM block writing its expert id. "Triton" runs that scheme written in Triton here with the steps,
warps and chunking tessera.moe.plan() picks for ours (its offsets kernel in 64-chunk tiles with 4 warps);
"Triton best" is the fastest of that, the configurations in TRITON_SWEEP (the one-level scheme of session 3:
one chunk size for all three kernels) and those in TRITON_SWEEP2 (two-level) for each case. Where tessera.moe.plan()
takes the one-launch path (n <= moe.SMALL_MAX, kernels/moe_align_small.mlir.in), "Triton" is that one-program
scheme written in Triton here with our CSUB, SUB and warps, "Triton best" also tries TRITON_FUSED, and the
"3-launch" columns time our three launches on the same buffers (align(small_max=0): the path before).

Timing: median of triton.testing.do_bench. "graph" replays a CUDA graph of the three launches (GPU time, no
launch overhead; PyTorch's version cannot be captured: torch.bincount synchronises with the host, so it is timed
eagerly only); "eager" launches from Python each time, timed by do_bench (which flushes the L2 between calls,
so the GPU is behind and host cost mostly hidden); "loop" is back-to-back calls from Python with one
synchronisation at the end (the larger of host launch cost and GPU time). Outputs and the
workspace are preallocated for ours and Triton's; PyTorch allocates as it goes. Every implementation's output is
checked against the reference before timing. "vs Triton" is Triton's time / ours: > 1 is faster.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))

E, TOPK = 128, 8
# Defaults of the Triton kernels; the benchmark passes the configuration tessera.moe.plan() picks for ours.
SUB, PB, WARPS = 64, 64, 8
STAGES = ("count", "offsets", "scatter")
# Triton configurations tried for "Triton best": (SUB = PB, warps, most programs).
TRITON_SWEEP = [(sub, w, target) for sub in (32, 64) for w in (4, 8) for target in (128, 256)]
# Two-level configurations (ours): (CSUB, count warps, SUB, scatter warps, offsets PB, offsets warps, coarse
# programs target, G), those of tessera.moe's tiers and neighbours.
# One-program configurations (CSUB, SUB, warps) of the fused scheme, tried for "Triton best" at n <= SMALL_MAX.
TRITON_FUSED = [(64, 16, 4), (32, 16, 4), (64, 16, 8)]
TRITON_SWEEP2 = [(16, 4, 16, 4, 64, 4, 256, 1), (64, 8, 4, 1, 64, 4, 128, 4), (128, 8, 4, 1, 64, 4, 128, 8),
                 (64, 8, 8, 1, 64, 4, 256, 8), (64, 8, 32, 4, 64, 4, 128, 4), (64, 4, 16, 2, 64, 4, 256, 4)]


def ours_stages(moe, ids, bm, out, workspace, stages=STAGES):
    """tessera.moe.align's three launches, a subset of them (the per-kernel timing)."""
    sorted_ids, expert_ids, num_post = out
    n = ids.numel()
    p = moe.plan(n, E, bm, small_max=0)
    P, G = p.programs, p.group
    cnt, st, fine = workspace[: P * E], workspace[P * E: (P + 1) * E], workspace[(P + 1) * E:]
    if "count" in stages:
        p.count.launch((P,), ids, cnt, fine, n, p.chunk, p.fine_chunk, 0, E)
    if "offsets" in stages:
        p.offsets.launch((1,), cnt, st, sorted_ids, num_post, P, n)
    if "scatter" in stages:
        p.scatter.launch((p.scatter_programs,), ids, cnt, fine, st, sorted_ids, expert_ids, n, p.fine_chunk, G, E)


def loop_us(torch, fn, calls=400):
    """Back-to-back calls from Python, synchronised once at the end: what an eager caller without graphs sees
    (the larger of the host's launch cost and the GPU time; do_bench's cache flush between calls hides the
    host side)."""
    for _ in range(20):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        torch.cuda.synchronize()
        times.append((time.perf_counter() - t0) / calls * 1e6)
    return sorted(times)[2]


def graph_ms(torch, do_bench, fn):
    """Median of replaying a CUDA graph of fn (warmed up on a side stream first)."""
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        fn()
    torch.cuda.current_stream().wait_stream(s)
    cg = torch.cuda.CUDAGraph()
    with torch.cuda.graph(cg):
        fn()
    return do_bench(cg.replay, warmup=25, rep=200, return_mode="median")


def triton_routing():
    import triton
    import triton.language as tl

    @triton.jit
    def count_step(ids, offs, idv, n, e_start, e_local, er, SUB: tl.constexpr):
        """One counting step over slots `offs`, whose ids `idv` were loaded a step ahead (like ours): the ids
        remapped and written back where they change. Returns the next step's ids and this step's one-hot rows."""
        inb = offs < n
        nxt = tl.load(ids + offs + SUB, mask=offs + SUB < n, other=-1)
        local = idv - e_start
        valid = inb & (local >= 0) & (local < e_local)
        new = tl.where(valid, local, -1)
        tl.store(ids + offs, new, mask=inb & (new != idv))
        return nxt, (new[:, None] == er[None, :]).to(tl.int32)

    @triton.jit
    def scatter_steps(ids, sorted_ids, expert_ids, n, base, chunk, cur, e_local,
                      E: tl.constexpr, BM: tl.constexpr, SUB: tl.constexpr):
        """The slots [base, base + chunk) to their places; cur[e] is the position before expert e's next one."""
        sr = tl.arange(0, SUB)
        er = tl.arange(0, E)
        nxt = tl.load(ids + base + sr, mask=base + sr < n, other=-1)
        for i in range(0, chunk, SUB):
            offs = base + i + sr
            inb = offs < n
            idv = nxt
            nxt = tl.load(ids + offs + SUB, mask=offs + SUB < n, other=-1)
            valid = inb & (idv >= 0) & (idv < e_local)
            idv = tl.where(valid, idv, -1)
            eq = idv[:, None] == er[None, :]
            oh = eq.to(tl.int32)
            incl = tl.cumsum(oh, axis=0)
            pos = tl.sum(tl.where(eq, incl + cur[None, :], 0), axis=1)
            tl.store(sorted_ids + pos, offs, mask=valid)
            tl.store(expert_ids + pos // BM, idv, mask=valid & ((pos & (BM - 1)) == 0))
            cur += tl.sum(oh, axis=0)

    @triton.jit
    def count(ids, counts, n, chunk, e_start, e_local, E: tl.constexpr, SUB: tl.constexpr):
        pid = tl.program_id(0)
        base = pid * chunk
        sr = tl.arange(0, SUB)
        er = tl.arange(0, E)
        acc = tl.zeros((SUB, E), tl.int32)
        nxt = tl.load(ids + base + sr, mask=base + sr < n, other=-1)
        for i in range(0, chunk, SUB):
            nxt, oh = count_step(ids, base + i + sr, nxt, n, e_start, e_local, er, SUB)
            acc += oh
        tl.store(counts + pid * E + er, tl.sum(acc, axis=0))

    @triton.jit
    def offsets(counts, starts, sorted_ids, num_post, nchunks, sentinel,
                E: tl.constexpr, BM: tl.constexpr, PB: tl.constexpr):
        er = tl.arange(0, E)
        pr = tl.arange(0, PB)
        run = tl.zeros((E,), tl.int32)
        for p0 in range(0, nchunks, PB):
            rows = p0 + pr
            m = (rows < nchunks)[:, None]
            ptr = counts + rows[:, None] * E + er[None, :]
            t = tl.load(ptr, mask=m, other=0)
            incl = tl.cumsum(t, axis=0)
            tl.store(ptr, incl - t + run[None, :], mask=m)
            run += tl.sum(t, axis=0)
        padded = (run + (BM - 1)) & (-BM)
        start = tl.cumsum(padded, axis=0) - padded
        tl.store(starts + er, start)
        tl.store(num_post, tl.sum(padded, axis=0))
        j = tl.arange(0, BM)
        lo = start + run
        pad = padded - run
        tl.store(sorted_ids + lo[:, None] + j[None, :], tl.full((E, BM), 0, tl.int32) + sentinel,
                 mask=j[None, :] < pad[:, None])

    @triton.jit
    def scatter(ids, counts, starts, sorted_ids, expert_ids, n, chunk, e_local,
                E: tl.constexpr, BM: tl.constexpr, SUB: tl.constexpr):
        pid = tl.program_id(0)
        er = tl.arange(0, E)
        cur = tl.load(starts + er) + tl.load(counts + pid * E + er) - 1
        scatter_steps(ids, sorted_ids, expert_ids, n, pid * chunk, chunk, cur, e_local, E, BM, SUB)

    @triton.jit
    def count2(ids, counts, fine, n, chunk, fsub, e_start, e_local, E: tl.constexpr, SUB: tl.constexpr):
        pid = tl.program_id(0)
        base = pid * chunk
        sr = tl.arange(0, SUB)
        er = tl.arange(0, E)
        run = tl.zeros((E,), tl.int32)
        nxt = tl.load(ids + base + sr, mask=base + sr < n, other=-1)
        for j in range(0, chunk, fsub):
            tl.store(fine + ((base + j) // fsub) * E + er, run)
            acc = tl.zeros((SUB, E), tl.int32)
            for i in range(j, j + fsub, SUB):
                nxt, oh = count_step(ids, base + i + sr, nxt, n, e_start, e_local, er, SUB)
                acc += oh
            run += tl.sum(acc, axis=0)
        tl.store(counts + pid * E + er, run)

    @triton.jit
    def scatter2(ids, counts, fine, starts, sorted_ids, expert_ids, n, chunk, group, e_local,
                 E: tl.constexpr, BM: tl.constexpr, SUB: tl.constexpr):
        pid = tl.program_id(0)
        er = tl.arange(0, E)
        cur = tl.load(starts + er) + tl.load(counts + (pid // group) * E + er) + tl.load(fine + pid * E + er) - 1
        scatter_steps(ids, sorted_ids, expert_ids, n, pid * chunk, chunk, cur, e_local, E, BM, SUB)

    @triton.jit
    def fused(ids, sorted_ids, expert_ids, num_post, n, e_start, e_local,
              E: tl.constexpr, BM: tl.constexpr, CSUB: tl.constexpr, SUB: tl.constexpr):
        """The one-program scheme of ours (kernels/moe_align_small.mlir.in): count (remap written back),
        starts / num_post / sentinels / expert_ids, a barrier, then the scatter reading the written-back ids."""
        er = tl.arange(0, E)
        acc = tl.zeros((CSUB, E), tl.int32)
        for i in range(0, n, CSUB):
            offs = i + tl.arange(0, CSUB)
            inb = offs < n
            idv = tl.load(ids + offs, mask=inb, other=-1)
            local = idv - e_start
            valid = inb & (local >= 0) & (local < e_local)
            new = tl.where(valid, local, -1)
            tl.store(ids + offs, new, mask=inb & (new != idv))
            acc += (new[:, None] == er[None, :]).to(tl.int32)
        total = tl.sum(acc, axis=0)
        padded = (total + (BM - 1)) & (-BM)
        start = tl.cumsum(padded, axis=0) - padded
        tl.store(num_post, tl.sum(padded, axis=0))
        j = tl.arange(0, BM)
        tl.store(sorted_ids + (start + total)[:, None] + j[None, :], tl.full((E, BM), 0, tl.int32) + n,
                 mask=j[None, :] < (padded - total)[:, None])
        nb = padded // BM
        b0 = start // BM
        k = tl.arange(0, 32)
        for k0 in range(0, tl.max(nb, axis=0), 32):
            kk = k0 + k[None, :]
            tl.store(expert_ids + b0[:, None] + kk, er[:, None] + 0 * kk, mask=kk < nb[:, None])
        tl.debug_barrier()  # the written-back ids visible to every thread
        cur = start - 1
        for i in range(0, n, SUB):
            offs = i + tl.arange(0, SUB)
            idv = tl.load(ids + offs, mask=offs < n, other=-1)
            eq = idv[:, None] == er[None, :]
            oh = eq.to(tl.int32)
            at = tl.cumsum(oh, axis=0) + cur[None, :]
            tl.store(sorted_ids + at, offs[:, None] + 0 * er[None, :], mask=eq)
            cur += tl.sum(oh, axis=0)

    def align_fused(ids, bm, out, cfg, e_start=0, e_local=E):
        """cfg = (CSUB, SUB, warps) of the one-program scheme."""
        csub, sub, w = cfg
        sorted_ids, expert_ids, num_post = out
        fused[(1,)](ids, sorted_ids, expert_ids, num_post, ids.numel(), e_start, e_local, E=E, BM=bm, CSUB=csub,
                    SUB=sub, num_warps=w)

    def align2(ids, bm, out, workspace, cfg, e_start=0, e_local=E, stages=STAGES):
        """The two-level scheme ours uses: cfg = (CSUB, count warps, SUB, scatter warps, PB, offsets warps,
        slots per fine chunk, G fine chunks per coarse chunk)."""
        csub, cw, sub, w, pb, ow, fsub, group = cfg
        sorted_ids, expert_ids, num_post = out
        n = ids.numel()
        chunk = fsub * group
        programs, fprograms = max(1, -(-n // chunk)), max(1, -(-n // fsub))
        cnt, st = workspace[: programs * E], workspace[programs * E: (programs + 1) * E]
        fine = workspace[(programs + 1) * E:]
        if "count" in stages:
            count2[(programs,)](ids, cnt, fine, n, chunk, fsub, e_start, e_local, E=E, SUB=csub, num_warps=cw)
        if "offsets" in stages:
            offsets[(1,)](cnt, st, sorted_ids, num_post, programs, n, E=E, BM=bm, PB=pb, num_warps=ow)
        if "scatter" in stages:
            scatter2[(fprograms,)](ids, cnt, fine, st, sorted_ids, expert_ids, n, fsub, group, e_local,
                                   E=E, BM=bm, SUB=sub, num_warps=w)

    def align(ids, bm, out, workspace, chunk, e_start=0, e_local=E, stages=STAGES, sub=SUB, pb=PB, warps=WARPS):
        sorted_ids, expert_ids, num_post = out
        n = ids.numel()
        programs = max(1, -(-n // chunk))
        cnt, st = workspace[: programs * E], workspace[programs * E: (programs + 1) * E]
        if "count" in stages:
            count[(programs,)](ids, cnt, n, chunk, e_start, e_local, E=E, SUB=sub, num_warps=warps)
        if "offsets" in stages:
            offsets[(1,)](cnt, st, sorted_ids, num_post, programs, n, E=E, BM=bm, PB=pb, num_warps=warps)
        if "scatter" in stages:
            scatter[(programs,)](ids, cnt, st, sorted_ids, expert_ids, n, chunk, e_local, E=E, BM=bm, SUB=sub,
                                 num_warps=warps)

    align.two_level = align2
    align.fused = align_fused
    return align


def chunk_for(n, unit, target):
    """A multiple of `unit` cutting n slots into at most ~`target` chunks (tessera.moe.chunk_for)."""
    return unit * max(1, -(-n // (unit * target)))


def torch_routing(torch, ids, bm):
    flat = ids.flatten().long()
    n = flat.numel()
    order = torch.argsort(flat, stable=True)
    cnts = torch.bincount(flat, minlength=E)
    padded = (cnts + bm - 1) // bm * bm
    ends = torch.cumsum(padded, 0)
    starts = ends - padded
    cap = n + E * (bm - 1)
    sorted_ids = torch.full((cap,), n, dtype=torch.int32, device=ids.device)
    first = torch.cumsum(cnts, 0) - cnts
    e_of = flat[order]
    sorted_ids[starts[e_of] + torch.arange(n, device=ids.device) - first[e_of]] = order.to(torch.int32)
    expert_ids = torch.searchsorted(ends, torch.arange(0, cap // bm, device=ids.device) * bm, right=True)
    return sorted_ids, expert_ids.to(torch.int32), ends[-1:].to(torch.int32)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--T", default="1,64,4096,16384")
    ap.add_argument("--bm", default="16,64")
    ap.add_argument("--per-kernel", action="store_true", help="also time the launches separately (graph replay)")
    args = ap.parse_args()
    import torch
    import triton
    from triton.testing import do_bench

    from tessera import moe
    from tessera.bench import print_table

    if not torch.cuda.is_available():
        print("SUMMARY: moe routing: no CUDA device")
        return 1
    name = torch.cuda.get_device_name()
    tri = triton_routing()
    rows, worst, stage_rows = [], [], []
    wrong = []
    for bm in [int(b) for b in args.bm.split(",")]:
        for T in [int(t) for t in args.T.split(",")]:
            g = torch.Generator(device="cuda").manual_seed(T)
            ids = torch.topk(torch.randn(T, E, device="cuda", generator=g), TOPK, dim=-1).indices
            ids = ids.to(torch.int32).contiguous()
            n = ids.numel()
            plan = moe.plan(n, E, bm)
            small = plan.small is not None
            plan3 = moe.plan(n, E, bm, small_max=0)  # the three launches (the only path above moe.SMALL_MAX)
            # Triton's "same config": for a one-launch plan the one-program scheme with our CSUB, SUB and warps;
            # else the two-level scheme with our plan's steps, warps and chunking, its @moe_offsets in 64-chunk
            # tiles with 4 warps (Triton's fastest offsets; with 8 warps it is 2x slower).
            same = (plan3.count_sub, plan3.count_warps, plan3.sub, plan3.warps, 64, 4, plan3.fine_chunk, plan3.group)
            same1 = (plan.count_sub, plan.sub, plan.warps) if small else None
            cap = moe.capacity(n, E, bm)

            def buffers(words):
                return ((torch.full((cap,), -7, dtype=torch.int32, device="cuda"),
                         torch.full((cap // bm + 1,), -7, dtype=torch.int32, device="cuda"),
                         torch.full((1,), -7, dtype=torch.int32, device="cuda")),
                        torch.empty(words, dtype=torch.int32, device="cuda"))

            o_out, o_ws = buffers(plan3.workspace_size())
            t_out, t_ws = buffers(plan3.workspace_size())
            ours = lambda: moe.align(ids, E, bm, out=o_out, workspace=o_ws)
            # Before the one-launch path: the three launches on the same buffers.
            ours3 = lambda: moe.align(ids, E, bm, out=o_out, workspace=o_ws, small_max=0)
            trit = ((lambda: tri.fused(ids, bm, t_out, same1)) if small
                    else (lambda: tri.two_level(ids, bm, t_out, t_ws, same)))
            pyt = lambda: torch_routing(torch, ids, bm)
            ref = torch_routing(torch, ids, bm)
            total = int(ref[2].item())
            results = {}
            impls = (("tessera", ours), ("tessera3", ours3), ("triton", trit), ("torch", pyt))
            for impl, fn in impls if small else impls[:1] + impls[2:]:
                r = fn() if impl == "torch" else (fn(), (t_out if impl == "triton" else o_out))[1]
                torch.cuda.synchronize()
                ok = (int(r[2][0].item()) == total and torch.equal(r[0][:total], ref[0][:total])
                      and torch.equal(r[1][: total // bm], ref[1][: total // bm]))
                if not ok:
                    wrong.append(f"{impl} T={T} BM={bm}")
                eager = do_bench(fn, warmup=25, rep=200, return_mode="median") * 1e3
                graph = graph_ms(torch, do_bench, fn) * 1e3 if impl != "torch" else None
                loop = loop_us(torch, fn) if impl != "torch" else None
                results[impl] = (eager, graph, ok, loop)
            if args.per_kernel:
                # Stage subsets that leave every input valid: count alone (idempotent without the remap),
                # count + offsets (offsets scans the counts in place, so it never runs twice on its output),
                # scatter alone (reads what the full run left).
                for label, st in (("count", ("count",)), ("count+offsets", ("count", "offsets")),
                                  ("scatter", ("scatter",))):
                    ours(), trit()
                    a = graph_ms(torch, do_bench, lambda: ours_stages(moe, ids, bm, o_out, o_ws, st)) * 1e3
                    b = graph_ms(torch, do_bench, lambda: tri.two_level(ids, bm, t_out, t_ws, same, stages=st)) * 1e3
                    stage_rows.append([T, bm, label, a, b, b / a])
            # Triton tuned: the best graph time over both schemes' configurations (each checked), Triton's
            # run of our configuration included.
            best = (results["triton"][1], "ours") if results["triton"][2] else None
            sweep = TRITON_SWEEP + TRITON_SWEEP2 + ([("fused",) + c for c in TRITON_FUSED] if small else [])
            if small:  # the two-level scheme with our three-launch plan's configuration too
                sweep.append(("same3",))
            for cfg in sweep:
                if cfg[0] == "fused":
                    out, ws = buffers(0)
                    f = lambda: tri.fused(ids, bm, out, cfg[1:])
                    label = f"1-program c{cfg[1]} s{cfg[2]} w{cfg[3]}"
                elif cfg[0] == "same3":
                    out, ws = buffers(plan3.workspace_size())
                    f = lambda: tri.two_level(ids, bm, out, ws, same)
                    label = "2-level, ours (3 launches)"
                elif len(cfg) == 3:
                    sub, warps, target = cfg
                    ch = moe.chunk_for(n, sub, target)
                    out, ws = buffers((max(1, -(-n // ch)) + 1) * E)
                    f = lambda: tri(ids, bm, out, ws, ch, sub=sub, pb=sub, warps=warps)
                    label = f"SUB={sub} w={warps} P<={target}"
                else:
                    csub, cw, sub, w, pb, ow, target, group = cfg
                    fsub = chunk_for(n, max(csub, sub), target * group)
                    progs = max(1, -(-n // (fsub * group)))
                    out, ws = buffers((progs * (1 + group) + 1) * E)
                    c2 = (csub, cw, sub, w, pb, ow, fsub, group)
                    f = lambda: tri.two_level(ids, bm, out, ws, c2)
                    label = f"2-level c{csub}w{cw} s{sub}w{w} Pc<={target} G={group}"
                f()
                torch.cuda.synchronize()
                if not (int(out[2][0].item()) == total and torch.equal(out[0][:total], ref[0][:total])
                        and torch.equal(out[1][: total // bm], ref[1][: total // bm])):
                    wrong.append(f"triton {label} T={T} BM={bm}")
                    continue
                t = graph_ms(torch, do_bench, f) * 1e3
                if best is None or t < best[0]:
                    best = (t, label)
            te, tg, _, tl_ = results["tessera"]
            te3, tg3, _, tl3 = results.get("tessera3", (None, None, None, None))
            re_, rg, _, rl = results["triton"]
            pe = results["torch"][0]
            config = (f"1 program c{plan.count_sub} s{plan.sub} w{plan.warps}" if small else
                      f"c{plan.count_sub}r{plan.count_warps_rows}e{plan.count_warps_e} s{plan.sub}w{plan.warps} "
                      f"Pc={plan.programs} G={plan.group}")
            rows.append([T, bm, config, tg, tg3 if small else "", rg, rg / tg, best[0], best[1], best[0] / tg, te,
                         te3 if small else "", re_, re_ / te, tl_, tl3 if small else "", rl, rl / tl_, pe,
                         "" if all(r[2] for r in results.values()) else "WRONG"])
            worst.append((rg / tg, re_ / te, T, bm, best[0] / tg, rl / tl_))
            before = f" (3 launches: graph {tg3:.1f} eager {te3:.1f} loop {tl3:.1f})" if small else ""
            print(f"T={T} BM={bm}{before}: graph ours {tg:.1f} us triton {rg:.1f} us best {best[0]:.1f}; eager ours "
                  f"{te:.1f} us triton {re_:.1f} us; loop ours {tl_:.1f} triton {rl:.1f}; torch {pe:.1f} us",
                  flush=True)
    print_table(["T", "BM", "ours (and Triton's same config)", "ours graph µs", "ours 3-launch graph µs",
                 "Triton graph µs", "vs Triton (graph)",
                 "Triton best graph µs", "its config", "vs Triton best", "ours eager µs", "ours 3-launch eager µs",
                 "Triton eager µs", "vs Triton (eager)", "ours loop µs", "ours 3-launch loop µs", "Triton loop µs",
                 "vs Triton (loop)",
                 "PyTorch eager µs", "check"], rows,
                title=f"MoE routing on {name}, E={E}, top-{TOPK}, triton {triton.__version__}")
    if stage_rows:
        print_table(["T", "BM", "launches", "ours graph µs", "Triton graph µs", "vs Triton"], stage_rows,
                    title="per launch (graph replay; offsets = (count+offsets) - count)")
    g_min = min(worst)
    e_min = min(worst, key=lambda w: w[1])
    b_min = min(worst, key=lambda w: w[4])
    l_min = min(worst, key=lambda w: w[5])
    print(f"SUMMARY: moe routing on {name} (E={E}, top-{TOPK}): vs Triton, graph replay worst "
          f"{g_min[0]:.2f}x (T={g_min[2]}, BM={g_min[3]}), eager worst {e_min[1]:.2f}x (T={e_min[2]}, "
          f"BM={e_min[3]}), eager loop worst {l_min[5]:.2f}x (T={l_min[2]}, BM={l_min[3]}), "
          f"vs the best Triton config worst {b_min[4]:.2f}x (T={b_min[2]}, BM={b_min[3]}); "
          f"{len(wrong)} wrong" + (": " + ", ".join(wrong) if wrong else ""))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
