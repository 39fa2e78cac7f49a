// RUN: tessera-compile %tessera_src_root/kernels/softmax.mlir.in -D BLOCK=4096 -D WARPS=8 -D NDIV=16 --sm=90a -o %t.ptx
// RUN: FileCheck %s --input-file=%t.ptx
// RUN: tessera-compile %tessera_src_root/kernels/softmax.mlir.in -D BLOCK=4096 -D WARPS=8 -D NDIV=16 -D ROWS=2 --sm=90a -o %t.rows2.ptx
// RUN: FileCheck %s --check-prefix=ROWS2 --input-file=%t.rows2.ptx
// RUN: %if ptxas %{ %ptxas -arch=sm_90a %t.rows2.ptx -o %t.rows2.cubin %}

// The row max propagates NaN (max.NaN, not max), exp runs on the SFU.
// CHECK: .entry softmax(
// CHECK: max.NaN.f32
// CHECK: shfl.sync.bfly.b32
// CHECK: ex2.approx.f32
// CHECK: st.global.v4.b32

// Two rows per program: 2 x 2 vector loads and stores, both rows' max and sum
// reduced together (no more barriers than for one row).
// ROWS2: .entry softmax(
// ROWS2-COUNT-4: ld.global.v4.b32
// ROWS2: max.NaN.f32
// ROWS2-COUNT-4: st.global.v4.b32
