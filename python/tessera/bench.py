"""Helpers shared by the benchmark scripts: median timing, measured copy bandwidth, a markdown table.

torch and triton are imported lazily so that importing tessera never needs them.
"""
from __future__ import annotations


def median_ms(fn, warmup_ms: float = 25, rep_ms: float = 100) -> float:
    """Median time of `fn()` in milliseconds, timed with CUDA events by triton.testing.do_bench (which also
    flushes L2 between runs, so a small input does not measure the cache)."""
    from triton.testing import do_bench

    return do_bench(fn, warmup=warmup_ms, rep=rep_ms, return_mode="median")


def copy_bandwidth(nbytes: int = 1 << 30, device: str = "cuda") -> float:
    """Measured device-to-device copy bandwidth in bytes/s, counting bytes read plus bytes written: the practical
    memory ceiling that a memory-bound kernel's achieved bandwidth is compared with. Random data, never zeros."""
    import torch

    src = torch.randint(0, 256, (nbytes,), dtype=torch.uint8, device=device)
    dst = torch.empty_like(src)
    ms = median_ms(lambda: dst.copy_(src), warmup_ms=50, rep_ms=300)
    if not torch.equal(dst, src):
        raise RuntimeError("device copy produced wrong data")
    return 2 * nbytes / (ms * 1e-3)


def bandwidth(nbytes: int, ms: float) -> float:
    """Bytes/s achieved moving `nbytes` (read + written) in `ms` milliseconds."""
    return nbytes / (ms * 1e-3)


def tflops(flops: float, ms: float) -> float:
    return flops / (ms * 1e-3) / 1e12


def markdown_table(headers: list[str], rows: list[list]) -> str:
    """A GitHub markdown table; floats are printed with 3 decimals."""
    def cell(v):
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    cells = [[cell(v) for v in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    line = lambda vals: "| " + " | ".join(v.ljust(w) for v, w in zip(vals, widths)) + " |"
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in cells])


def print_table(headers: list[str], rows: list[list], title: str | None = None) -> None:
    if title:
        print(f"\n### {title}\n")
    print(markdown_table(headers, rows), flush=True)
