// RUN: tessera-opt %s | tessera-opt | FileCheck %s
// RUN: tessera-opt %s --mlir-print-op-generic | tessera-opt | FileCheck %s

// The tgpu layouts and ops round-trip through the custom and the generic
// form; layouts print once at the top as aliases.

// CHECK-DAG: #[[B1:.*]] = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-DAG: #[[B2:.*]] = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-DAG: #[[B3:.*]] = #tgpu.blocked<{sizePerThread = [1, 1, 2], threadsPerWarp = [2, 4, 4], warpsPerCTA = [2, 2, 1], order = [2, 0, 1]}>
// CHECK-DAG: #[[COL:.*]] = #tgpu.blocked<{sizePerThread = [4, 1], threadsPerWarp = [8, 4], warpsPerCTA = [1, 4], order = [0, 1]}>
// CHECK-DAG: #[[S1:.*]] = #tgpu.slice<{dim = 1, parent = #[[B2]]}>
// CHECK-DAG: #[[S3:.*]] = #tgpu.slice<{dim = 2, parent = #[[B3]]}>
// CHECK-DAG: #[[SS:.*]] = #tgpu.slice<{dim = 0, parent = #[[S3]]}>
#b1 = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#b2 = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#b3 = #tgpu.blocked<{sizePerThread = [1, 1, 2], threadsPerWarp = [2, 4, 4], warpsPerCTA = [2, 2, 1], order = [2, 0, 1]}>
#col = #tgpu.blocked<{sizePerThread = [4, 1], threadsPerWarp = [8, 4], warpsPerCTA = [1, 4], order = [0, 1]}>
#s1 = #tgpu.slice<{dim = 1, parent = #b2}>
#s3 = #tgpu.slice<{dim = 2, parent = #b3}>
#ss = #tgpu.slice<{dim = 0, parent = #s3}>

// CHECK: module attributes {tgpu.target = "sm_90a"}
module attributes {tgpu.target = "sm_90a"} {

// CHECK-LABEL: tile.func @layouts
// CHECK-SAME: %{{.*}}: tensor<128xf32, #[[B1]]>
// CHECK-SAME: %{{.*}}: tensor<16x32xf32, #[[B2]]>
// CHECK-SAME: %{{.*}}: tensor<4x8x8xf16, #[[B3]]>
// CHECK-SAME: tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32
tile.func @layouts(%a: tensor<128xf32, #b1>, %b: tensor<16x32xf32, #b2>,
                   %c: tensor<4x8x8xf16, #b3>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK: make_range {{.*}} : tensor<16xi32, #[[S1]]>
  %r = tile.make_range {start = 0 : i32, end = 16 : i32} : tensor<16xi32, #s1>
  // CHECK: make_range {{.*}} : tensor<32xi32, #[[B1]]>
  %r2 = tile.make_range {start = 0 : i32, end = 32 : i32} : tensor<32xi32, #b1>
  // CHECK: arith.constant dense<0> : tensor<4x8xi32, #[[S3]]>
  %z = arith.constant dense<0> : tensor<4x8xi32, #s3>
  // CHECK: make_range {{.*}} : tensor<8xi32, #[[SS]]>
  %r3 = tile.make_range {start = 0 : i32, end = 8 : i32} : tensor<8xi32, #ss>
  tile.return
}

// CHECK-LABEL: tile.func @convert
tile.func @convert(%x: tensor<16x32xf32, #b2>) -> tensor<16x32xf32, #col>
    attributes {tgpu.num_warps = 4 : i32} {
  // CHECK: %[[Y:.*]] = tgpu.convert_layout %{{.*}} : tensor<16x32xf32, #[[B2]]> -> tensor<16x32xf32, #[[COL]]>
  %y = tgpu.convert_layout %x : tensor<16x32xf32, #b2> -> tensor<16x32xf32, #col>
  // CHECK: return %[[Y]]
  tile.return %y : tensor<16x32xf32, #col>
}

// Pointers are laid out like numbers.
// CHECK-LABEL: tile.func @convert_pointers
tile.func @convert_pointers(%p: tensor<16x32x!tile.ptr<f16>, #b2>)
    attributes {tgpu.num_warps = 4 : i32} {
  // CHECK: tgpu.convert_layout %{{.*}} : tensor<16x32x!tile.ptr<f16>, #[[B2]]> -> tensor<16x32x!tile.ptr<f16>, #[[COL]]>
  %q = tgpu.convert_layout %p : tensor<16x32x!tile.ptr<f16>, #b2> -> tensor<16x32x!tile.ptr<f16>, #col>
  tile.return
}

}
