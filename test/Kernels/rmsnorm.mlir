// The RMSNorm kernels of the library, compiled to PTX for both targets;
// ptxas must assemble what we emit.
//
// RUN: tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=4096 -D WARPS=8 -D NDIV=16 --sm=90a -o %t.90a.ptx
// RUN: FileCheck %s --input-file=%t.90a.ptx
// RUN: FileCheck %s --check-prefix=META --input-file=%t.90a.json
// RUN: tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=1024 -D WARPS=4 -D NDIV=1 --sm=80 -o %t.80.ptx
// RUN: FileCheck %s --check-prefix=RAGGED --input-file=%t.80.ptx
// RUN: tessera-compile %tessera_src_root/kernels/rmsnorm_residual.mlir.in -D BLOCK=8192 -D WARPS=8 -D NDIV=16 --sm=90a -o %t.res.ptx
// RUN: FileCheck %s --check-prefix=RESIDUAL --input-file=%t.res.ptx
// RUN: tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=4096 -D WARPS=8 -D NDIV=16 --emit=llvm -o %t.ll
// RUN: FileCheck %s --check-prefix=LLVMIR --input-file=%t.ll
// RUN: tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=4096 -D WARPS=8 -D NDIV=16 -D ROWS=2 --sm=90a -o %t.rows2.ptx
// RUN: FileCheck %s --check-prefix=ROWS2 --input-file=%t.rows2.ptx
// RUN: FileCheck %s --check-prefix=ROWS2-META --input-file=%t.rows2.json
// RUN: %if ptxas %{ %ptxas -arch=sm_90a %t.rows2.ptx -o %t.rows2.cubin %}

// 16-byte vectors: 8 bf16 per access, x and w read, y written.
// CHECK: .target sm_90a
// CHECK: .entry rmsnorm(
// CHECK: .maxntid 256, 1, 1
// CHECK-COUNT-2: ld.global{{.*}}.v4.b32
// CHECK: shfl.sync.bfly.b32
// CHECK: bar.sync 0
// CHECK: rsqrt.approx.f32
// CHECK: st.global.v4.b32

// --emit=llvm: the IR NVPTX codegen starts from, after LLVM's pipeline.
// LLVMIR: target triple = "nvptx64-nvidia-cuda"
// LLVMIR: define ptx_kernel void @rmsnorm(ptr addrspace(1) readonly
// LLVMIR: load <8 x bfloat>, ptr addrspace(1) %{{[0-9]+}}, align 16
// LLVMIR: store <8 x bfloat>

// The template values are in the metadata (ROWS was not given: its default,
// 1, applies and is not listed); the row count m is the last parameter.
// META: "defines": {
// META-NEXT: "BLOCK": "4096",
// META-NEXT: "NDIV": "16",
// META-NEXT: "WARPS": "8"
// META-NEXT: },
// META: "name": "rmsnorm"
// META: "name": "arg5"
// META-NEXT: "type": "i32"
// META: "shared_bytes": 32
// META: "threads_per_block": 256

// Two rows per program: w read once (2 vectors), x 2 x 2 vectors, y 2 x 2;
// the two rows' sums go through one barrier.
// ROWS2: .entry rmsnorm(
// ROWS2-COUNT-6: ld.global.v4.b32
// ROWS2: bar.sync 0
// ROWS2-NOT: bar.sync
// ROWS2-COUNT-4: st.global.v4.b32
// ROWS2-META: "ROWS": "2"

// Without divisibility facts about n, nothing is known to be aligned: scalar
// 2-byte accesses.
// RAGGED: .target sm_80
// RAGGED: ld.global{{.*}}.b16
// RAGGED-NOT: ld.global{{.*}}.v4
// RAGGED: st.global.b16

// RESIDUAL: .entry rmsnorm_residual(
// RESIDUAL: st.global.v4.b32
// RESIDUAL: rsqrt.approx.f32
// RESIDUAL: st.global.v4.b32
