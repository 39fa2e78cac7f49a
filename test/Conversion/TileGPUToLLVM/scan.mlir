// RUN: tessera-opt %s -split-input-file --tgpu-allocate-shared-memory --convert-tgpu-to-llvm -verify-diagnostics | FileCheck %s

// One warp, a row of 128 = 2 registers x 32 lanes x 2 repetitions. The
// layout's axis digits are register | 5 lanes | register: an in-thread add
// per repetition, a Hillis-Steele scan over the lanes (shfl.sync up by 1, 2,
// 4, 8, 16) and one more `up` by 1 for the exclusive prefix, per repetition;
// the second repetition gets the first's total from lane 31 (shfl.sync idx).
// No shared memory, no barrier.

#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-NOT: global_smem
// CHECK-LABEL: llvm.func internal @warp_cumsum
// CHECK-SAME: tessera.shared_bytes = 0 : i32
tile.func private @warp_cumsum(%x: tensor<128xi32, #b>) -> tensor<128xi32, #b>
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK-COUNT-2: llvm.add
  // CHECK: %[[D1:.*]] = llvm.mlir.constant(1 : i32) : i32
  // CHECK-NEXT: llvm.mlir.constant(-1 : i32) : i32
  // CHECK-NEXT: %[[CLAMP:.*]] = llvm.mlir.constant(0 : i32) : i32
  // CHECK-NEXT: nvvm.shfl.sync  up %{{.*}}, %{{.*}}, %[[D1]], %[[CLAMP]] : i32 -> i32
  // CHECK: %[[D16:.*]] = llvm.mlir.constant(16 : i32) : i32
  // CHECK-NEXT: llvm.mlir.constant(-1 : i32) : i32
  // CHECK-NEXT: llvm.mlir.constant(0 : i32) : i32
  // CHECK-NEXT: nvvm.shfl.sync  up %{{.*}}, %{{.*}}, %[[D16]], %{{.*}} : i32 -> i32
  // CHECK-COUNT-7: nvvm.shfl.sync  up
  // CHECK-NOT: nvvm.shfl.sync  up
  // CHECK: nvvm.shfl.sync  idx
  // CHECK-NOT: nvvm.shfl.sync
  // CHECK-NOT: nvvm.barrier0
  // CHECK: llvm.return
  %c = tile.scan %x axis = 0 : (tensor<128xi32, #b>) -> tensor<128xi32, #b> {
  ^bb0(%a: i32, %e: i32):
    %r = arith.addi %a, %e : i32
    tile.scan.return %r : i32
  }
  tile.return %c : tensor<128xi32, #b>
}
}

// -----

// Four warps split the row (a device function, so its scratch is fenced: a
// caller may have used the bytes): after the in-warp scan, lane 31 of each warp
// stores its warp's total (between two barriers), and every thread folds the
// totals of warps 0..2 that come before its own: 3 loads. 4 slots x 4 bytes.

#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK: llvm.mlir.global external @global_smem()
// CHECK-LABEL: llvm.func internal @cta_cumsum
// CHECK-SAME: tessera.shared_bytes = 16 : i32
tile.func private @cta_cumsum(%x: tensor<256xf32, #b>) -> tensor<256xf32, #b>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK: llvm.fadd
  // CHECK-COUNT-6: nvvm.shfl.sync  up
  // CHECK-NOT: nvvm.shfl.sync
  // CHECK: nvvm.barrier0
  // CHECK: llvm.cond_br
  // CHECK: llvm.store %{{.*}}, %{{.*}} : f32, !llvm.ptr<3>
  // CHECK-NEXT: llvm.br
  // CHECK: nvvm.barrier0
  // CHECK-COUNT-3: llvm.load %{{.*}} : !llvm.ptr<3> -> f32
  // CHECK-NOT: llvm.load
  // CHECK-NOT: nvvm.barrier0
  // CHECK: llvm.return
  %c = tile.scan %x axis = 0 : (tensor<256xf32, #b>) -> tensor<256xf32, #b> {
  ^bb0(%a: f32, %e: f32):
    %r = arith.addf %a, %e : f32
    tile.scan.return %r : f32
  }
  tile.return %c : tensor<256xf32, #b>
}
}

// -----

// Longer than the CTA tile (256): four repetitions in the high register
// bits. The warp level stores all 16 warp totals (4 per repetition) in one
// round; every thread folds the 3 warps before its own for each repetition
// and, from the same 16 values, the total of each repetition (the same left
// fold warp 3's last element ends with), which the repetition level adds in
// order. One round: 64 bytes, two barriers, no second store.

#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @long_cumsum
// CHECK-SAME: tessera.shared_bytes = 64 : i32
tile.func private @long_cumsum(%x: tensor<1024xi32, #b>) -> tensor<1024xi32, #b>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK-COUNT-24: nvvm.shfl.sync  up
  // CHECK: nvvm.barrier0
  // CHECK: llvm.cond_br
  // CHECK-COUNT-4: llvm.store %{{.*}}, %{{.*}} : i32, !llvm.ptr<3>
  // CHECK: nvvm.barrier0
  // CHECK-COUNT-16: llvm.load %{{.*}} : !llvm.ptr<3> -> i32
  // CHECK-NOT: llvm.load
  // CHECK-NOT: llvm.store
  // CHECK-NOT: nvvm.barrier0
  // CHECK-NOT: nvvm.shfl.sync
  // CHECK: llvm.return
  %c = tile.scan %x axis = 0 : (tensor<1024xi32, #b>) -> tensor<1024xi32, #b> {
  ^bb0(%a: i32, %e: i32):
    %r = arith.addi %a, %e : i32
    tile.scan.return %r : i32
  }
  tile.return %c : tensor<1024xi32, #b>
}
}

// -----

// Reverse: the scan runs from the end, so lanes take from higher lanes
// (shfl.sync down) and lane 0 of each warp writes its warp's total.

#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [2], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @reverse_cumsum
// CHECK-SAME: tessera.shared_bytes = 16 : i32
tile.func private @reverse_cumsum(%x: tensor<256xi32, #b>) -> tensor<256xi32, #b>
    attributes {tgpu.num_warps = 2 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK-COUNT-3: llvm.add
  // CHECK: %[[D1:.*]] = llvm.mlir.constant(1 : i32) : i32
  // CHECK-NEXT: llvm.mlir.constant(-1 : i32) : i32
  // CHECK-NEXT: %[[CLAMP:.*]] = llvm.mlir.constant(31 : i32) : i32
  // CHECK-NEXT: nvvm.shfl.sync  down %{{.*}}, %{{.*}}, %[[D1]], %[[CLAMP]] : i32 -> i32
  // CHECK-COUNT-5: nvvm.shfl.sync  down
  // CHECK-NOT: nvvm.shfl.sync
  // CHECK: nvvm.barrier0
  // CHECK: %[[LANE_BITS:.*]] = llvm.and %{{.*}}, %{{.*}} : i32
  // CHECK: %[[WRITER:.*]] = llvm.icmp "eq" %[[LANE_BITS]], %{{.*}} : i32
  // CHECK: llvm.cond_br %[[WRITER]]
  // CHECK: nvvm.barrier0
  // CHECK-COUNT-1: llvm.load %{{.*}} : !llvm.ptr<3> -> i32
  // CHECK-NOT: llvm.load
  // CHECK: llvm.return
  %c = tile.scan %x axis = 0 reverse : (tensor<256xi32, #b>) -> tensor<256xi32, #b> {
  ^bb0(%a: i32, %e: i32):
    %r = arith.addi %a, %e : i32
    tile.scan.return %r : i32
  }
  tile.return %c : tensor<256xi32, #b>
}
}

// -----

// A 2-D tile scanned along each axis. Along the rows (axis 1): 4 registers
// and 8 lanes (lane bits 0-2: shfl.sync up by 1, 2, 4); the warps split the
// other axis, so no shared memory. Down the columns (axis 0): lane bits 3-4
// (up by 8, 16) then the 4 warps through shared memory, per column: 4 column
// slots x 32 columns x 4 bytes.

#b = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @rows
// CHECK-SAME: tessera.shared_bytes = 0 : i32
tile.func private @rows(%x: tensor<16x32xf32, #b>) -> tensor<16x32xf32, #b>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK-COUNT-3: llvm.fadd
  // CHECK: %[[D4:.*]] = llvm.mlir.constant(4 : i32) : i32
  // CHECK-NEXT: llvm.bitcast
  // CHECK-NEXT: llvm.mlir.constant(-1 : i32) : i32
  // CHECK-NEXT: llvm.mlir.constant(0 : i32) : i32
  // CHECK-NEXT: nvvm.shfl.sync  up %{{.*}}, %{{.*}}, %[[D4]], %{{.*}} : i32 -> i32
  // CHECK-COUNT-1: nvvm.shfl.sync  up
  // CHECK-NOT: nvvm.shfl.sync
  // CHECK-NOT: nvvm.barrier0
  // CHECK: llvm.return
  %c = tile.scan %x axis = 1 : (tensor<16x32xf32, #b>) -> tensor<16x32xf32, #b> {
  ^bb0(%a: f32, %e: f32):
    %r = arith.addf %a, %e : f32
    tile.scan.return %r : f32
  }
  tile.return %c : tensor<16x32xf32, #b>
}

// CHECK-LABEL: llvm.func internal @columns
// CHECK-SAME: tessera.shared_bytes = 512 : i32
tile.func private @columns(%x: tensor<16x32xf32, #b>) -> tensor<16x32xf32, #b>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // No in-thread step: each thread holds one row of the column.
  // CHECK-NOT: llvm.fadd
  // CHECK: %[[D8:.*]] = llvm.mlir.constant(8 : i32) : i32
  // CHECK-NEXT: llvm.bitcast
  // CHECK-NEXT: llvm.mlir.constant(-1 : i32) : i32
  // CHECK-NEXT: llvm.mlir.constant(0 : i32) : i32
  // CHECK-NEXT: nvvm.shfl.sync  up %{{.*}}, %{{.*}}, %[[D8]], %{{.*}} : i32 -> i32
  // CHECK: %[[D16:.*]] = llvm.mlir.constant(16 : i32) : i32
  // CHECK-NEXT: llvm.bitcast
  // CHECK-NEXT: llvm.mlir.constant(-1 : i32) : i32
  // CHECK-NEXT: llvm.mlir.constant(0 : i32) : i32
  // CHECK-NEXT: nvvm.shfl.sync  up %{{.*}}, %{{.*}}, %[[D16]], %{{.*}} : i32 -> i32
  // CHECK: nvvm.barrier0
  // CHECK-COUNT-4: llvm.store %{{.*}}, %{{.*}} : f32, !llvm.ptr<3>
  // CHECK: nvvm.barrier0
  // 4 columns per thread, 3 earlier warps each.
  // CHECK-COUNT-12: llvm.load %{{.*}} : !llvm.ptr<3> -> f32
  // CHECK-NOT: llvm.load
  // CHECK: llvm.return
  %c = tile.scan %x axis = 0 : (tensor<16x32xf32, #b>) -> tensor<16x32xf32, #b> {
  ^bb0(%a: f32, %e: f32):
    %r = arith.addf %a, %e : f32
    tile.scan.return %r : f32
  }
  tile.return %c : tensor<16x32xf32, #b>
}
}

// -----

// Two operands scan together: a running argmax (value, index) whose
// combiner takes four values. Each shuffle step moves both; the scratch
// holds one region per operand (2 slots each, 16-byte aligned).

#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [2], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @running_argmax
// CHECK-SAME: tessera.shared_bytes = 32 : i32
tile.func private @running_argmax(%v: tensor<64xf32, #b>, %i: tensor<64xi32, #b>)
    -> (tensor<64xf32, #b>, tensor<64xi32, #b>)
    attributes {tgpu.num_warps = 2 : i32, tgpu.threads_per_warp = 32 : i32} {
  // 5 Hillis-Steele steps and the exclusive prefix, of both operands.
  // CHECK-COUNT-12: nvvm.shfl.sync  up
  // CHECK-NOT: nvvm.shfl.sync
  // CHECK: nvvm.barrier0
  // CHECK: llvm.store %{{.*}}, %{{.*}} : f32, !llvm.ptr<3>
  // CHECK-NEXT: llvm.store %{{.*}}, %{{.*}} : i32, !llvm.ptr<3>
  // CHECK: nvvm.barrier0
  // CHECK: llvm.load %{{.*}} : !llvm.ptr<3> -> f32
  // CHECK: llvm.load %{{.*}} : !llvm.ptr<3> -> i32
  // CHECK: llvm.fcmp "ogt"
  // CHECK: llvm.return
  %m, %j = tile.scan %v, %i axis = 0 : (tensor<64xf32, #b>, tensor<64xi32, #b>) -> (tensor<64xf32, #b>, tensor<64xi32, #b>) {
  ^bb0(%a: f32, %ai: i32, %c: f32, %ci: i32):
    %gt = arith.cmpf ogt, %c, %a : f32
    %mv = arith.select %gt, %c, %a : f32
    %mi = arith.select %gt, %ci, %ai : i32
    tile.scan.return %mv, %mi : f32, i32
  }
  tile.return %m, %j : tensor<64xf32, #b>, tensor<64xi32, #b>
}
}

// -----

// A row shorter than the CTA: lanes 16..31 and warps 1..3 hold copies. The
// copies scan their own copies the same way, so no warp crosses: no shared
// memory, and 4 lane steps (up by 1, 2, 4, 8) plus the exclusive prefix.

#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @broadcast_copies
// CHECK-SAME: tessera.shared_bytes = 0 : i32
tile.func private @broadcast_copies(%x: tensor<16xi32, #b>) -> tensor<16xi32, #b>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK-COUNT-5: nvvm.shfl.sync  up
  // CHECK-NOT: nvvm.shfl.sync
  // CHECK-NOT: nvvm.barrier0
  // CHECK: llvm.return
  %c = tile.scan %x axis = 0 : (tensor<16xi32, #b>) -> tensor<16xi32, #b> {
  ^bb0(%a: i32, %e: i32):
    %r = arith.addi %a, %e : i32
    tile.scan.return %r : i32
  }
  tile.return %c : tensor<16xi32, #b>
}
}

// -----

// The result must stay in the operand's layout (tile-to-tgpu gives it so).

#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
#c = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
tile.func private @other_layout(%x: tensor<128xi32, #b>) -> tensor<128xi32, #c>
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  // expected-error @+2 {{'tile.scan' op operands and results must share one layout}}
  // expected-error @+1 {{failed to legalize operation 'tile.scan'}}
  %c = tile.scan %x axis = 0 : (tensor<128xi32, #b>) -> tensor<128xi32, #c> {
  ^bb0(%a: i32, %e: i32):
    %r = arith.addi %a, %e : i32
    tile.scan.return %r : i32
  }
  tile.return %c : tensor<128xi32, #c>
}
}

// -----

// In a kernel, where nothing used the scratch before, the allocation sets no
// `tgpu.scratch_fence`: the only barrier is the one between the warps'
// stores and their reads.

#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func @kernel_cumsum
// CHECK-SAME: tessera.shared_bytes = 16 : i32
tile.func @kernel_cumsum(%p: !tile.ptr<i32>)
    attributes {tile.kernel, tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK-COUNT-6: nvvm.shfl.sync  up
  // CHECK-NOT: nvvm.barrier0
  // CHECK: llvm.cond_br
  // CHECK: llvm.store %{{.*}}, %{{.*}} : i32, !llvm.ptr<3>
  // CHECK: nvvm.barrier0
  // CHECK-COUNT-3: llvm.load %{{.*}} : !llvm.ptr<3> -> i32
  // CHECK-NOT: nvvm.barrier0
  // CHECK: llvm.return
  %r = tile.make_range {start = 0 : i32, end = 256 : i32} : tensor<256xi32, #b>
  %c = tile.scan %r axis = 0 : (tensor<256xi32, #b>) -> tensor<256xi32, #b> {
  ^bb0(%a: i32, %e: i32):
    %s = arith.addi %a, %e : i32
    tile.scan.return %s : i32
  }
  %ps = tile.splat %p : tensor<256x!tile.ptr<i32>, #b>
  %q = tile.addptr %ps, %r : tensor<256x!tile.ptr<i32>, #b>, tensor<256xi32, #b>
  tile.store %q, %c : tensor<256x!tile.ptr<i32>, #b>
  tile.return
}
}
