// RUN: tessera-opt %s -split-input-file --tgpu-allocate-shared-memory --convert-tgpu-to-llvm -verify-diagnostics | FileCheck %s

// A row of 256 over 1 warp (8 registers per thread): in-thread combines in
// register order, then 5 butterfly shuffles; no shared memory, no barrier.
// The combiner is applied as written: maximumf stays NaN-propagating.

#b = #tgpu.blocked<{sizePerThread = [8], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @warp_max
tile.func private @warp_max(%x: tensor<256xf32, #b>) -> f32
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK-COUNT-7: llvm.intr.maximum
  // CHECK: nvvm.shfl.sync bfly %{{.*}}, %{{.*}}, %[[O1:.*]], %{{.*}} : i32 -> i32
  // CHECK: llvm.intr.maximum
  // CHECK-COUNT-4: nvvm.shfl.sync bfly
  // CHECK-NOT: nvvm.barrier0
  // CHECK-NOT: global_smem
  // CHECK: llvm.return
  %m = tile.reduce %x axis = 0 : (tensor<256xf32, #b>) -> f32 {
  ^bb0(%a: f32, %c: f32):
    %r = arith.maximumf %a, %c : f32
    tile.reduce.return %r : f32
  }
  tile.return %m : f32
}
}

// -----

// Warps split the row: partials go through shared memory, written by one
// lane per warp, a barrier, and every thread combines the 4 warp slots in
// order. The scratch (4 slots x 4 bytes) is allocated; as the first user of
// shared memory in the function it needs no barrier before writing.

#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK: llvm.mlir.global external @global_smem() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<0 x i8>
// CHECK-LABEL: llvm.func @cta_sum
// CHECK-SAME: tessera.shared_bytes = 16 : i32
tile.func @cta_sum(%px: !tile.ptr<f32>, %out: !tile.ptr<f32>)
    attributes {tile.kernel, tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %range = tile.make_range {start = 0 : i32, end = 512 : i32} : tensor<512xi32, #b>
  %base = tile.splat %px : tensor<512x!tile.ptr<f32>, #b>
  %ptrs = tile.addptr %base, %range : tensor<512x!tile.ptr<f32>, #b>, tensor<512xi32, #b>
  %x = tile.load %ptrs : tensor<512x!tile.ptr<f32>, #b>
  // CHECK-COUNT-5: nvvm.shfl.sync bfly
  // CHECK-NOT: nvvm.barrier0
  // CHECK: llvm.cond_br
  // CHECK: llvm.store %{{.*}}, %{{.*}} : f32, !llvm.ptr<3>
  // CHECK: nvvm.barrier0
  // CHECK-COUNT-4: llvm.load %{{.*}} : !llvm.ptr<3> -> f32
  // CHECK-NOT: nvvm.barrier0
  %s = tile.reduce %x axis = 0 : (tensor<512xf32, #b>) -> f32 {
  ^bb0(%a: f32, %c: f32):
    %r = arith.addf %a, %c : f32
    tile.reduce.return %r : f32
  }
  tile.store %out, %s : !tile.ptr<f32>
  tile.return
}
}

// -----

// Two reductions in a kernel reuse the same scratch bytes: the second waits
// for every thread to have read the first's partials before overwriting
// them (a barrier before its write), and so does one inside a loop.

#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func @two_sums
tile.func @two_sums(%px: !tile.ptr<f32>, %out: !tile.ptr<f32>)
    attributes {tile.kernel, tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %range = tile.make_range {start = 0 : i32, end = 512 : i32} : tensor<512xi32, #b>
  %base = tile.splat %px : tensor<512x!tile.ptr<f32>, #b>
  %ptrs = tile.addptr %base, %range : tensor<512x!tile.ptr<f32>, #b>, tensor<512xi32, #b>
  %x = tile.load %ptrs : tensor<512x!tile.ptr<f32>, #b>
  // First reduction: one barrier (write -> read).
  // CHECK: llvm.store %{{.*}}, %{{.*}} : f32, !llvm.ptr<3>
  // CHECK: nvvm.barrier0
  // CHECK-COUNT-4: llvm.load %{{.*}} : !llvm.ptr<3> -> f32
  %s = tile.reduce %x axis = 0 : (tensor<512xf32, #b>) -> f32 {
  ^bb0(%a: f32, %c: f32):
    %r = arith.addf %a, %c : f32
    tile.reduce.return %r : f32
  }
  // Second: a fence first, then the same pattern.
  // CHECK: nvvm.barrier0
  // CHECK: llvm.store %{{.*}}, %{{.*}} : f32, !llvm.ptr<3>
  // CHECK: nvvm.barrier0
  %m = tile.reduce %x axis = 0 : (tensor<512xf32, #b>) -> f32 {
  ^bb0(%a: f32, %c: f32):
    %r = arith.maximumf %a, %c : f32
    tile.reduce.return %r : f32
  }
  %t = arith.addf %s, %m : f32
  tile.store %out, %t : !tile.ptr<f32>
  tile.return
}
}

// -----

// Reducing rows of a 2-D tile keeps the result in the slice layout: each
// thread ends with the sums of its own rows; an argmax carries two values.

#b = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [1, 1], order = [1, 0]}>
#s = #tgpu.slice<{dim = 1, parent = #b}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @argmax_rows
// CHECK-SAME: -> !llvm.struct<(struct<(f32)>, struct<(i32)>)>
tile.func private @argmax_rows(%v: tensor<4x32xf32, #b>, %i: tensor<4x32xi32, #b>)
    -> (tensor<4xf32, #s>, tensor<4xi32, #s>)
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  // 8 lanes along a row: 3 shuffle rounds of two values each.
  // CHECK-COUNT-6: nvvm.shfl.sync bfly
  // CHECK-NOT: nvvm.shfl.sync
  // CHECK: llvm.return
  %m, %j = tile.reduce %v, %i axis = 1 : (tensor<4x32xf32, #b>, tensor<4x32xi32, #b>) -> (tensor<4xf32, #s>, tensor<4xi32, #s>) {
  ^bb0(%a: f32, %ai: i32, %c: f32, %ci: i32):
    %gt = arith.cmpf ogt, %a, %c : f32
    %mv = arith.select %gt, %a, %c : f32
    %mi = arith.select %gt, %ai, %ci : i32
    tile.reduce.return %mv, %mi : f32, i32
  }
  tile.return %m, %j : tensor<4xf32, #s>, tensor<4xi32, #s>
}
}

// -----

// An i32 reduction whose axis covers all 32 lanes, with an integer combiner
// the hardware reduces: one redux.sync per output (sm_80+) instead of 5
// butterfly shuffles and combines; unsigned max maps to umax.

#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @warp_isum
tile.func private @warp_isum(%x: tensor<128xi32, #b>) -> (i32, i32)
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK-COUNT-3: llvm.add
  // CHECK-NOT: nvvm.shfl.sync
  // CHECK: nvvm.redux.sync add %{{.*}}, %{{.*}} : i32 -> i32
  // CHECK-NOT: nvvm.shfl.sync
  // CHECK: nvvm.redux.sync umax %{{.*}}, %{{.*}} : i32 -> i32
  // CHECK-NOT: nvvm.shfl.sync
  %s = tile.reduce %x axis = 0 : (tensor<128xi32, #b>) -> i32 {
  ^bb0(%a: i32, %c: i32):
    %r = arith.addi %a, %c : i32
    tile.reduce.return %r : i32
  }
  %m = tile.reduce %x axis = 0 : (tensor<128xi32, #b>) -> i32 {
  ^bb0(%a: i32, %c: i32):
    %r = arith.maxui %a, %c : i32
    tile.reduce.return %r : i32
  }
  tile.return %s, %m : i32, i32
}
}

// -----

// No redux.sync where it does not apply: the axis covers 16 of the 32 lanes
// (rows of 16 lanes: 4 butterflies), the combiner is not one op the hardware
// reduces (muli), or the element type is not i32 (i64).

#b = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [2, 16], warpsPerCTA = [1, 1], order = [1, 0]}>
#w = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_90"} {
// CHECK-LABEL: llvm.func internal @no_redux
tile.func private @no_redux(%x: tensor<2x16xi32, #b>, %y: tensor<32xi32, #w>, %z: tensor<32xi64, #w>)
    -> (tensor<2xi32, #tgpu.slice<{dim = 1, parent = #b}>>, i32, i64)
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK-NOT: nvvm.redux.sync
  // CHECK-COUNT-4: nvvm.shfl.sync bfly
  // CHECK-NOT: nvvm.redux.sync
  // CHECK: llvm.mul
  // CHECK-NOT: nvvm.redux.sync
  // CHECK-COUNT-10: nvvm.shfl.sync bfly
  // CHECK-NOT: nvvm.redux.sync
  // CHECK: llvm.return
  %s = tile.reduce %x axis = 1 : (tensor<2x16xi32, #b>) -> tensor<2xi32, #tgpu.slice<{dim = 1, parent = #b}>> {
  ^bb0(%a: i32, %c: i32):
    %r = arith.addi %a, %c : i32
    tile.reduce.return %r : i32
  }
  %p = tile.reduce %y axis = 0 : (tensor<32xi32, #w>) -> i32 {
  ^bb0(%a: i32, %c: i32):
    %r = arith.muli %a, %c : i32
    tile.reduce.return %r : i32
  }
  %q = tile.reduce %z axis = 0 : (tensor<32xi64, #w>) -> i64 {
  ^bb0(%a: i64, %c: i64):
    %r = arith.addi %a, %c : i64
    tile.reduce.return %r : i64
  }
  tile.return %s, %p, %q : tensor<2xi32, #tgpu.slice<{dim = 1, parent = #b}>>, i32, i64
}
}
