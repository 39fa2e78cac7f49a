// RUN: tessera-opt %s -split-input-file --tile-to-tgpu -verify-diagnostics
// RUN: not tessera-opt %s --tile-to-tgpu="num-warps=3" 2>&1 | FileCheck %s --check-prefix=WARPS
// RUN: not tessera-opt %s --tile-to-tgpu="threads-per-warp=48" 2>&1 | FileCheck %s --check-prefix=LANES

// WARPS: error: num-warps must be a power of two up to 32, got 3
// LANES: error: threads-per-warp must be a power of two up to 64, got 48

tile.func private @helper(%x: tensor<64xf32>) -> tensor<64xf32> {
  tile.return %x : tensor<64xf32>
}
tile.func @four(%x: tensor<64xf32>) attributes {tile.kernel, tile.num_warps = 4 : i32} {
  %y = tile.call @helper(%x) : (tensor<64xf32>) -> tensor<64xf32>
  tile.return
}
tile.func @eight(%x: tensor<64xf32>) attributes {tile.kernel, tile.num_warps = 8 : i32} {
  // expected-error @+1 {{device function 'helper' is called with}}
  %y = tile.call @helper(%x) : (tensor<64xf32>) -> tensor<64xf32>
  tile.return
}
