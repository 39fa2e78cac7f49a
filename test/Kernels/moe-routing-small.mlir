// The one-launch MoE routing kernel (kernels/moe_align_small.mlir.in): PTX shape, ptxas for sm_80 and sm_90a,
// and the diagnostic for a row block that is not a power of two.
// RUN: tessera-compile %tessera_src_root/kernels/moe_align_small.mlir.in -D E=128 -D BM=64 -D WARPS=4 -D CSUB=128 -D CRPT=32 -D CCPT=4 -D SUB=16 -D QCPT=1 --sm=90a -o %t.ptx
// RUN: FileCheck %s --input-file=%t.ptx
// RUN: tac %t.ptx | FileCheck %s --check-prefix=TAIL
// RUN: %if ptxas %{ for sm in 80 90a; do \
// RUN:   tessera-compile %tessera_src_root/kernels/moe_align_small.mlir.in -D E=128 -D BM=16 -D WARPS=4 -D CSUB=128 -D CRPT=32 -D CCPT=4 -D SUB=16 -D QCPT=1 --sm=$sm -o %t.s16.$sm.ptx --cubin && \
// RUN:   tessera-compile %tessera_src_root/kernels/moe_align_small.mlir.in -D E=128 -D BM=128 -D WARPS=4 -D CSUB=128 -D CRPT=32 -D CCPT=4 -D SUB=16 -D QCPT=1 --sm=$sm -o %t.s128.$sm.ptx --cubin || exit 1; \
// RUN: done %}
// RUN: not tessera-compile %tessera_src_root/kernels/moe_align_small.mlir.in -D E=128 -D BM=48 -D WARPS=4 -D CSUB=128 -D CRPT=32 -D CCPT=4 -D SUB=16 -D QCPT=1 -o %t.bad.ptx 2>&1 | FileCheck %s --check-prefix=POW2

// One kernel, no atomics: counts from one-hot rows, offsets from scans.
// CHECK-NOT: atom.
// CHECK-LABEL: .entry moe_align_small(
// CHECK-NOT: .entry
// CHECK-NOT: atom.
// CHECK: ret;

// Read backwards from the end: the scatter loop (the last code before ret)
// compares each slot with the thread's expert and stores the slot id under
// that predicate, with no barrier: its scan down the rows is in-thread. The
// barriers of the count and offsets phases come before it.
// TAIL: ret;
// TAIL-NOT: bar.sync
// TAIL: @%p{{[0-9]+}} st.global.b32
// TAIL-NOT: bar.sync
// TAIL: setp.eq.b32
// TAIL: bar.sync

// POW2: moe_align_small.mlir.in:{{[0-9]+}}:{{[0-9]+}}: error: distributed tensors need power-of-two dimensions, got 48
// POW2-NEXT: %jr = tile.make_range {start = 0 : i32, end = 48 : i32}
