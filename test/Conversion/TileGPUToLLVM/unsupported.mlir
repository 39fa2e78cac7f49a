// RUN: tessera-opt %s -split-input-file --tessera-tile-to-llvm -verify-diagnostics

// What the lowering does not do is a located diagnostic, never a crash.

tile.func @dot(%p: !tile.ptr<f32>) attributes {tile.kernel} {
  %a = arith.constant dense<1.0> : tensor<16x16xf16>
  %c = arith.constant dense<0.0> : tensor<16x16xf32>
  // expected-error @+2 {{has no lowering to LLVM yet: tensor-core matrix products (mma.sync, wgmma) are planned}}
  // expected-error @+1 {{failed to legalize operation 'tile.dot'}}
  %d = tile.dot %a, %a, %c : tensor<16x16xf16> * tensor<16x16xf16> -> tensor<16x16xf32>
  %r = tile.make_range {start = 0 : i32, end = 16 : i32} : tensor<16xi32>
  %r2 = tile.expand_dims %r {axis = 1 : i32} : tensor<16xi32> -> tensor<16x1xi32>
  %rb = tile.broadcast %r2 : tensor<16x1xi32> -> tensor<16x16xi32>
  %ps = tile.splat %p : tensor<16x16x!tile.ptr<f32>>
  %q = tile.addptr %ps, %rb : tensor<16x16x!tile.ptr<f32>>, tensor<16x16xi32>
  tile.store %q, %d : tensor<16x16x!tile.ptr<f32>>
  tile.return
}

// -----

// expected-error @+2 {{kernel argument 0 is a tile}}
// expected-error @+1 {{failed to legalize operation 'tile.func'}}
tile.func @tile_arg(%x: tensor<64xf32>, %p: !tile.ptr<f32>) attributes {tile.kernel} {
  tile.return
}
