// RUN: tessera-opt %s -canonicalize -split-input-file | FileCheck %s

// Every folder and canonicalization pattern of TileFolds.cpp, each with the
// cases it must leave alone.

//===----------------------------------------------------------------------===//
// tile.splat
//===----------------------------------------------------------------------===//

// A splat of a constant is a dense constant.
// CHECK-LABEL: tile.func @splat_of_constant()
// CHECK-DAG: %[[F:.*]] = arith.constant dense<2.000000e+00> : tensor<4xf32>
// CHECK-DAG: %[[I:.*]] = arith.constant dense<3> : tensor<4x8xi32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<true> : tensor<16xi1>
// CHECK-NOT: splat
// CHECK: return %[[F]], %[[I]], %[[B]]
tile.func @splat_of_constant() -> (tensor<4xf32>, tensor<4x8xi32>, tensor<16xi1>) {
  %c = arith.constant 2.0 : f32
  %i = arith.constant 3 : i32
  %t = arith.constant true
  %a = tile.splat %c : tensor<4xf32>
  %b = tile.splat %i : tensor<4x8xi32>
  %m = tile.splat %t : tensor<16xi1>
  tile.return %a, %b, %m : tensor<4xf32>, tensor<4x8xi32>, tensor<16xi1>
}

// -----

// Not folded: the scalar is not a constant, or is a pointer.
// CHECK-LABEL: tile.func @splat_not_folded(
// CHECK-SAME: %[[X:.*]]: f32, %[[P:.*]]: !tile.ptr<f32>)
// CHECK: %[[A:.*]] = splat %[[X]] : tensor<4xf32>
// CHECK: %[[Q:.*]] = splat %[[P]] : tensor<4x!tile.ptr<f32>>
// CHECK: return %[[A]], %[[Q]]
tile.func @splat_not_folded(%x: f32, %p: !tile.ptr<f32>) -> (tensor<4xf32>, tensor<4x!tile.ptr<f32>>) {
  %a = tile.splat %x : tensor<4xf32>
  %q = tile.splat %p : tensor<4x!tile.ptr<f32>>
  tile.return %a, %q : tensor<4xf32>, tensor<4x!tile.ptr<f32>>
}

//===----------------------------------------------------------------------===//
// tile.broadcast
//===----------------------------------------------------------------------===//

// -----

// A broadcast to its own type is its source.
// CHECK-LABEL: tile.func @broadcast_identity(
// CHECK-SAME: %[[X:.*]]: tensor<1x64xf32>)
// CHECK-NOT: broadcast
// CHECK: return %[[X]]
tile.func @broadcast_identity(%x: tensor<1x64xf32>) -> tensor<1x64xf32> {
  %b = tile.broadcast %x : tensor<1x64xf32> -> tensor<1x64xf32>
  tile.return %b : tensor<1x64xf32>
}

// -----

// CHECK-LABEL: tile.func @broadcast_of_splat_constant()
// CHECK: %[[C:.*]] = arith.constant dense<1.500000e+00> : tensor<64x128xf32>
// CHECK-NOT: broadcast
// CHECK: return %[[C]]
tile.func @broadcast_of_splat_constant() -> tensor<64x128xf32> {
  %c = arith.constant dense<1.5> : tensor<1x128xf32>
  %b = tile.broadcast %c : tensor<1x128xf32> -> tensor<64x128xf32>
  tile.return %b : tensor<64x128xf32>
}

// -----

// A broadcast of a splat is a splat of the broadcast shape.
// CHECK-LABEL: tile.func @broadcast_of_splat(
// CHECK-SAME: %[[X:.*]]: f32)
// CHECK: %[[S:.*]] = splat %[[X]] : tensor<64x128xf32>
// CHECK-NOT: broadcast
// CHECK: return %[[S]]
tile.func @broadcast_of_splat(%x: f32) -> tensor<64x128xf32> {
  %s = tile.splat %x : tensor<1x128xf32>
  %b = tile.broadcast %s : tensor<1x128xf32> -> tensor<64x128xf32>
  tile.return %b : tensor<64x128xf32>
}

// -----

// broadcast(broadcast(x)) -> broadcast(x).
// CHECK-LABEL: tile.func @broadcast_of_broadcast(
// CHECK-SAME: %[[X:.*]]: tensor<1x1xi32>)
// CHECK: %[[B:.*]] = broadcast %[[X]] : tensor<1x1xi32> -> tensor<64x128xi32>
// CHECK-NOT: broadcast
// CHECK: return %[[B]]
tile.func @broadcast_of_broadcast(%x: tensor<1x1xi32>) -> tensor<64x128xi32> {
  %a = tile.broadcast %x : tensor<1x1xi32> -> tensor<1x128xi32>
  %b = tile.broadcast %a : tensor<1x128xi32> -> tensor<64x128xi32>
  tile.return %b : tensor<64x128xi32>
}

// -----

// The inner broadcast stays while something else uses it.
// CHECK-LABEL: tile.func @broadcast_of_broadcast_shared(
// CHECK-SAME: %[[X:.*]]: tensor<1x1xi32>)
// CHECK-DAG: %[[A:.*]] = broadcast %[[X]] : tensor<1x1xi32> -> tensor<1x128xi32>
// CHECK-DAG: %[[B:.*]] = broadcast %[[X]] : tensor<1x1xi32> -> tensor<64x128xi32>
// CHECK: return %[[A]], %[[B]]
tile.func @broadcast_of_broadcast_shared(%x: tensor<1x1xi32>) -> (tensor<1x128xi32>, tensor<64x128xi32>) {
  %a = tile.broadcast %x : tensor<1x1xi32> -> tensor<1x128xi32>
  %b = tile.broadcast %a : tensor<1x128xi32> -> tensor<64x128xi32>
  tile.return %a, %b : tensor<1x128xi32>, tensor<64x128xi32>
}

// -----

// Not folded: a real broadcast of a non-splat value.
// CHECK-LABEL: tile.func @broadcast_kept(
// CHECK-SAME: %[[X:.*]]: tensor<1x128xf32>)
// CHECK: %[[B:.*]] = broadcast %[[X]] : tensor<1x128xf32> -> tensor<64x128xf32>
// CHECK: return %[[B]]
tile.func @broadcast_kept(%x: tensor<1x128xf32>) -> tensor<64x128xf32> {
  %b = tile.broadcast %x : tensor<1x128xf32> -> tensor<64x128xf32>
  tile.return %b : tensor<64x128xf32>
}

// -----

// Not folded: a constant that is not a splat.
// CHECK-LABEL: tile.func @broadcast_of_dense_constant()
// CHECK: %[[C:.*]] = arith.constant dense<{{\[}}[1, 2]]> : tensor<1x2xi32>
// CHECK: %[[B:.*]] = broadcast %[[C]] : tensor<1x2xi32> -> tensor<4x2xi32>
// CHECK: return %[[B]]
tile.func @broadcast_of_dense_constant() -> tensor<4x2xi32> {
  %c = arith.constant dense<[[1, 2]]> : tensor<1x2xi32>
  %b = tile.broadcast %c : tensor<1x2xi32> -> tensor<4x2xi32>
  tile.return %b : tensor<4x2xi32>
}

//===----------------------------------------------------------------------===//
// tile.expand_dims
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: tile.func @expand_dims_of_splat(
// CHECK-SAME: %[[X:.*]]: i32)
// CHECK: %[[S:.*]] = splat %[[X]] : tensor<64x1xi32>
// CHECK-NOT: expand_dims
// CHECK: return %[[S]]
tile.func @expand_dims_of_splat(%x: i32) -> tensor<64x1xi32> {
  %s = tile.splat %x : tensor<64xi32>
  %e = tile.expand_dims %s {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  tile.return %e : tensor<64x1xi32>
}

// -----

// CHECK-LABEL: tile.func @expand_dims_of_splat_constant()
// CHECK: %[[C:.*]] = arith.constant dense<7> : tensor<1x64xi32>
// CHECK-NOT: expand_dims
// CHECK: return %[[C]]
tile.func @expand_dims_of_splat_constant() -> tensor<1x64xi32> {
  %c = arith.constant dense<7> : tensor<64xi32>
  %e = tile.expand_dims %c {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
  tile.return %e : tensor<1x64xi32>
}

// -----

// Not folded.
// CHECK-LABEL: tile.func @expand_dims_kept(
// CHECK-SAME: %[[X:.*]]: tensor<64xi32>)
// CHECK: %[[E:.*]] = expand_dims %[[X]] {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
// CHECK: return %[[E]]
tile.func @expand_dims_kept(%x: tensor<64xi32>) -> tensor<1x64xi32> {
  %e = tile.expand_dims %x {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
  tile.return %e : tensor<1x64xi32>
}

// -----

// Not folded: a constant that is not a splat.
// CHECK-LABEL: tile.func @expand_dims_of_dense_constant()
// CHECK: %[[C:.*]] = arith.constant dense<[0, 1]> : tensor<2xi32>
// CHECK: %[[E:.*]] = expand_dims %[[C]] {axis = 1 : i32} : tensor<2xi32> -> tensor<2x1xi32>
// CHECK: return %[[E]]
tile.func @expand_dims_of_dense_constant() -> tensor<2x1xi32> {
  %c = arith.constant dense<[0, 1]> : tensor<2xi32>
  %e = tile.expand_dims %c {axis = 1 : i32} : tensor<2xi32> -> tensor<2x1xi32>
  tile.return %e : tensor<2x1xi32>
}

//===----------------------------------------------------------------------===//
// tile.reshape
//===----------------------------------------------------------------------===//

// -----

// A reshape to its own type is its source, whatever its order.
// CHECK-LABEL: tile.func @reshape_identity(
// CHECK-SAME: %[[X:.*]]: tensor<8x16xf16>)
// CHECK-NOT: reshape
// CHECK: return %[[X]], %[[X]]
tile.func @reshape_identity(%x: tensor<8x16xf16>) -> (tensor<8x16xf16>, tensor<8x16xf16>) {
  %a = tile.reshape %x : tensor<8x16xf16> -> tensor<8x16xf16>
  %b = tile.reshape %x allow_reorder : tensor<8x16xf16> -> tensor<8x16xf16>
  tile.return %a, %b : tensor<8x16xf16>, tensor<8x16xf16>
}

// -----

// CHECK-LABEL: tile.func @reshape_of_splat_constant()
// CHECK: %[[C:.*]] = arith.constant dense<0.000000e+00> : tensor<128xf16>
// CHECK-NOT: reshape
// CHECK: return %[[C]]
tile.func @reshape_of_splat_constant() -> tensor<128xf16> {
  %c = arith.constant dense<0.0> : tensor<8x16xf16>
  %r = tile.reshape %c : tensor<8x16xf16> -> tensor<128xf16>
  tile.return %r : tensor<128xf16>
}

// -----

// CHECK-LABEL: tile.func @reshape_of_splat(
// CHECK-SAME: %[[P:.*]]: !tile.ptr<f16>)
// CHECK: %[[S:.*]] = splat %[[P]] : tensor<128x!tile.ptr<f16>>
// CHECK-NOT: reshape
// CHECK: return %[[S]]
tile.func @reshape_of_splat(%p: !tile.ptr<f16>) -> tensor<128x!tile.ptr<f16>> {
  %s = tile.splat %p : tensor<8x16x!tile.ptr<f16>>
  %r = tile.reshape %s : tensor<8x16x!tile.ptr<f16>> -> tensor<128x!tile.ptr<f16>>
  tile.return %r : tensor<128x!tile.ptr<f16>>
}

// -----

// reshape(reshape(x)) -> reshape(x), in row-major order unless both allowed
// a reorder.
// CHECK-LABEL: tile.func @reshape_of_reshape(
// CHECK-SAME: %[[X:.*]]: tensor<8x16xf32>)
// CHECK-DAG: %[[A:.*]] = reshape %[[X]] : tensor<8x16xf32> -> tensor<4x32xf32>
// CHECK-DAG: %[[B:.*]] = reshape %[[X]] : tensor<8x16xf32> -> tensor<2x64xf32>
// CHECK-DAG: %[[C:.*]] = reshape %[[X]] : tensor<8x16xf32> -> tensor<64x2xf32>
// CHECK-DAG: %[[D:.*]] = reshape %[[X]] allow_reorder : tensor<8x16xf32> -> tensor<32x4xf32>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]]
tile.func @reshape_of_reshape(%x: tensor<8x16xf32>)
    -> (tensor<4x32xf32>, tensor<2x64xf32>, tensor<64x2xf32>, tensor<32x4xf32>) {
  %flat = tile.reshape %x : tensor<8x16xf32> -> tensor<128xf32>
  %a = tile.reshape %flat : tensor<128xf32> -> tensor<4x32xf32>
  %flat_r = tile.reshape %x allow_reorder : tensor<8x16xf32> -> tensor<128xf32>
  %b = tile.reshape %flat_r : tensor<128xf32> -> tensor<2x64xf32>
  %c = tile.reshape %flat allow_reorder : tensor<128xf32> -> tensor<64x2xf32>
  %d = tile.reshape %flat_r allow_reorder : tensor<128xf32> -> tensor<32x4xf32>
  tile.return %a, %b, %c, %d : tensor<4x32xf32>, tensor<2x64xf32>, tensor<64x2xf32>, tensor<32x4xf32>
}

// -----

// A round trip through another shape is the identity.
// CHECK-LABEL: tile.func @reshape_round_trip(
// CHECK-SAME: %[[X:.*]]: tensor<8x16xf32>)
// CHECK-NOT: reshape
// CHECK: return %[[X]]
tile.func @reshape_round_trip(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %flat = tile.reshape %x : tensor<8x16xf32> -> tensor<128xf32>
  %back = tile.reshape %flat : tensor<128xf32> -> tensor<8x16xf32>
  tile.return %back : tensor<8x16xf32>
}

// -----

// Not folded.
// CHECK-LABEL: tile.func @reshape_kept(
// CHECK-SAME: %[[X:.*]]: tensor<8x16xf32>)
// CHECK: %[[R:.*]] = reshape %[[X]] allow_reorder : tensor<8x16xf32> -> tensor<128xf32>
// CHECK: return %[[R]]
tile.func @reshape_kept(%x: tensor<8x16xf32>) -> tensor<128xf32> {
  %r = tile.reshape %x allow_reorder : tensor<8x16xf32> -> tensor<128xf32>
  tile.return %r : tensor<128xf32>
}

//===----------------------------------------------------------------------===//
// tile.trans
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: tile.func @trans_identity(
// CHECK-SAME: %[[X:.*]]: tensor<8x16xf32>)
// CHECK-NOT: trans
// CHECK: return %[[X]]
tile.func @trans_identity(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %t = tile.trans %x {order = array<i32: 0, 1>} : tensor<8x16xf32> -> tensor<8x16xf32>
  tile.return %t : tensor<8x16xf32>
}

// -----

// Transposing twice is the identity.
// CHECK-LABEL: tile.func @trans_of_trans_identity(
// CHECK-SAME: %[[X:.*]]: tensor<8x16xf32>)
// CHECK-NOT: trans
// CHECK: return %[[X]]
tile.func @trans_of_trans_identity(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %a = tile.trans %x {order = array<i32: 1, 0>} : tensor<8x16xf32> -> tensor<16x8xf32>
  %b = tile.trans %a {order = array<i32: 1, 0>} : tensor<16x8xf32> -> tensor<8x16xf32>
  tile.return %b : tensor<8x16xf32>
}

// -----

// trans(trans(x, inner), outer) = trans(x, inner[outer[i]]).
// CHECK-LABEL: tile.func @trans_of_trans(
// CHECK-SAME: %[[X:.*]]: tensor<2x4x8xf32>)
// CHECK: %[[T:.*]] = trans %[[X]] {order = array<i32: 1, 2, 0>} : tensor<2x4x8xf32> -> tensor<4x8x2xf32>
// CHECK-NOT: trans
// CHECK: return %[[X]], %[[T]]
tile.func @trans_of_trans(%x: tensor<2x4x8xf32>) -> (tensor<2x4x8xf32>, tensor<4x8x2xf32>) {
  %a = tile.trans %x {order = array<i32: 2, 0, 1>} : tensor<2x4x8xf32> -> tensor<8x2x4xf32>
  %b = tile.trans %a {order = array<i32: 1, 2, 0>} : tensor<8x2x4xf32> -> tensor<2x4x8xf32>
  %c = tile.trans %a {order = array<i32: 2, 0, 1>} : tensor<8x2x4xf32> -> tensor<4x8x2xf32>
  tile.return %b, %c : tensor<2x4x8xf32>, tensor<4x8x2xf32>
}

// -----

// CHECK-LABEL: tile.func @trans_of_splat_constant()
// CHECK: %[[C:.*]] = arith.constant dense<4> : tensor<16x8xi8>
// CHECK-NOT: trans
// CHECK: return %[[C]]
tile.func @trans_of_splat_constant() -> tensor<16x8xi8> {
  %c = arith.constant dense<4> : tensor<8x16xi8>
  %t = tile.trans %c {order = array<i32: 1, 0>} : tensor<8x16xi8> -> tensor<16x8xi8>
  tile.return %t : tensor<16x8xi8>
}

// -----

// Not folded: a real permutation of a value that is no transpose.
// CHECK-LABEL: tile.func @trans_kept(
// CHECK-SAME: %[[X:.*]]: tensor<8x16xf32>)
// CHECK: %[[T:.*]] = trans %[[X]] {order = array<i32: 1, 0>} : tensor<8x16xf32> -> tensor<16x8xf32>
// CHECK: return %[[T]]
tile.func @trans_kept(%x: tensor<8x16xf32>) -> tensor<16x8xf32> {
  %t = tile.trans %x {order = array<i32: 1, 0>} : tensor<8x16xf32> -> tensor<16x8xf32>
  tile.return %t : tensor<16x8xf32>
}

//===----------------------------------------------------------------------===//
// tile.addptr
//===----------------------------------------------------------------------===//

// -----

// p + 0 = p, for scalars and tiles.
// CHECK-LABEL: tile.func @addptr_zero(
// CHECK-SAME: %[[P:.*]]: !tile.ptr<f32>, %[[PS:.*]]: tensor<64x!tile.ptr<f32>>)
// CHECK-NOT: addptr
// CHECK: return %[[P]], %[[PS]]
tile.func @addptr_zero(%p: !tile.ptr<f32>, %ps: tensor<64x!tile.ptr<f32>>)
    -> (!tile.ptr<f32>, tensor<64x!tile.ptr<f32>>) {
  %z = arith.constant 0 : i32
  %zs = arith.constant dense<0> : tensor<64xi64>
  %q = tile.addptr %p, %z : !tile.ptr<f32>, i32
  %qs = tile.addptr %ps, %zs : tensor<64x!tile.ptr<f32>>, tensor<64xi64>
  tile.return %q, %qs : !tile.ptr<f32>, tensor<64x!tile.ptr<f32>>
}

// -----

// A splatted zero offset becomes a zero constant first.
// CHECK-LABEL: tile.func @addptr_splat_zero(
// CHECK-SAME: %[[PS:.*]]: tensor<64x!tile.ptr<f32>>)
// CHECK-NOT: addptr
// CHECK: return %[[PS]]
tile.func @addptr_splat_zero(%ps: tensor<64x!tile.ptr<f32>>) -> tensor<64x!tile.ptr<f32>> {
  %z = arith.constant 0 : i32
  %zs = tile.splat %z : tensor<64xi32>
  %qs = tile.addptr %ps, %zs : tensor<64x!tile.ptr<f32>>, tensor<64xi32>
  tile.return %qs : tensor<64x!tile.ptr<f32>>
}

// -----

// Not folded: a non-zero or unknown offset.
// CHECK-LABEL: tile.func @addptr_kept(
// CHECK-SAME: %[[P:.*]]: !tile.ptr<f32>, %[[I:.*]]: i32)
// CHECK: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: %[[A:.*]] = addptr %[[P]], %[[ONE]] : !tile.ptr<f32>, i32
// CHECK: %[[B:.*]] = addptr %[[P]], %[[I]] : !tile.ptr<f32>, i32
// CHECK: return %[[A]], %[[B]]
tile.func @addptr_kept(%p: !tile.ptr<f32>, %i: i32) -> (!tile.ptr<f32>, !tile.ptr<f32>) {
  %one = arith.constant 1 : i32
  %a = tile.addptr %p, %one : !tile.ptr<f32>, i32
  %b = tile.addptr %p, %i : !tile.ptr<f32>, i32
  tile.return %a, %b : !tile.ptr<f32>, !tile.ptr<f32>
}

//===----------------------------------------------------------------------===//
// tile.load
//===----------------------------------------------------------------------===//

// -----

// An all-true mask goes, and `other` with it; the hints stay.
// CHECK-LABEL: tile.func @load_all_true(
// CHECK-SAME: %[[PS:.*]]: tensor<64x!tile.ptr<f32>>, %[[O:.*]]: tensor<64xf32>, %[[P:.*]]: !tile.ptr<f16>)
// CHECK-NOT: arith.constant
// CHECK: %[[A:.*]] = load %[[PS]] : tensor<64x!tile.ptr<f32>>
// CHECK: %[[B:.*]] = load %[[PS]] cache = cg evict = evict_last : tensor<64x!tile.ptr<f32>>
// CHECK: %[[C:.*]] = load %[[PS]] volatile : tensor<64x!tile.ptr<f32>>
// CHECK: %[[D:.*]] = load %[[P]] : !tile.ptr<f16>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]]
tile.func @load_all_true(%ps: tensor<64x!tile.ptr<f32>>, %o: tensor<64xf32>, %p: !tile.ptr<f16>)
    -> (tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, f16) {
  %t = arith.constant dense<true> : tensor<64xi1>
  %s = arith.constant true
  %a = tile.load %ps, %t : tensor<64x!tile.ptr<f32>>
  %b = tile.load %ps, %t, %o cache = cg evict = evict_last : tensor<64x!tile.ptr<f32>>
  %c = tile.load %ps, %t, %o volatile : tensor<64x!tile.ptr<f32>>
  %d = tile.load %p, %s : !tile.ptr<f16>
  tile.return %a, %b, %c, %d : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, f16
}

// -----

// The mask may become a known constant only after other folds.
// CHECK-LABEL: tile.func @load_splat_true(
// CHECK-SAME: %[[PS:.*]]: tensor<64x!tile.ptr<f32>>)
// CHECK: %[[A:.*]] = load %[[PS]] : tensor<64x!tile.ptr<f32>>
// CHECK: return %[[A]]
tile.func @load_splat_true(%ps: tensor<64x!tile.ptr<f32>>) -> tensor<64xf32> {
  %t = arith.constant true
  %m = tile.splat %t : tensor<64xi1>
  %a = tile.load %ps, %m : tensor<64x!tile.ptr<f32>>
  tile.return %a : tensor<64xf32>
}

// -----

// An all-false mask touches no memory: the load is `other`.
// CHECK-LABEL: tile.func @load_all_false(
// CHECK-SAME: %[[PS:.*]]: tensor<64x!tile.ptr<f32>>, %[[O:.*]]: tensor<64xf32>, %[[P:.*]]: !tile.ptr<f16>, %[[X:.*]]: f16)
// CHECK-NOT: load
// CHECK: return %[[O]], %[[X]]
tile.func @load_all_false(%ps: tensor<64x!tile.ptr<f32>>, %o: tensor<64xf32>, %p: !tile.ptr<f16>, %x: f16)
    -> (tensor<64xf32>, f16) {
  %f = arith.constant dense<false> : tensor<64xi1>
  %s = arith.constant false
  %a = tile.load %ps, %f, %o cache = cg : tensor<64x!tile.ptr<f32>>
  %b = tile.load %p, %s, %x : !tile.ptr<f16>
  tile.return %a, %b : tensor<64xf32>, f16
}

// -----

// An unused load of an all-false mask without `other` is dead anyway.
// CHECK-LABEL: tile.func @load_dead(
// CHECK-NOT: load
// CHECK: return
tile.func @load_dead(%ps: tensor<64x!tile.ptr<f32>>) {
  %f = arith.constant dense<false> : tensor<64xi1>
  %a = tile.load %ps, %f : tensor<64x!tile.ptr<f32>>
  %b = tile.load %ps : tensor<64x!tile.ptr<f32>>
  tile.return
}

// -----

// Not folded: an all-false mask without `other` (the result is undefined,
// not a value to forward), a volatile load (it must happen, as written), a
// mask not known at compile time, a mask that is not a splat.
// CHECK-LABEL: tile.func @load_kept(
// CHECK-SAME: %[[PS:.*]]: tensor<4x!tile.ptr<f32>>, %[[O:.*]]: tensor<4xf32>, %[[M:.*]]: tensor<4xi1>)
// CHECK-DAG: %[[F:.*]] = arith.constant dense<false> : tensor<4xi1>
// CHECK-DAG: %[[TF:.*]] = arith.constant dense<[true, false, true, false]> : tensor<4xi1>
// CHECK: %[[A:.*]] = load %[[PS]], %[[F]] : tensor<4x!tile.ptr<f32>>
// CHECK: %[[B:.*]] = load %[[PS]], %[[F]], %[[O]] volatile : tensor<4x!tile.ptr<f32>>
// CHECK: %[[C:.*]] = load %[[PS]], %[[M]], %[[O]] : tensor<4x!tile.ptr<f32>>
// CHECK: %[[D:.*]] = load %[[PS]], %[[TF]], %[[O]] : tensor<4x!tile.ptr<f32>>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]]
tile.func @load_kept(%ps: tensor<4x!tile.ptr<f32>>, %o: tensor<4xf32>, %m: tensor<4xi1>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %f = arith.constant dense<false> : tensor<4xi1>
  %tf = arith.constant dense<[true, false, true, false]> : tensor<4xi1>
  %a = tile.load %ps, %f : tensor<4x!tile.ptr<f32>>
  %b = tile.load %ps, %f, %o volatile : tensor<4x!tile.ptr<f32>>
  %c = tile.load %ps, %m, %o : tensor<4x!tile.ptr<f32>>
  %d = tile.load %ps, %tf, %o : tensor<4x!tile.ptr<f32>>
  tile.return %a, %b, %c, %d : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// A volatile load stays even when nothing uses it; a plain one goes.
// CHECK-LABEL: tile.func @load_volatile_unused(
// CHECK-SAME: %[[PS:.*]]: tensor<4x!tile.ptr<f32>>)
// CHECK: load %[[PS]] volatile : tensor<4x!tile.ptr<f32>>
// CHECK-NOT: load
// CHECK: return
tile.func @load_volatile_unused(%ps: tensor<4x!tile.ptr<f32>>) {
  %a = tile.load %ps volatile : tensor<4x!tile.ptr<f32>>
  %b = tile.load %ps : tensor<4x!tile.ptr<f32>>
  tile.return
}

//===----------------------------------------------------------------------===//
// tile.store
//===----------------------------------------------------------------------===//

// -----

// An all-true mask goes; the hints stay.
// CHECK-LABEL: tile.func @store_all_true(
// CHECK-SAME: %[[PS:.*]]: tensor<64x!tile.ptr<f32>>, %[[V:.*]]: tensor<64xf32>, %[[P:.*]]: !tile.ptr<i32>, %[[X:.*]]: i32)
// CHECK-NOT: arith.constant
// CHECK: store %[[PS]], %[[V]] : tensor<64x!tile.ptr<f32>>
// CHECK: store %[[PS]], %[[V]] cache = cs evict = evict_first : tensor<64x!tile.ptr<f32>>
// CHECK: store %[[P]], %[[X]] : !tile.ptr<i32>
// CHECK: return
tile.func @store_all_true(%ps: tensor<64x!tile.ptr<f32>>, %v: tensor<64xf32>, %p: !tile.ptr<i32>, %x: i32) {
  %t = arith.constant dense<true> : tensor<64xi1>
  %s = arith.constant true
  tile.store %ps, %v, %t : tensor<64x!tile.ptr<f32>>
  tile.store %ps, %v, %t cache = cs evict = evict_first : tensor<64x!tile.ptr<f32>>
  tile.store %p, %x, %s : !tile.ptr<i32>
  tile.return
}

// -----

// An all-false mask: no store at all.
// CHECK-LABEL: tile.func @store_all_false(
// CHECK-NOT: store
// CHECK: return
tile.func @store_all_false(%ps: tensor<64x!tile.ptr<f32>>, %v: tensor<64xf32>, %p: !tile.ptr<i32>, %x: i32) {
  %f = arith.constant dense<false> : tensor<64xi1>
  %s = arith.constant false
  tile.store %ps, %v, %f : tensor<64x!tile.ptr<f32>>
  tile.store %p, %x, %s : !tile.ptr<i32>
  tile.return
}

// -----

// Not folded: a mask not known at compile time, a mask that is not a splat,
// and unmasked stores (never removed, even though nothing reads them here).
// CHECK-LABEL: tile.func @store_kept(
// CHECK-SAME: %[[PS:.*]]: tensor<2x!tile.ptr<f32>>, %[[V:.*]]: tensor<2xf32>, %[[M:.*]]: tensor<2xi1>)
// CHECK: %[[TF:.*]] = arith.constant dense<[true, false]> : tensor<2xi1>
// CHECK: store %[[PS]], %[[V]], %[[M]] : tensor<2x!tile.ptr<f32>>
// CHECK: store %[[PS]], %[[V]], %[[TF]] : tensor<2x!tile.ptr<f32>>
// CHECK: store %[[PS]], %[[V]] : tensor<2x!tile.ptr<f32>>
// CHECK: return
tile.func @store_kept(%ps: tensor<2x!tile.ptr<f32>>, %v: tensor<2xf32>, %m: tensor<2xi1>) {
  %tf = arith.constant dense<[true, false]> : tensor<2xi1>
  tile.store %ps, %v, %m : tensor<2x!tile.ptr<f32>>
  tile.store %ps, %v, %tf : tensor<2x!tile.ptr<f32>>
  tile.store %ps, %v : tensor<2x!tile.ptr<f32>>
  tile.return
}

//===----------------------------------------------------------------------===//
// Ops with memory effects are never removed as dead
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: tile.func @atomics_unused(
// CHECK: atomic_rmw add
// CHECK: atomic_cas
// CHECK: return
tile.func @atomics_unused(%p: !tile.ptr<i32>, %v: i32) {
  %a = tile.atomic_rmw add, relaxed, gpu, %p, %v : !tile.ptr<i32>, i32
  %b = tile.atomic_cas relaxed, gpu, %p, %v, %v : !tile.ptr<i32>
  tile.return
}

// -----

// Pure ops without uses are removed.
// CHECK-LABEL: tile.func @pure_unused(
// CHECK-NEXT: return
tile.func @pure_unused(%x: tensor<8x16xf32>, %a: tensor<16x8xf16>, %b: tensor<8x16xf16>, %c: tensor<16x16xf32>) {
  %pid = tile.program_id x : i32
  %r = tile.make_range {start = 0 : i32, end = 16 : i32} : tensor<16xi32>
  %t = tile.trans %x {order = array<i32: 1, 0>} : tensor<8x16xf32> -> tensor<16x8xf32>
  %d = tile.dot %a, %b, %c : tensor<16x8xf16> * tensor<8x16xf16> -> tensor<16x16xf32>
  %s = tile.reduce %x axis = 1 : (tensor<8x16xf32>) -> tensor<8xf32> {
  ^bb0(%l: f32, %r2: f32):
    %sum = arith.addf %l, %r2 : f32
    tile.reduce.return %sum : f32
  }
  tile.return
}

// -----

// A barrier has no results, but it orders memory: it is never removed.
// CHECK-LABEL: tile.func @barrier_kept(
// CHECK-NEXT: barrier
// CHECK-NEXT: barrier
// CHECK-NEXT: return
tile.func @barrier_kept() {
  tile.barrier
  tile.barrier
  tile.return
}
