// RUN: tessera-opt %s -split-input-file -canonicalize | FileCheck %s

// tgpu.convert_layout folds away wherever no data needs to move: to the same
// layout, through another conversion, and for values every thread can build
// for itself in any layout (splat, make_range, constants).

#a = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: tile.func @identity
// CHECK-SAME: (%[[X:.*]]: tensor<128xf32, #{{.*}}>)
tile.func @identity(%x: tensor<128xf32, #a>) -> tensor<128xf32, #a> {
  // CHECK-NOT: convert_layout
  // CHECK: return %[[X]]
  %y = tgpu.convert_layout %x : tensor<128xf32, #a> -> tensor<128xf32, #a>
  tile.return %y : tensor<128xf32, #a>
}

// -----

#a = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#c = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// The intermediate layout is never observed: one conversion remains.
// CHECK-LABEL: tile.func @convert_of_convert
// CHECK-SAME: (%[[X:.*]]: tensor<512xf32, #[[A:.*]]>)
tile.func @convert_of_convert(%x: tensor<512xf32, #a>) -> tensor<512xf32, #c> {
  // CHECK: %[[Y:.*]] = tgpu.convert_layout %[[X]] : tensor<512xf32, #[[A]]> -> tensor<512xf32, #[[C:.*]]>
  // CHECK-NOT: convert_layout
  // CHECK: return %[[Y]]
  %y = tgpu.convert_layout %x : tensor<512xf32, #a> -> tensor<512xf32, #b>
  %z = tgpu.convert_layout %y : tensor<512xf32, #b> -> tensor<512xf32, #c>
  tile.return %z : tensor<512xf32, #c>
}

// -----

#a = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// There and back again: nothing at all.
// CHECK-LABEL: tile.func @round_trip
// CHECK-SAME: (%[[X:.*]]: tensor<512xf32, #{{.*}}>)
tile.func @round_trip(%x: tensor<512xf32, #a>) -> tensor<512xf32, #a> {
  // CHECK-NOT: convert_layout
  // CHECK: return %[[X]]
  %y = tgpu.convert_layout %x : tensor<512xf32, #a> -> tensor<512xf32, #b>
  %z = tgpu.convert_layout %y : tensor<512xf32, #b> -> tensor<512xf32, #a>
  tile.return %z : tensor<512xf32, #a>
}

// -----

#a = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// The first conversion still has another user: it stays, the chain does not.
// CHECK-LABEL: tile.func @convert_of_shared_convert
// CHECK-SAME: (%[[X:.*]]: tensor<512xf32, #{{.*}}>)
tile.func @convert_of_shared_convert(%x: tensor<512xf32, #a>) -> (tensor<512xf32, #b>, tensor<512xf32, #a>) {
  // CHECK: %[[Y:.*]] = tgpu.convert_layout %[[X]]
  // CHECK-NOT: convert_layout
  // CHECK: return %[[Y]], %[[X]]
  %y = tgpu.convert_layout %x : tensor<512xf32, #a> -> tensor<512xf32, #b>
  %z = tgpu.convert_layout %y : tensor<512xf32, #b> -> tensor<512xf32, #a>
  tile.return %y, %z : tensor<512xf32, #b>, tensor<512xf32, #a>
}

// -----

#a = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: tile.func @splat
// CHECK-SAME: (%[[S:.*]]: f32)
tile.func @splat(%s: f32) -> tensor<512xf32, #b> {
  // CHECK: %[[T:.*]] = splat %[[S]] : tensor<512xf32, #[[B:.*]]>
  // CHECK-NOT: convert_layout
  // CHECK: return %[[T]] : tensor<512xf32, #[[B]]>
  %t = tile.splat %s : tensor<512xf32, #a>
  %u = tgpu.convert_layout %t : tensor<512xf32, #a> -> tensor<512xf32, #b>
  tile.return %u : tensor<512xf32, #b>
}

// -----

#a = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: tile.func @make_range
tile.func @make_range() -> tensor<512xi32, #b> {
  // CHECK: %[[R:.*]] = make_range {end = 512 : i32, start = 0 : i32} : tensor<512xi32, #[[B:.*]]>
  // CHECK-NOT: convert_layout
  // CHECK: return %[[R]] : tensor<512xi32, #[[B]]>
  %r = tile.make_range {start = 0 : i32, end = 512 : i32} : tensor<512xi32, #a>
  %u = tgpu.convert_layout %r : tensor<512xi32, #a> -> tensor<512xi32, #b>
  tile.return %u : tensor<512xi32, #b>
}

// -----

#a = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: tile.func @splat_constant
tile.func @splat_constant() -> tensor<512xf32, #b> {
  // CHECK: %[[C:.*]] = arith.constant dense<2.500000e+00> : tensor<512xf32, #[[B:.*]]>
  // CHECK-NOT: convert_layout
  // CHECK: return %[[C]] : tensor<512xf32, #[[B]]>
  %c = arith.constant dense<2.5> : tensor<512xf32, #a>
  %u = tgpu.convert_layout %c : tensor<512xf32, #a> -> tensor<512xf32, #b>
  tile.return %u : tensor<512xf32, #b>
}

// -----

#a = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// A constant with distinct elements: same values, new layout.
// CHECK-LABEL: tile.func @dense_constant
tile.func @dense_constant() -> tensor<4xi32, #b> {
  // CHECK: %[[C:.*]] = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi32, #[[B:.*]]>
  // CHECK-NOT: convert_layout
  // CHECK: return %[[C]] : tensor<4xi32, #[[B]]>
  %c = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi32, #a>
  %u = tgpu.convert_layout %c : tensor<4xi32, #a> -> tensor<4xi32, #b>
  tile.return %u : tensor<4xi32, #b>
}

// -----

#a = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// A loaded value must really move: the conversion stays.
// CHECK-LABEL: tile.func @kept
tile.func @kept(%p: tensor<512x!tile.ptr<f32>, #a>) -> tensor<512xf32, #b> {
  // CHECK: %[[V:.*]] = load
  // CHECK: %[[U:.*]] = tgpu.convert_layout %[[V]]
  // CHECK: return %[[U]]
  %v = tile.load %p : tensor<512x!tile.ptr<f32>, #a>
  %u = tgpu.convert_layout %v : tensor<512xf32, #a> -> tensor<512xf32, #b>
  tile.return %u : tensor<512xf32, #b>
}
