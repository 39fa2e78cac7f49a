// RUN: tessera-compile %tessera_src_root/kernels/qk_norm_rope.mlir.in -D HEADS=32 -D WARPS=4 -D TOKEN_STRIDE=4096 --sm=90a -o %t.ptx
// RUN: FileCheck %s --input-file=%t.ptx

// CHECK: .entry qk_norm_rope(
// CHECK: rsqrt.approx.f32
// CHECK: st.global
