// Every kernel of the library assembles with ptxas for sm_80 and sm_90a.
// REQUIRES: ptxas
//
// RUN: for sm in 80 90a; do \
// RUN:   tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=4096 -D WARPS=8 -D NDIV=16 --sm=$sm -o %t.rms.$sm.ptx --cubin && \
// RUN:   tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=2048 -D WARPS=8 -D NDIV=1 --sm=$sm -o %t.rms1.$sm.ptx --cubin && \
// RUN:   tessera-compile %tessera_src_root/kernels/rmsnorm_residual.mlir.in -D BLOCK=8192 -D WARPS=8 -D NDIV=16 --sm=$sm -o %t.res.$sm.ptx --cubin && \
// RUN:   tessera-compile %tessera_src_root/kernels/softmax.mlir.in -D BLOCK=1024 -D WARPS=4 -D NDIV=16 --sm=$sm -o %t.sm.$sm.ptx --cubin && \
// RUN:   tessera-compile %tessera_src_root/kernels/qk_norm_rope.mlir.in -D HEADS=8 -D WARPS=4 -D TOKEN_STRIDE=1024 --sm=$sm -o %t.qk.$sm.ptx --cubin || exit 1; \
// RUN: done
// RUN: ls %t.rms.80.cubin %t.rms.90a.cubin %t.qk.90a.cubin | count 3
// CHECK-NOT: this file asserts through `count` and the exit codes above
