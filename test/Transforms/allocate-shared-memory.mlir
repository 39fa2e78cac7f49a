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
  // CHECK: reduce {{.*}} {tgpu.scratch_fence, tgpu.scratch_offset = 0 : i32}
  %s = tile.reduce %x axis = 0 : (tensor<512xf32, #row>) -> f32 {
  ^bb0(%a: f32, %c: f32):
    %r = arith.addf %a, %c : f32
    tile.reduce.return %r : f32
  }
  // CHECK: tgpu.convert_layout %{{.*}} {tgpu.scratch_fence, tgpu.scratch_offset = 0 : i32}
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

// -----

// In a kernel the first user of shared memory needs no fence, later users of
// the same bytes do, and so does a user inside a loop; a call takes its
// callee's shared memory.

#row = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// A device function cannot know what its caller did just before: fence.
// CHECK-LABEL: tile.func private @helper
// CHECK: reduce {{.*}} {tgpu.scratch_fence, tgpu.scratch_offset = 0 : i32}
tile.func private @helper(%x: tensor<512xf32, #row>) -> f32
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %s = tile.reduce %x axis = 0 : (tensor<512xf32, #row>) -> f32 {
  ^bb0(%a: f32, %c: f32):
    %r = arith.addf %a, %c : f32
    tile.reduce.return %r : f32
  }
  tile.return %s : f32
}
// CHECK-LABEL: tile.func @kernel
// CHECK-SAME: tgpu.shared_bytes = 16 : i32
tile.func @kernel(%x: tensor<512xf32, #row>, %out: !tile.ptr<f32>, %n: index)
    attributes {tile.kernel, tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK: reduce {{.*}} {tgpu.scratch_offset = 0 : i32}
  %s = tile.reduce %x axis = 0 : (tensor<512xf32, #row>) -> f32 {
  ^bb0(%a: f32, %c: f32):
    %r = arith.addf %a, %c : f32
    tile.reduce.return %r : f32
  }
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %t = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %s) -> (f32) {
    // CHECK: reduce {{.*}} {tgpu.scratch_fence, tgpu.scratch_offset = 0 : i32}
    %m = tile.reduce %x axis = 0 : (tensor<512xf32, #row>) -> f32 {
    ^bb0(%a: f32, %c: f32):
      %r = arith.maximumf %a, %c : f32
      tile.reduce.return %r : f32
    }
    %u = arith.addf %acc, %m : f32
    scf.yield %u : f32
  }
  %h = tile.call @helper(%x) : (tensor<512xf32, #row>) -> f32
  %v = arith.addf %t, %h : f32
  tile.store %out, %v : !tile.ptr<f32>
  tile.return
}
}
