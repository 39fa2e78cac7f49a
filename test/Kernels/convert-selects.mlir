// A kernel whose layout conversion is in-thread but keyed on the warp: every
// warp of #a holds all four rows of a 4x32 tile (warps wrap around the
// columns), row r in register r, and warp w of #b holds row w. Lowered from
// tgpu on (so its layouts are the test's): selects on the warp id in the PTX,
// no shared memory, no barrier, no shuffle; ptxas assembles it for sm_80 and
// sm_90a.
// RUN: tessera-opt %s --tgpu-allocate-shared-memory --convert-tgpu-to-llvm -o %t.llvm.mlir
// RUN: tessera-translate %t.llvm.mlir --tessera-to-ptx --sm=80 -o %t.80.ptx
// RUN: tessera-translate %t.llvm.mlir --tessera-to-ptx --sm=90a -o %t.90a.ptx
// RUN: FileCheck %s --input-file=%t.90a.ptx
// RUN: %if ptxas %{ %ptxas -arch=sm_80 %t.80.ptx -o /dev/null %}
// RUN: %if ptxas %{ %ptxas -arch=sm_90a %t.90a.ptx -o /dev/null %}

// CHECK: .entry by_warp(
// CHECK-NOT: .shared
// CHECK-NOT: shfl.sync
// CHECK-NOT: bar.sync
// CHECK: selp
// CHECK-NOT: shfl.sync
// CHECK-NOT: bar.sync
// CHECK: st.global

#a = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [1, 0]}>
#b = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>
module attributes {tgpu.target = "sm_90a"} {
tile.func @by_warp(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                   %y: !tile.ptr<f32> {tile.divisibility = 16 : i32})
    attributes {tile.kernel, tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %ra = tile.make_range {start = 0 : i32, end = 4 : i32} : tensor<4xi32, #tgpu.slice<{dim = 1, parent = #a}>>
  %ca = tile.make_range {start = 0 : i32, end = 32 : i32} : tensor<32xi32, #tgpu.slice<{dim = 0, parent = #a}>>
  %ra2 = tile.expand_dims %ra {axis = 1 : i32} : tensor<4xi32, #tgpu.slice<{dim = 1, parent = #a}>> -> tensor<4x1xi32, #a>
  %ca2 = tile.expand_dims %ca {axis = 0 : i32} : tensor<32xi32, #tgpu.slice<{dim = 0, parent = #a}>> -> tensor<1x32xi32, #a>
  %s = arith.constant dense<32> : tensor<4x1xi32, #a>
  %rs = arith.muli %ra2, %s : tensor<4x1xi32, #a>
  %rb = tile.broadcast %rs : tensor<4x1xi32, #a> -> tensor<4x32xi32, #a>
  %cb = tile.broadcast %ca2 : tensor<1x32xi32, #a> -> tensor<4x32xi32, #a>
  %off = arith.addi %rb, %cb : tensor<4x32xi32, #a>
  %xs = tile.splat %x : tensor<4x32x!tile.ptr<f32>, #a>
  %xp = tile.addptr %xs, %off : tensor<4x32x!tile.ptr<f32>, #a>, tensor<4x32xi32, #a>
  %v = tile.load %xp : tensor<4x32x!tile.ptr<f32>, #a>
  %w = tgpu.convert_layout %v : tensor<4x32xf32, #a> -> tensor<4x32xf32, #b>
  %offb = tgpu.convert_layout %off : tensor<4x32xi32, #a> -> tensor<4x32xi32, #b>
  %ys = tile.splat %y : tensor<4x32x!tile.ptr<f32>, #b>
  %yp = tile.addptr %ys, %offb : tensor<4x32x!tile.ptr<f32>, #b>, tensor<4x32xi32, #b>
  tile.store %yp, %w : tensor<4x32x!tile.ptr<f32>, #b>
  tile.return
}
}
