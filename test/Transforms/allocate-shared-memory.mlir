// RUN: tessera-opt %s -split-input-file --tgpu-allocate-shared-memory | FileCheck %s

// Scratch lives only while its op runs, so consecutive ops reuse the same
// bytes; the function needs the largest, not the sum. Reductions that stay
// within a warp and register renamings need none.

#row = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#one = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @reuse
// CHECK-SAME: tgpu.shared_bytes = 2048 : i32
tile.func private @reuse(%x: tensor<512xf32, #row>) -> (f32, tensor<512xf32, #one>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK: reduce {{.*}} {tgpu.scratch_offset = 0 : i32}
  %s = tile.reduce %x axis = 0 : (tensor<512xf32, #row>) -> f32 {
  ^bb0(%a: f32, %c: f32):
    %r = arith.addf %a, %c : f32
    tile.reduce.return %r : f32
  }
  // CHECK: tgpu.convert_layout %{{.*}} {tgpu.scratch_offset = 0 : i32}
  %y = tgpu.convert_layout %x : tensor<512xf32, #row> -> tensor<512xf32, #one>
  tile.return %s, %y : f32, tensor<512xf32, #one>
}
}

// -----

#w = #tgpu.blocked<{sizePerThread = [8], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @none
// CHECK-SAME: tgpu.shared_bytes = 0 : i32
// CHECK-NOT: scratch_offset
tile.func private @none(%x: tensor<256xf32, #w>) -> f32
    attributes {tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %s = tile.reduce %x axis = 0 : (tensor<256xf32, #w>) -> f32 {
  ^bb0(%a: f32, %c: f32):
    %r = arith.addf %a, %c : f32
    tile.reduce.return %r : f32
  }
  tile.return %s : f32
}
}
