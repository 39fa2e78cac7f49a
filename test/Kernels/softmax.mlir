// RUN: tessera-compile %tessera_src_root/kernels/softmax.mlir.in -D BLOCK=4096 -D WARPS=8 -D NDIV=16 --sm=90a -o %t.ptx
// RUN: FileCheck %s --input-file=%t.ptx

// The row max propagates NaN (max.NaN, not max), exp runs on the SFU.
// CHECK: .entry softmax(
// CHECK: max.NaN.f32
// CHECK: shfl.sync.bfly.b32
// CHECK: ex2.approx.f32
// CHECK: st.global.v4.b32
