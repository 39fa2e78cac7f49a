// PTX emission: the instructions the lowering relies on survive O3 and NVPTX
// codegen, launch bounds come from tessera.num_warps, and the dynamic shared
// memory is an extern .shared array.
// RUN: tessera-translate %s --tessera-to-ptx --sm=90a | FileCheck %s --check-prefixes=CHECK,SM90A
// RUN: tessera-translate %s --tessera-to-ptx --sm=sm_90 | FileCheck %s --check-prefixes=CHECK,SM90
// RUN: tessera-translate %s --tessera-to-ptx --sm=80 | FileCheck %s --check-prefixes=CHECK,SM80
// The module's tessera.target is the default.
// RUN: tessera-translate %s --tessera-to-ptx | FileCheck %s --check-prefixes=CHECK,SM90A
// RUN: tessera-translate %s --tessera-to-ptx --ptx-version=87 | FileCheck %s --check-prefix=PTX87

// CHECK:       .version 8.0
// PTX87:       .version 8.7
// SM90A:       .target sm_90a
// SM90:        .target sm_90{{$}}
// SM80:        .target sm_80
// CHECK:       .address_size 64
// CHECK:       .extern .shared .align 16 .b8 global_smem[];

// CHECK-LABEL: .visible .entry row_max(
// CHECK-NEXT:  .param .u64 .ptr .global .align 1 row_max_param_0,
// CHECK-NEXT:  .param .u64 .ptr .global .align 1 row_max_param_1,
// CHECK-NEXT:  .param .u32 row_max_param_2
// CHECK-NEXT:  )
// CHECK-NEXT:  .maxntid 128, 1, 1
// CHECK:       mov.u32 [[TID:%r[0-9]+]], %tid.x;
// One 16-byte load; LLVM 21+ prints loads and stores untyped (.b32, not .f32).
// CHECK:       ld.global.v4.b32 {[[A:%r[0-9]+]], [[B:%r[0-9]+]], [[C:%r[0-9]+]], [[D:%r[0-9]+]]}
// llvm.intr.maximum and vector.reduce.fmaximum propagate NaN: max.NaN, never plain max.
// CHECK-NOT:   max.f32
// CHECK-DAG:   max.NaN.f32 [[CD:%r[0-9]+]], [[C]], [[D]];
// CHECK-DAG:   max.NaN.f32 [[AB:%r[0-9]+]], [[A]], [[B]];
// CHECK:       max.NaN.f32 [[M:%r[0-9]+]], [[AB]], [[CD]];
// CHECK-NEXT:  shfl.sync.bfly.b32 [[S:%r[0-9]+]], [[M]], 16, 31, -1;
// CHECK-NEXT:  max.NaN.f32 [[R:%r[0-9]+]], [[M]], [[S]];
// CHECK:       mov.b64 %rd{{[0-9]+}}, global_smem;
// CHECK:       st.shared.b32 [%rd{{[0-9]+}}], [[R]];
// CHECK-NEXT:  bar.sync 0;
// CHECK:       ld.shared.b32
// CHECK:       st.global.b32
// CHECK-NOT:   max.f32
// CHECK:       ret;

// A kernel with its own launch bounds keeps them; no .maxntid is added.
// CHECK-LABEL: .visible .entry exact_block(
// CHECK-NOT:   .maxntid
// CHECK:       .reqntid 256, 1, 1
// CHECK-NOT:   .maxntid
// CHECK:       ret;

module attributes {tessera.target = "sm_90a"} {
  llvm.mlir.global external @global_smem() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<0 x i8>

  // y[tid ^ 127] = the NaN-propagating max of x[4 tid .. 4 tid + 3] and of
  // lane tid ^ 16's, exchanged through shared memory.
  llvm.func @row_max(%x: !llvm.ptr<1>, %y: !llvm.ptr<1>, %n: i32) attributes {
      nvvm.kernel, tessera.num_warps = 4 : i32, tessera.threads_per_warp = 32 : i32,
      tessera.shared_bytes = 512 : i32, tessera.param_types = ["ptr:f32", "ptr:f32", "i32"]} {
    %tid = nvvm.read.ptx.sreg.tid.x : i32
    %p = llvm.getelementptr %x[%tid] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, vector<4xf32>
    %v = llvm.load %p {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xf32>
    %m = llvm.intr.vector.reduce.fmaximum(%v) : (vector<4xf32>) -> f32
    %mask = llvm.mlir.constant(-1 : i32) : i32
    %off = llvm.mlir.constant(16 : i32) : i32
    %clamp = llvm.mlir.constant(31 : i32) : i32
    %s = nvvm.shfl.sync bfly %mask, %m, %off, %clamp : f32 -> f32
    %r = llvm.intr.maximum(%m, %s) : (f32, f32) -> f32
    %smem = llvm.mlir.addressof @global_smem : !llvm.ptr<3>
    %slot = llvm.getelementptr %smem[%tid] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, f32
    llvm.store %r, %slot : f32, !llvm.ptr<3>
    nvvm.barrier0
    %c127 = llvm.mlir.constant(127 : i32) : i32
    %other = llvm.xor %tid, %c127 : i32
    %oslot = llvm.getelementptr %smem[%other] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, f32
    %o = llvm.load %oslot : !llvm.ptr<3> -> f32
    %q = llvm.getelementptr %y[%tid] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, f32
    llvm.store %o, %q : f32, !llvm.ptr<1>
    llvm.return
  }

  llvm.func @exact_block(%y: !llvm.ptr<1>) attributes {
      nvvm.kernel, nvvm.reqntid = array<i32: 256, 1, 1>, tessera.num_warps = 8 : i32} {
    %tid = nvvm.read.ptx.sreg.tid.x : i32
    %f = llvm.uitofp %tid : i32 to f32
    %q = llvm.getelementptr %y[%tid] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, f32
    llvm.store %f, %q : f32, !llvm.ptr<1>
    llvm.return
  }
}
