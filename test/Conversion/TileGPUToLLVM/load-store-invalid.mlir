// RUN: tessera-opt %s --convert-tgpu-to-llvm -verify-diagnostics

#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
tile.func @wrong_hint(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32})
    attributes {tile.kernel, tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32, #b>
  %xs = tile.splat %x : tensor<128x!tile.ptr<f32>, #b>
  %xp = tile.addptr %xs, %r : tensor<128x!tile.ptr<f32>, #b>, tensor<128xi32, #b>
  // expected-error @+2 {{cache modifier 'wb' does not apply to loads}}
  // expected-error @+1 {{failed to legalize operation 'tile.load'}}
  %v = tile.load %xp cache = wb : tensor<128x!tile.ptr<f32>, #b>
  tile.store %xp, %v : tensor<128x!tile.ptr<f32>, #b>
  tile.return
}
}
