// RUN: tessera-opt %s -split-input-file --tgpu-allocate-shared-memory --convert-tgpu-to-llvm | FileCheck %s

// Same elements per thread, different order of registers: a renaming, no
// shared memory.

#a = #tgpu.blocked<{sizePerThread = [1, 2], threadsPerWarp = [32, 1], warpsPerCTA = [1, 1], order = [1, 0]}>
#b = #tgpu.blocked<{sizePerThread = [1, 2], threadsPerWarp = [32, 1], warpsPerCTA = [1, 1], order = [0, 1]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func internal @rename
// CHECK-SAME: tessera.shared_bytes = 0 : i32
// CHECK-NOT: nvvm.barrier0
// CHECK-NOT: !llvm.ptr<3>
// CHECK: llvm.return
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
