// RUN: tessera-opt %s -split-input-file --tile-to-tgpu="num-warps=4 target=sm_80" | FileCheck %s

// Elementwise code: every value of one shape gets the same default layout:
// consecutive elements per thread (here 2: 256 f32 over 128 threads, under
// the 16-byte vector hint of the loads, which the 16-byte aligned pointer
// allows), lanes along the only dimension,
// then warps; the module records the target.

// CHECK: #[[B1D:.*]] = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK: module attributes {tgpu.target = "sm_80"}
// CHECK-LABEL: tile.func @elementwise
// CHECK-SAME: tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32
tile.func @elementwise(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32}) attributes {tile.kernel} {
  // CHECK: %[[R:.*]] = make_range {{.*}} : tensor<256xi32, #[[B1D]]>
  %r = tile.make_range {start = 0 : i32, end = 256 : i32} : tensor<256xi32>
  // CHECK: %[[P:.*]] = splat %{{.*}} : tensor<256x!tile.ptr<f32>, #[[B1D]]>
  %ps = tile.splat %p : tensor<256x!tile.ptr<f32>>
  // CHECK: %[[Q:.*]] = addptr %[[P]], %[[R]] : tensor<256x!tile.ptr<f32>, #[[B1D]]>, tensor<256xi32, #[[B1D]]>
  %q = tile.addptr %ps, %r : tensor<256x!tile.ptr<f32>>, tensor<256xi32>
  // CHECK: %[[X:.*]] = load %[[Q]] : tensor<256x!tile.ptr<f32>, #[[B1D]]>
  %x = tile.load %q : tensor<256x!tile.ptr<f32>>
  // CHECK: %[[C:.*]] = arith.constant dense<2.000000e+00> : tensor<256xf32, #[[B1D]]>
  %c = arith.constant dense<2.0> : tensor<256xf32>
  // CHECK: %[[Y:.*]] = arith.mulf %[[X]], %[[C]] : tensor<256xf32, #[[B1D]]>
  %y = arith.mulf %x, %c : tensor<256xf32>
  // CHECK-NOT: convert_layout
  // CHECK: store %[[Q]], %[[Y]] : tensor<256x!tile.ptr<f32>, #[[B1D]]>
  tile.store %q, %y : tensor<256x!tile.ptr<f32>>
  tile.return
}

// -----

// A 2-D tile: lanes fill the fastest (last) dimension first, warps follow;
// the kernel's own tile.num_warps wins over the pass option.

// CHECK: #[[B2D:.*]] = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [2, 4], order = [1, 0]}>
// CHECK-LABEL: tile.func @two_d
// CHECK-SAME: tgpu.num_warps = 8 : i32
tile.func @two_d(%x: tensor<64x128xf32>) -> tensor<64x128xf32>
    attributes {tile.num_warps = 8 : i32} {
  // CHECK: arith.negf %{{.*}} : tensor<64x128xf32, #[[B2D]]>
  %y = arith.negf %x : tensor<64x128xf32>
  tile.return %y : tensor<64x128xf32>
}

// -----

// A tile smaller than the CTA: spare lanes and warps hold copies.

// CHECK: #[[SMALL:.*]] = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: tile.func @small
// CHECK: make_range {{.*}} : tensor<16xi32, #[[SMALL]]>
tile.func @small() -> tensor<16xi32> {
  %r = tile.make_range {start = 0 : i32, end = 16 : i32} : tensor<16xi32>
  tile.return %r : tensor<16xi32>
}

// -----

// A reduction keeps each thread's partial result: the result is the slice of
// the operand's layout; its user wants the default 1-D layout and gets a
// conversion (later passes remove it when they can).

// CHECK: #[[SRC:.*]] = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [2, 2], order = [1, 0]}>
// CHECK: #[[ROW:.*]] = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK: #[[SLICE:.*]] = #tgpu.slice<{dim = 1, parent = #[[SRC]]}>
// CHECK-LABEL: tile.func @reduce_rows
tile.func @reduce_rows(%x: tensor<32x64xf32>) -> tensor<32xf32> {
  // CHECK: %[[S:.*]] = reduce %{{.*}} axis = 1 : (tensor<32x64xf32, #[[SRC]]>) -> tensor<32xf32, #[[SLICE]]>
  %s = tile.reduce %x axis = 1 : (tensor<32x64xf32>) -> tensor<32xf32> {
  ^bb0(%a: f32, %b: f32):
    %m = arith.maximumf %a, %b : f32
    tile.reduce.return %m : f32
  }
  // CHECK: %[[C:.*]] = tgpu.convert_layout %[[S]] : tensor<32xf32, #[[SLICE]]> -> tensor<32xf32, #[[ROW]]>
  // CHECK: return %[[C]]
  tile.return %s : tensor<32xf32>
}

// -----

// Two sources (argmax): both in one layout, both results in its slice.

// CHECK-LABEL: tile.func @argmax
// CHECK: reduce %{{.*}}, %{{.*}} axis = 0 : (tensor<128xf32, #[[L:.*]]>, tensor<128xi32, #[[L]]>) -> (f32, i32)
tile.func @argmax(%v: tensor<128xf32>, %i: tensor<128xi32>) -> (f32, i32) {
  %m, %j = tile.reduce %v, %i axis = 0 : (tensor<128xf32>, tensor<128xi32>) -> (f32, i32) {
  ^bb0(%a: f32, %ai: i32, %b: f32, %bi: i32):
    %gt = arith.cmpf ogt, %a, %b : f32
    %mv = arith.select %gt, %a, %b : f32
    %mi = arith.select %gt, %ai, %bi : i32
    tile.reduce.return %mv, %mi : f32, i32
  }
  tile.return %m, %j : f32, i32
}

// -----

// expand_dims reads the slice of its result's layout, so inserting the unit
// dimension moves nothing; the conversion sits before it.

// CHECK: #[[V:.*]] = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK: #[[COL:.*]] = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [32, 1], warpsPerCTA = [2, 2], order = [1, 0]}>
// CHECK: #[[CS:.*]] = #tgpu.slice<{dim = 1, parent = #[[COL]]}>
// CHECK-LABEL: tile.func @expand
tile.func @expand(%x: tensor<64xi32>) -> tensor<64x1xi32> {
  // CHECK: %[[S:.*]] = tgpu.convert_layout %{{.*}} : tensor<64xi32, #[[V]]> -> tensor<64xi32, #[[CS]]>
  // CHECK: expand_dims %[[S]] {axis = 1 : i32} : tensor<64xi32, #[[CS]]> -> tensor<64x1xi32, #[[COL]]>
  %e = tile.expand_dims %x {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  tile.return %e : tensor<64x1xi32>
}

// -----

// A transpose renames dimensions: the result keeps the operand's layout,
// permuted, and no data moves inside it.

// CHECK: #[[IN:.*]] = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [2, 2], order = [1, 0]}>
// CHECK: #[[T:.*]] = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [32, 1], warpsPerCTA = [2, 2], order = [0, 1]}>
// CHECK-LABEL: tile.func @transpose
// CHECK: trans %{{.*}} {order = array<i32: 1, 0>} : tensor<16x64xf16, #[[IN]]> -> tensor<64x16xf16, #[[T]]>
tile.func @transpose(%x: tensor<16x64xf16>) -> tensor<64x16xf16> {
  %t = tile.trans %x {order = array<i32: 1, 0>} : tensor<16x64xf16> -> tensor<64x16xf16>
  tile.return %t : tensor<64x16xf16>
}

// -----

// Control flow: loop-carried values, if results and while arguments are
// rewritten in place, with no conversion inside.

// CHECK: #[[L:.*]] = #tgpu.blocked
// CHECK-LABEL: tile.func @control_flow
tile.func @control_flow(%x: tensor<128xf32>, %n: index, %c: i1) -> tensor<128xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<128xf32, #[[L]]>)
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (tensor<128xf32>) {
    // CHECK: arith.addf {{.*}} : tensor<128xf32, #[[L]]>
    %y = arith.addf %acc, %x : tensor<128xf32>
    // CHECK: scf.yield %{{.*}} : tensor<128xf32, #[[L]]>
    scf.yield %y : tensor<128xf32>
  }
  // CHECK: scf.if %{{.*}} -> (tensor<128xf32, #[[L]]>)
  %s = scf.if %c -> (tensor<128xf32>) {
    scf.yield %r : tensor<128xf32>
  } else {
    %z = arith.negf %r : tensor<128xf32>
    scf.yield %z : tensor<128xf32>
  }
  // CHECK: scf.while (%{{.*}} = %{{.*}}) : (tensor<128xf32, #[[L]]>) -> tensor<128xf32, #[[L]]>
  %w = scf.while (%arg = %s) : (tensor<128xf32>) -> tensor<128xf32> {
    scf.condition(%c) %arg : tensor<128xf32>
  } do {
  ^bb0(%b: tensor<128xf32>):
    %d = arith.addf %b, %b : tensor<128xf32>
    scf.yield %d : tensor<128xf32>
  }
  // CHECK-NOT: convert_layout
  tile.return %w : tensor<128xf32>
}

// -----

// A device function runs with its caller's warp count, so tensors cross the
// call in identical layouts.

// CHECK: #[[W8:.*]] = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [8], order = [0]}>
// CHECK-LABEL: tile.func private @helper
// CHECK-SAME: (%{{.*}}: tensor<256xf32, #[[W8]]>) -> tensor<256xf32, #[[W8]]>
// CHECK-SAME: tgpu.num_warps = 8 : i32
tile.func private @helper(%x: tensor<256xf32>) -> tensor<256xf32> {
  %y = arith.negf %x : tensor<256xf32>
  tile.return %y : tensor<256xf32>
}
// CHECK-LABEL: tile.func @caller
// CHECK: call @helper(%{{.*}}) : (tensor<256xf32, #[[W8]]>) -> tensor<256xf32, #[[W8]]>
tile.func @caller(%p: !tile.ptr<f32>) attributes {tile.kernel, tile.num_warps = 8 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 256 : i32} : tensor<256xi32>
  %ps = tile.splat %p : tensor<256x!tile.ptr<f32>>
  %q = tile.addptr %ps, %r : tensor<256x!tile.ptr<f32>>, tensor<256xi32>
  %x = tile.load %q : tensor<256x!tile.ptr<f32>>
  %y = tile.call @helper(%x) : (tensor<256xf32>) -> tensor<256xf32>
  tile.store %q, %y : tensor<256x!tile.ptr<f32>>
  tile.return
}

// -----

// The 2-D pointer idiom: expand_dims feeding a broadcast takes the
// broadcast's layout, and a broadcast reads its operand in its own layout.
// With arithmetic between the two (row * stride), one small conversion of
// the 32x1 column is left for layout rematerialization.

// The loaded 32x64 f32 tile gets 4 consecutive elements (16 bytes) per
// thread along its rows.
// CHECK: #[[TILE:.*]] = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [2, 16], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK: #[[COL:.*]] = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [32, 1], warpsPerCTA = [1, 4], order = [1, 0]}>
// CHECK: #[[ROWS:.*]] = #tgpu.slice<{dim = 1, parent = #[[COL]]}>
// CHECK: #[[COLS:.*]] = #tgpu.slice<{dim = 0, parent = #[[TILE]]}>
// CHECK-LABEL: tile.func @pointer_idiom
tile.func @pointer_idiom(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                         %stride: i32 {tile.divisibility = 16 : i32}) -> tensor<32x64xf32> {
  // CHECK: %[[R:.*]] = tgpu.convert_layout %{{.*}} : tensor<32xi32, #{{.*}}> -> tensor<32xi32, #[[ROWS]]>
  // CHECK: %[[RE:.*]] = expand_dims %[[R]] {axis = 1 : i32} : tensor<32xi32, #[[ROWS]]> -> tensor<32x1xi32, #[[COL]]>
  // CHECK: %[[RS:.*]] = arith.muli %[[RE]], %{{.*}} : tensor<32x1xi32, #[[COL]]>
  // CHECK: %[[RC:.*]] = tgpu.convert_layout %[[RS]] : tensor<32x1xi32, #[[COL]]> -> tensor<32x1xi32, #[[TILE]]>
  // CHECK: broadcast %[[RC]] : tensor<32x1xi32, #[[TILE]]> -> tensor<32x64xi32, #[[TILE]]>
  // CHECK: %[[C:.*]] = tgpu.convert_layout %{{.*}} : tensor<64xi32, #{{.*}}> -> tensor<64xi32, #[[COLS]]>
  // CHECK: %[[CE:.*]] = expand_dims %[[C]] {axis = 0 : i32} : tensor<64xi32, #[[COLS]]> -> tensor<1x64xi32, #[[TILE]]>
  // CHECK: broadcast %[[CE]] : tensor<1x64xi32, #[[TILE]]> -> tensor<32x64xi32, #[[TILE]]>
  %r = tile.make_range {start = 0 : i32, end = 32 : i32} : tensor<32xi32>
  %c = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32>
  %re = tile.expand_dims %r {axis = 1 : i32} : tensor<32xi32> -> tensor<32x1xi32>
  %st = tile.splat %stride : tensor<32x1xi32>
  %rs = arith.muli %re, %st : tensor<32x1xi32>
  %rb = tile.broadcast %rs : tensor<32x1xi32> -> tensor<32x64xi32>
  %ce = tile.expand_dims %c {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
  %cb = tile.broadcast %ce : tensor<1x64xi32> -> tensor<32x64xi32>
  %off = arith.addi %rb, %cb : tensor<32x64xi32>
  %ps = tile.splat %p : tensor<32x64x!tile.ptr<f32>>
  %q = tile.addptr %ps, %off : tensor<32x64x!tile.ptr<f32>>, tensor<32x64xi32>
  %x = tile.load %q : tensor<32x64x!tile.ptr<f32>>
  tile.return %x : tensor<32x64xf32>
}

// -----

// The vector hint follows what the axis analysis proves. Rows of unknown
// length: neither the row start nor the mask allows more than one element
// per access, so each thread gets one element and a warp's scalar accesses
// are consecutive.

// CHECK: #[[ONE:.*]] = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: tile.func @ragged_row
// CHECK: load %{{.*}}, %{{.*}}, %{{.*}} : tensor<1024x!tile.ptr<bf16>, #[[ONE]]>
tile.func @ragged_row(%x: !tile.ptr<bf16> {tile.divisibility = 16 : i32}, %n: i32) -> tensor<1024xbf16> {
  %row = tile.program_id x : i32
  %start = arith.muli %row, %n : i32
  %xrow = tile.addptr %x, %start : !tile.ptr<bf16>, i32
  %offs = tile.make_range {start = 0 : i32, end = 1024 : i32} : tensor<1024xi32>
  %ns = tile.splat %n : tensor<1024xi32>
  %mask = arith.cmpi slt, %offs, %ns : tensor<1024xi32>
  %zero = arith.constant dense<0.0> : tensor<1024xbf16>
  %base = tile.splat %xrow : tensor<1024x!tile.ptr<bf16>>
  %ptrs = tile.addptr %base, %offs : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
  %v = tile.load %ptrs, %mask, %zero : tensor<1024x!tile.ptr<bf16>>
  tile.return %v : tensor<1024xbf16>
}

// -----

// The same row with a length known to be a multiple of 16: 16-byte vectors
// (8 bf16) per thread.

// CHECK: #[[EIGHT:.*]] = #tgpu.blocked<{sizePerThread = [8], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: tile.func @aligned_row
// CHECK: load %{{.*}}, %{{.*}}, %{{.*}} : tensor<1024x!tile.ptr<bf16>, #[[EIGHT]]>
tile.func @aligned_row(%x: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                       %n: i32 {tile.divisibility = 16 : i32}) -> tensor<1024xbf16> {
  %row = tile.program_id x : i32
  %start = arith.muli %row, %n : i32
  %xrow = tile.addptr %x, %start : !tile.ptr<bf16>, i32
  %offs = tile.make_range {start = 0 : i32, end = 1024 : i32} : tensor<1024xi32>
  %ns = tile.splat %n : tensor<1024xi32>
  %mask = arith.cmpi slt, %offs, %ns : tensor<1024xi32>
  %zero = arith.constant dense<0.0> : tensor<1024xbf16>
  %base = tile.splat %xrow : tensor<1024x!tile.ptr<bf16>>
  %ptrs = tile.addptr %base, %offs : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
  %v = tile.load %ptrs, %mask, %zero : tensor<1024x!tile.ptr<bf16>>
  tile.return %v : tensor<1024xbf16>
}
