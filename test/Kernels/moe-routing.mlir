// The MoE routing kernels (kernels/moe_align.mlir.in, kernels/moe_histogram.mlir.in): PTX shape, ptxas for
// sm_80 and sm_90a, and the diagnostic for a row block that is not a power of two.
// RUN: tessera-compile %tessera_src_root/kernels/moe_histogram.mlir.in -D BLOCK=1024 -D WARPS=4 --sm=90a -o %t.hist.ptx
// RUN: FileCheck %s --check-prefix=HIST --input-file=%t.hist.ptx
// RUN: tessera-compile %tessera_src_root/kernels/moe_align.mlir.in -D E=128 -D BM=64 -D SUB=64 -D WARPS=8 -D RPT=8 --sm=90a -o %t.align.ptx
// RUN: FileCheck %s --check-prefix=ALIGN --input-file=%t.align.ptx
// RUN: %if ptxas %{ for sm in 80 90a; do \
// RUN:   tessera-compile %tessera_src_root/kernels/moe_histogram.mlir.in -D BLOCK=1024 -D WARPS=4 --sm=$sm -o %t.h.$sm.ptx --cubin && \
// RUN:   tessera-compile %tessera_src_root/kernels/moe_align.mlir.in -D E=128 -D BM=16 -D SUB=64 -D WARPS=8 -D RPT=8 --sm=$sm -o %t.a16.$sm.ptx --cubin && \
// RUN:   tessera-compile %tessera_src_root/kernels/moe_align.mlir.in -D E=128 -D BM=128 -D SUB=32 -D WARPS=4 -D RPT=8 --sm=$sm -o %t.a128.$sm.ptx --cubin || exit 1; \
// RUN: done %}
// RUN: not tessera-compile %tessera_src_root/kernels/moe_align.mlir.in -D E=128 -D BM=48 -D SUB=64 -D WARPS=8 -D RPT=8 -o %t.bad.ptx 2>&1 | FileCheck %s --check-prefix=POW2
// RUN: not tessera-compile %tessera_src_root/kernels/moe_align.mlir.in -D E=96 -D BM=64 -D SUB=64 -D WARPS=8 -D RPT=8 -o %t.bad.ptx 2>&1 | FileCheck %s --check-prefix=POW2E
// RUN: not tessera-compile %tessera_src_root/kernels/moe_histogram.mlir.in -D BLOCK=1000 -D WARPS=4 -o %t.bad.ptx 2>&1 | FileCheck %s --check-prefix=POW2H

// The histogram: a scalar 1 added through a tensor of pointers, one relaxed
// atomic per slot, its result unused (no scratch, no barrier); the remapped
// ids written back only where they change (a predicated store).
// HIST-LABEL: .entry moe_histogram(
// HIST-NOT: bar.sync
// HIST: st.global
// HIST: atom.global.add.u32 {{.*}}, 1;
// HIST-NOT: bar.sync
// HIST: ret;

// Routing: three kernels; the counts come from one-hot rows (no atomics),
// the offsets and positions from scans.
// ALIGN-NOT: atom.
// ALIGN-LABEL: .entry moe_count(
// ALIGN-LABEL: .entry moe_offsets(
// ALIGN: shfl.sync.up
// ALIGN-LABEL: .entry moe_scatter(
// ALIGN: shfl.sync
// ALIGN-NOT: atom.

// The location is the template's line of the BM range (its comment says the
// row block must be a power of two); the explicit layouts of the routing
// kernels already reject the tensor type, the histogram's range its length.
// POW2: moe_align.mlir.in:{{[0-9]+}}:{{[0-9]+}}: error: distributed tensors need power-of-two dimensions, got 48
// POW2-NEXT: %jr = tile.make_range {start = 0 : i32, end = 48 : i32}
// POW2E: moe_align.mlir.in:{{[0-9]+}}:{{[0-9]+}}: error: distributed tensors need power-of-two dimensions, got 96
// POW2E-NEXT: %er = tile.make_range {start = 0 : i32, end = 96 : i32}
// POW2H: moe_histogram.mlir.in:{{[0-9]+}}:{{[0-9]+}}: error: 'tile.make_range' op range length 1000 must be a power of two
