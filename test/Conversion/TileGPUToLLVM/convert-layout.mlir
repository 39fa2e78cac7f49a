// RUN: tessera-opt %s -split-input-file --tgpu-allocate-shared-memory --convert-tgpu-to-llvm | FileCheck %s

// Same elements per thread, different order of registers: a renaming, no
// shared memory.

#a = #tgpu.blocked<{sizePerThread = [1, 2], threadsPerWarp = [32, 1], warpsPerCTA = [1, 1], order = [1, 0]}>
#b = #tgpu.blocked<{sizePerThread = [1, 2], threadsPerWarp = [32, 1], warpsPerCTA = [1, 1], order = [0, 1]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @rename
// CHECK-SAME: tessera.shared_bytes = 0 : i32
// CHECK-NEXT: %[[R0:.*]] = llvm.extractvalue %arg0[0]
// CHECK-NEXT: %[[R1:.*]] = llvm.extractvalue %arg0[1]
// CHECK-NEXT: llvm.mlir.undef
// CHECK-NEXT: llvm.insertvalue %[[R0]], %{{.*}}[0]
// CHECK-NEXT: llvm.insertvalue %[[R1]], %{{.*}}[1]
// CHECK-NEXT: llvm.return
tile.func private @rename(%x: tensor<32x2xf32, #a>) -> tensor<32x2xf32, #b>
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %y = tgpu.convert_layout %x : tensor<32x2xf32, #a> -> tensor<32x2xf32, #b>
  tile.return %y : tensor<32x2xf32, #b>
}
}

// -----

// Elements change warps: through shared memory (the whole 256 x f16 tile,
// 512 bytes), each element written by its owner, read after a barrier. In a
// device function a barrier also comes first: a caller may have used the
// same bytes just before.

#a = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @via_smem
// CHECK-SAME: tessera.shared_bytes = 512 : i32
tile.func private @via_smem(%x: tensor<256xf16, #a>) -> tensor<256xf16, #b>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK: nvvm.barrier0
  // CHECK-COUNT-2: llvm.store %{{.*}}, %{{.*}} : f16, !llvm.ptr<3>
  // CHECK: nvvm.barrier0
  // CHECK-COUNT-2: llvm.load %{{.*}} : !llvm.ptr<3> -> f16
  %y = tgpu.convert_layout %x : tensor<256xf16, #a> -> tensor<256xf16, #b>
  tile.return %y : tensor<256xf16, #b>
}
}

// -----

// Every warp keeps its rows (8w..8w+7 of a 32x16 tile): four shuffle rounds
// of shfl.sync.idx, one per destination register, and no shared memory or
// barrier. A sender lane holds four columns that four receivers need, so
// receivers rotate which register each round fills (selects on the
// receiving side).

#a = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#b = #tgpu.blocked<{sizePerThread = [4, 1], threadsPerWarp = [2, 16], warpsPerCTA = [4, 1], order = [1, 0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @shuffles
// CHECK-SAME: tessera.shared_bytes = 0 : i32
// CHECK-NOT: nvvm.barrier0
// CHECK-NOT: !llvm.ptr<3>
// CHECK-COUNT-4: nvvm.shfl.sync idx
// CHECK-NOT: nvvm.shfl.sync
// CHECK: llvm.select
// CHECK-NOT: nvvm.barrier0
// CHECK: llvm.return
tile.func private @shuffles(%x: tensor<32x16xf32, #a>) -> tensor<32x16xf32, #b>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %y = tgpu.convert_layout %x : tensor<32x16xf32, #a> -> tensor<32x16xf32, #b>
  tile.return %y : tensor<32x16xf32, #b>
}
}

// -----

// 64-bit elements move as two 32-bit shuffles per round; 8-bit ones are
// widened to 32 bits first.

#a = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#b = #tgpu.blocked<{sizePerThread = [4, 1], threadsPerWarp = [2, 16], warpsPerCTA = [4, 1], order = [1, 0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @shuffles_i64
// CHECK-COUNT-8: nvvm.shfl.sync idx
// CHECK-NOT: nvvm.shfl.sync
// CHECK: llvm.return
tile.func private @shuffles_i64(%x: tensor<32x16xi64, #a>) -> tensor<32x16xi64, #b>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %y = tgpu.convert_layout %x : tensor<32x16xi64, #a> -> tensor<32x16xi64, #b>
  tile.return %y : tensor<32x16xi64, #b>
}
// CHECK-LABEL: llvm.func internal @shuffles_i8
// CHECK: llvm.zext %{{.*}} : i8 to i32
// CHECK: nvvm.shfl.sync idx
// CHECK: llvm.trunc %{{.*}} : i32 to i8
tile.func private @shuffles_i8(%x: tensor<32x16xi8, #a>) -> tensor<32x16xi8, #b>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %y = tgpu.convert_layout %x : tensor<32x16xi8, #a> -> tensor<32x16xi8, #b>
  tile.return %y : tensor<32x16xi8, #b>
}
}

// -----

// A row per lane to columns across lanes in one warp: which register a lane
// sends depends on who receives it, so senders select (among 8 registers)
// before each of the 8 rounds.

#a = #tgpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [32, 1], warpsPerCTA = [1, 1], order = [1, 0]}>
#b = #tgpu.blocked<{sizePerThread = [4, 1], threadsPerWarp = [4, 8], warpsPerCTA = [1, 1], order = [0, 1]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @sender_selects
// CHECK-SAME: tessera.shared_bytes = 0 : i32
// CHECK-COUNT-7: llvm.select
// CHECK: nvvm.shfl.sync idx
// CHECK-NOT: nvvm.barrier0
// CHECK: llvm.return
tile.func private @sender_selects(%x: tensor<32x8xf32, #a>) -> tensor<32x8xf32, #b>
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %y = tgpu.convert_layout %x : tensor<32x8xf32, #a> -> tensor<32x8xf32, #b>
  tile.return %y : tensor<32x8xf32, #b>
}
}

// -----

// Every thread already holds what it needs, but the two layouts broadcast
// over different lanes: a thread of #a holds a whole row of the 4x4 tile
// (lanes 0-7 all hold row 0), one of #b a single element (lanes l and l ^ 4
// share it). Lane l wants column l & 3 of its row, its register l & 3: a
// select among its four registers keyed on lane bits 0 and 1, no shared
// memory (getConversionKind: a register permutation).

#a = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [1, 1], order = [1, 0]}>
#b = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [4, 8], warpsPerCTA = [1, 1], order = [1, 0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @bcast_lanes
// CHECK-SAME: tessera.shared_bytes = 0 : i32
// CHECK-DAG: %[[R0:.*]] = llvm.extractvalue %arg0[0]
// CHECK-DAG: %[[R1:.*]] = llvm.extractvalue %arg0[1]
// CHECK-DAG: %[[R2:.*]] = llvm.extractvalue %arg0[2]
// CHECK-DAG: %[[R3:.*]] = llvm.extractvalue %arg0[3]
// CHECK: %[[TID:.*]] = nvvm.read.ptx.sreg.tid.x
// CHECK: %[[LANE:.*]] = llvm.and %[[TID]]
// CHECK: llvm.lshr %[[LANE]]
// CHECK: llvm.lshr %[[LANE]]
// CHECK: %[[C1:.*]] = llvm.icmp "eq" %[[T:[0-9]+]], %{{.*}} : i32
// CHECK: %[[S1:.*]] = llvm.select %[[C1]], %[[R1]], %[[R0]] : i1, f32
// CHECK: %[[C2:.*]] = llvm.icmp "eq" %[[T]]
// CHECK: %[[S2:.*]] = llvm.select %[[C2]], %[[R2]], %[[S1]] : i1, f32
// CHECK: %[[C3:.*]] = llvm.icmp "eq" %[[T]]
// CHECK: %[[S3:.*]] = llvm.select %[[C3]], %[[R3]], %[[S2]] : i1, f32
// CHECK-NOT: llvm.select
// CHECK: llvm.insertvalue %[[S3]]
// CHECK-NOT: nvvm.barrier0
// CHECK-NOT: !llvm.ptr<3>
// CHECK-NOT: nvvm.shfl.sync
// CHECK: llvm.return
tile.func private @bcast_lanes(%x: tensor<4x4xf32, #a>) -> tensor<4x4xf32, #b>
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %y = tgpu.convert_layout %x : tensor<4x4xf32, #a> -> tensor<4x4xf32, #b>
  tile.return %y : tensor<4x4xf32, #b>
}
}

// -----

// Every warp of #a holds all four rows (warps wrap around the 32 columns),
// row r in register r; in #b warp w holds row w. Warp w's threads already
// hold row w, in register w: a select keyed on the warp id.

#a = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [1, 0]}>
#b = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @by_warp
// CHECK-SAME: tessera.shared_bytes = 0 : i32
// CHECK: %[[TID:.*]] = nvvm.read.ptx.sreg.tid.x
// CHECK: %[[WARP:.*]] = llvm.lshr %[[TID]]
// CHECK: llvm.lshr %[[WARP]]
// CHECK: llvm.lshr %[[WARP]]
// CHECK-COUNT-3: llvm.select
// CHECK-NOT: llvm.select
// CHECK-NOT: nvvm.barrier0
// CHECK-NOT: !llvm.ptr<3>
// CHECK: llvm.return
tile.func private @by_warp(%x: tensor<4x32xf32, #a>) -> tensor<4x32xf32, #b>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %y = tgpu.convert_layout %x : tensor<4x32xf32, #a> -> tensor<4x32xf32, #b>
  tile.return %y : tensor<4x32xf32, #b>
}
}

// -----

// A slice (lanes 2..31 copies of lanes 0 and 1, four registers: rows
// {0,1,4,5} or {2,3,6,7}) to a blocked layout (two consecutive elements per
// lane): lane l needs rows 2(l&3), 2(l&3)+1, which it holds in registers
// 0, 1 or 2, 3 by lane bit 1: one select per destination register, keyed on
// that bit (the comparison is shared after cse). 64-bit elements select as
// they are.

#p = #tgpu.blocked<{sizePerThread = [2, 1], threadsPerWarp = [2, 16], warpsPerCTA = [1, 1], order = [0, 1]}>
#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @slice_to_blocked
// CHECK-SAME: tessera.shared_bytes = 0 : i32
// CHECK-DAG: %[[R0:.*]] = llvm.extractvalue %arg0[0]
// CHECK-DAG: %[[R1:.*]] = llvm.extractvalue %arg0[1]
// CHECK-DAG: %[[R2:.*]] = llvm.extractvalue %arg0[2]
// CHECK-DAG: %[[R3:.*]] = llvm.extractvalue %arg0[3]
// CHECK: llvm.select %{{.*}}, %[[R2]], %[[R0]] : i1, i64
// CHECK: llvm.select %{{.*}}, %[[R3]], %[[R1]] : i1, i64
// CHECK-NOT: llvm.select
// CHECK-NOT: nvvm.barrier0
// CHECK-NOT: !llvm.ptr<3>
// CHECK: llvm.return
tile.func private @slice_to_blocked(%x: tensor<8xi64, #tgpu.slice<{dim = 1, parent = #p}>>) -> tensor<8xi64, #b>
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %y = tgpu.convert_layout %x : tensor<8xi64, #tgpu.slice<{dim = 1, parent = #p}>> -> tensor<8xi64, #b>
  tile.return %y : tensor<8xi64, #b>
}
}

// -----

// The other way round a slice thread needs rows that other lanes hold:
// four shuffle rounds (each 64-bit value as two 32-bit halves), still no
// shared memory.

#p = #tgpu.blocked<{sizePerThread = [2, 1], threadsPerWarp = [2, 16], warpsPerCTA = [1, 1], order = [0, 1]}>
#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @blocked_to_slice
// CHECK-SAME: tessera.shared_bytes = 0 : i32
// CHECK-COUNT-8: nvvm.shfl.sync idx
// CHECK-NOT: nvvm.shfl.sync
// CHECK-NOT: nvvm.barrier0
// CHECK: llvm.return
tile.func private @blocked_to_slice(%x: tensor<8xi64, #b>) -> tensor<8xi64, #tgpu.slice<{dim = 1, parent = #p}>>
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %y = tgpu.convert_layout %x : tensor<8xi64, #b> -> tensor<8xi64, #tgpu.slice<{dim = 1, parent = #p}>>
  tile.return %y : tensor<8xi64, #tgpu.slice<{dim = 1, parent = #p}>>
}
}
