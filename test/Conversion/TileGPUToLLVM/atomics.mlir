// RUN: tessera-opt %s -split-input-file --tgpu-allocate-shared-memory --convert-tgpu-to-llvm | FileCheck %s
// RUN: tessera-compile %tessera_src_root/kernels/test_atomics.mlir.in -D BLOCK=1024 -D WARPS=4 -D ELEM=i32 --sm=90a -o %t.i32.ptx
// RUN: FileCheck %s --check-prefix=PTX --input-file=%t.i32.ptx
// RUN: tessera-compile %tessera_src_root/kernels/test_atomics.mlir.in -D BLOCK=256 -D WARPS=4 -D ELEM=i16 --sm=90a -o %t.i16.ptx
// RUN: FileCheck %s --check-prefix=PTX16 --input-file=%t.i16.ptx

// Exactly one thread performs each element's atomic; the old values travel
// through shared memory only when a holder of an element is not the thread
// that performed its atomic (and the result is used).

// A scalar atomic whose result is used: thread 0 performs it and writes the
// old value to scratch; a barrier; every thread reads it.
module attributes {tgpu.target = "sm_90"} {
// CHECK-LABEL: llvm.func @scalar_used
// CHECK-SAME: tessera.shared_bytes = 4 : i32
tile.func @scalar_used(%p: !tile.ptr<i32>, %q: !tile.ptr<i32>)
    attributes {tile.kernel, tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %one = arith.constant 1 : i32
  // CHECK: %[[TID:.*]] = nvvm.read.ptx.sreg.tid.x
  // CHECK: %[[T0:.*]] = llvm.icmp "eq" %[[TID]], %{{.*}}
  // CHECK: llvm.cond_br %[[T0]], ^[[DO:.*]], ^[[JOIN:.*]](%{{.*}} : i32)
  // CHECK: ^[[DO]]:
  // CHECK-NEXT: llvm.fence syncscope("device") acq_rel
  // CHECK-NEXT: %[[OLD:.*]] = llvm.atomicrmw add %{{.*}}, %{{.*}} syncscope("device") monotonic {alignment = 4 : i64} : !llvm.ptr<1>, i32
  // CHECK-NEXT: llvm.fence syncscope("device") acq_rel
  // CHECK: llvm.cond_br %[[T0]]
  // CHECK: llvm.store %{{.*}}, %{{.*}} : i32, !llvm.ptr<3>
  // CHECK: nvvm.barrier0
  // CHECK: llvm.load %{{.*}} : !llvm.ptr<3> -> i32
  %o = tile.atomic_rmw add, acq_rel, gpu, %p, %one : !tile.ptr<i32>, i32
  tile.store %q, %o : !tile.ptr<i32>
  tile.return
}
}

// -----

// The result unused: no scratch, no barrier.
module attributes {tgpu.target = "sm_90"} {
// CHECK-LABEL: llvm.func @scalar_unused
// CHECK-SAME: tessera.shared_bytes = 0 : i32
tile.func @scalar_unused(%p: !tile.ptr<f32>, %v: f32)
    attributes {tile.kernel, tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK: llvm.atomicrmw fadd %{{.*}}, %{{.*}} syncscope("block") monotonic
  // CHECK-NOT: nvvm.barrier0
  // CHECK: llvm.return
  %o = tile.atomic_rmw fadd, relaxed, cta, %p, %v : !tile.ptr<f32>, f32
  tile.return
}
}

// -----

// Every element held by one thread and the result in the same layout: one
// atomic per register, masked, old values straight from registers.
#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [2], order = [0]}>
module attributes {tgpu.target = "sm_90"} {
// CHECK-LABEL: llvm.func internal @tensor_owned
// CHECK-SAME: tessera.shared_bytes = 0 : i32
tile.func @tensor_owned(%p: tensor<128x!tile.ptr<i32>, #b>, %v: tensor<128xi32, #b>,
                        %m: tensor<128xi1, #b>) -> tensor<128xi32, #b>
    attributes {tgpu.num_warps = 2 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK: llvm.fence release
  // CHECK-NEXT: llvm.atomicrmw max %{{.*}}, %{{.*}} monotonic
  // CHECK-NOT: llvm.fence acquire
  // CHECK: llvm.fence release
  // CHECK-NEXT: llvm.atomicrmw max %{{.*}}, %{{.*}} monotonic
  // CHECK-NOT: llvm.atomicrmw
  // CHECK-NOT: nvvm.barrier0
  // CHECK: llvm.return
  %o = tile.atomic_rmw max, release, sys, %p, %v, %m : tensor<128x!tile.ptr<i32>, #b>, tensor<128xi32, #b>
  tile.return %o : tensor<128xi32, #b>
}
}

// -----

// 16 elements on 64 threads with 2 registers each: lanes 0-7 hold them, lane
// bits 3 and 4 and warp bit 0 are broadcast (the owner predicate). Used
// result: 16 x 4 bytes of scratch, each owner register writes its old value,
// a barrier, 2 reads.
#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [2], order = [0]}>
module attributes {tgpu.target = "sm_90"} {
// CHECK-LABEL: llvm.func internal @tensor_broadcast
// CHECK-SAME: tessera.shared_bytes = 64 : i32
tile.func @tensor_broadcast(%p: tensor<16x!tile.ptr<i32>, #b>, %v: i32) -> tensor<16xi32, #b>
    attributes {tgpu.num_warps = 2 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK: llvm.icmp "eq"
  // CHECK: llvm.and
  // CHECK: llvm.atomicrmw umin %{{.*}}, %{{.*}} syncscope("block") monotonic
  // CHECK-NEXT: llvm.fence syncscope("block") acquire
  // CHECK: llvm.store %{{.*}}, %{{.*}} : i32, !llvm.ptr<3>
  // CHECK: llvm.atomicrmw umin %{{.*}}, %{{.*}} syncscope("block") monotonic
  // CHECK-NEXT: llvm.fence syncscope("block") acquire
  // CHECK: llvm.store %{{.*}}, %{{.*}} : i32, !llvm.ptr<3>
  // CHECK-NOT: llvm.atomicrmw
  // CHECK: nvvm.barrier0
  // CHECK-COUNT-2: llvm.load %{{.*}} : !llvm.ptr<3> -> i32
  %o = tile.atomic_rmw umin, acquire, cta, %p, %v : tensor<16x!tile.ptr<i32>, #b>, i32
  tile.return %o : tensor<16xi32, #b>
}
}

// -----

// Compare-and-swap of f32 compares bits; no result use, no scratch.
#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_90"} {
// CHECK-LABEL: llvm.func internal @cas_f32
// CHECK-SAME: tessera.shared_bytes = 0 : i32
tile.func private @cas_f32(%p: tensor<32x!tile.ptr<f32>, #b>, %c: tensor<32xf32, #b>, %v: tensor<32xf32, #b>)
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK: llvm.bitcast %{{.*}} : f32 to i32
  // CHECK: llvm.cmpxchg %{{.*}}, %{{.*}}, %{{.*}} syncscope("device") acq_rel acquire {alignment = 4 : i64} : !llvm.ptr<1>, i32
  // CHECK-NOT: nvvm.barrier0
  %o = tile.atomic_cas acq_rel, gpu, %p, %c, %v : tensor<32x!tile.ptr<f32>, #b>
  tile.return
}
}

// The GPU test kernels through the whole pipeline.
// PTX-LABEL: .entry ticket(
// PTX: setp.ne.b32 %p{{[0-9]+}}, %r{{[0-9]+}}, 0;
// PTX: fence.acq_rel.gpu;
// PTX-NEXT: atom.global.add.u32
// PTX-NEXT: fence.acq_rel.gpu;
// PTX: bar.sync 0
// PTX-LABEL: .entry hist(
// PTX-NOT: bar.sync
// PTX: atom.global.add.u32
// PTX-NOT: bar.sync
// PTX-LABEL: .entry bcast(
// PTX: atom.global.add.u32
// PTX: bar.sync 0
// PTX-LABEL: .entry cas(
// PTX-NOT: bar.sync
// PTX: atom.acq_rel.gpu.global.cas.b32
// 16-bit CAS: LLVM's NVPTX emulates it on the containing 32-bit word (a
// relaxed b32 CAS loop between acq_rel fences).
// PTX16-LABEL: .entry cas(
// PTX16: fence.acq_rel.gpu;
// PTX16: atom.relaxed.gpu.global.cas.b32
// PTX16: fence.acq_rel.gpu;
