// RUN: tessera-opt %s -split-input-file --tgpu-remat-single-use | FileCheck %s

// A vector loaded only to be converted is loaded in the target layout: the
// address computation and the load are rebuilt there, the range copied (it
// has another user), and no conversion is left.

#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#t = #tgpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#s = #tgpu.slice<{dim = 0, parent = #t}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @load_in_place
tile.func private @load_in_place(%p: !tile.ptr<f32>) -> (tensor<1x64xf32, #t>, tensor<64xi32, #v>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK-NOT: convert_layout
  // CHECK: %[[R:.*]] = make_range {{.*}} : tensor<64xi32, #[[S:slice[0-9]*]]>
  // CHECK: %[[B:.*]] = splat %{{.*}} : tensor<64x!tile.ptr<f32>, #[[S]]>
  // CHECK: %[[A:.*]] = addptr %[[B]], %[[R]] : tensor<64x!tile.ptr<f32>, #[[S]]>
  // CHECK: %[[L:.*]] = load %[[A]] : tensor<64x!tile.ptr<f32>, #[[S]]>
  // CHECK: expand_dims %[[L]]
  %r = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32, #v>
  %b = tile.splat %p : tensor<64x!tile.ptr<f32>, #v>
  %a = tile.addptr %b, %r : tensor<64x!tile.ptr<f32>, #v>, tensor<64xi32, #v>
  %l = tile.load %a : tensor<64x!tile.ptr<f32>, #v>
  %c = tgpu.convert_layout %l : tensor<64xf32, #v> -> tensor<64xf32, #s>
  %e = tile.expand_dims %c {axis = 0 : i32} : tensor<64xf32, #s> -> tensor<1x64xf32, #t>
  tile.return %e, %r : tensor<1x64xf32, #t>, tensor<64xi32, #v>
}
}

// -----

// A value used twice is not rebuilt (that would load twice): the conversion
// stays. Stores and atomics never move.

#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#w = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @shared_load
// CHECK: load
// CHECK: tgpu.convert_layout
tile.func private @shared_load(%p: !tile.ptr<f32>) -> (tensor<256xf32, #w>, tensor<256xf32, #v>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 256 : i32} : tensor<256xi32, #v>
  %b = tile.splat %p : tensor<256x!tile.ptr<f32>, #v>
  %a = tile.addptr %b, %r : tensor<256x!tile.ptr<f32>, #v>, tensor<256xi32, #v>
  %l = tile.load %a : tensor<256x!tile.ptr<f32>, #v>
  %c = tgpu.convert_layout %l : tensor<256xf32, #v> -> tensor<256xf32, #w>
  tile.return %c, %l : tensor<256xf32, #w>, tensor<256xf32, #v>
}
}

// -----

// A reduction result converted away for elementwise math and converted back
// for expand_dims: the math runs in the reduction's layout and both
// conversions fold away.

#t = #tgpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#r = #tgpu.slice<{dim = 1, parent = #t}>
#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @round_trip
tile.func private @round_trip(%x: tensor<16x64xf32, #t>, %eps: f32) -> tensor<16x1xf32, #t>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK: %[[S:.*]] = reduce
  // CHECK: %[[E:.*]] = splat %{{.*}} : tensor<16xf32, #[[R:.*]]>
  // CHECK: %[[A:.*]] = arith.addf %[[S]], %[[E]] : tensor<16xf32, #[[R]]>
  // CHECK: %[[Q:.*]] = math.rsqrt %[[A]] : tensor<16xf32, #[[R]]>
  // CHECK: expand_dims %[[Q]]
  // CHECK-NOT: convert_layout
  %s = tile.reduce %x axis = 1 : (tensor<16x64xf32, #t>) -> tensor<16xf32, #r> {
  ^bb0(%a: f32, %b: f32):
    %m = arith.addf %a, %b : f32
    tile.reduce.return %m : f32
  }
  %c = tgpu.convert_layout %s : tensor<16xf32, #r> -> tensor<16xf32, #v>
  %e = tile.splat %eps : tensor<16xf32, #v>
  %a = arith.addf %c, %e : tensor<16xf32, #v>
  %q = math.rsqrt %a : tensor<16xf32, #v>
  %back = tgpu.convert_layout %q : tensor<16xf32, #v> -> tensor<16xf32, #r>
  %x2 = tile.expand_dims %back {axis = 1 : i32} : tensor<16xf32, #r> -> tensor<16x1xf32, #t>
  tile.return %x2 : tensor<16x1xf32, #t>
}
}
