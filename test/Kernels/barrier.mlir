// The tile.barrier test kernel (kernels/test_barrier.mlir.in, run on a GPU by
// python/tests/test_barrier_gpu.py): each round's write, barrier, read of
// another warp's slot, barrier; none without SYNC; ptxas for sm_80 and sm_90a.
// RUN: tessera-compile %tessera_src_root/kernels/test_barrier.mlir.in -D WARPS=8 -D N=256 -D SYNC=tile.barrier --sm=90a -o %t.sync.ptx
// RUN: FileCheck %s --check-prefix=SYNC --input-file=%t.sync.ptx
// RUN: tessera-compile %tessera_src_root/kernels/test_barrier.mlir.in -D WARPS=8 -D N=256 -D SYNC= --sm=90a -o %t.none.ptx
// RUN: FileCheck %s --check-prefix=NONE --input-file=%t.none.ptx
// RUN: %if ptxas %{ for sm in 80 90a; do \
// RUN:   tessera-compile %tessera_src_root/kernels/test_barrier.mlir.in -D WARPS=4 -D N=128 -D SYNC=tile.barrier --sm=$sm -o %t.$sm.ptx --cubin || exit 1; \
// RUN: done %}

// SYNC-LABEL: .entry exchange(
// SYNC: st.global.b32
// SYNC-NEXT: bar.sync 0;
// SYNC-NEXT: ld.global.b32
// SYNC: bar.sync 0;
// SYNC-NOT: bar.sync
// SYNC: ret;

// NONE-LABEL: .entry exchange(
// NONE-NOT: bar.sync
// NONE: ret;
