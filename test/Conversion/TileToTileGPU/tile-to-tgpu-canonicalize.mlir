// RUN: tessera-opt %s --tile-to-tgpu --canonicalize | FileCheck %s

// After layout assignment, canonicalization builds ranges and splats
// directly in the layout their users want: the 2-D offsets idiom needs no
// conversion at all.

// CHECK-LABEL: tile.func @offsets_2d
// CHECK-NOT: convert_layout
// CHECK: return
tile.func @offsets_2d(%p: !tile.ptr<f32>) -> tensor<32x64xf32> {
  %r = tile.make_range {start = 0 : i32, end = 32 : i32} : tensor<32xi32>
  %c = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32>
  %re = tile.expand_dims %r {axis = 1 : i32} : tensor<32xi32> -> tensor<32x1xi32>
  %rb = tile.broadcast %re : tensor<32x1xi32> -> tensor<32x64xi32>
  %ce = tile.expand_dims %c {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
  %cb = tile.broadcast %ce : tensor<1x64xi32> -> tensor<32x64xi32>
  %off = arith.addi %rb, %cb : tensor<32x64xi32>
  %ps = tile.splat %p : tensor<32x64x!tile.ptr<f32>>
  %q = tile.addptr %ps, %off : tensor<32x64x!tile.ptr<f32>>, tensor<32x64xi32>
  %x = tile.load %q : tensor<32x64x!tile.ptr<f32>>
  tile.return %x : tensor<32x64xf32>
}

