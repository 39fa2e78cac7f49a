// RUN: tessera-opt %s -split-input-file -verify-diagnostics

// One case per verifier error of the tile dialect (TileOps.cpp, the pointer
// type in TileDialect.cpp), the ODS constraints users hit most, and malformed
// generic forms that must give a diagnostic rather than a crash.

//===----------------------------------------------------------------------===//
// !tile.ptr
//===----------------------------------------------------------------------===//

// expected-error@+1 {{pointee must be a scalar number (f8E4M3FN, f8E5M2, f16, bf16, f32, f64, i1, i8, i16, i32, i64) or a pointer, got 'tensor<4xf32>'}}
tile.func private @ptr_to_tensor(!tile.ptr<tensor<4xf32>>)

// -----

// expected-error@+1 {{pointee must be a scalar number (f8E4M3FN, f8E5M2, f16, bf16, f32, f64, i1, i8, i16, i32, i64) or a pointer, got 'index'}}
tile.func private @ptr_to_index(!tile.ptr<index>)

// -----

// Signed and unsigned integers are not tile element types: nothing could load
// through such a pointer.
// expected-error@+1 {{pointee must be a scalar number (f8E4M3FN, f8E5M2, f16, bf16, f32, f64, i1, i8, i16, i32, i64) or a pointer, got 'ui8'}}
tile.func private @ptr_to_unsigned(!tile.ptr<ui8>)

// -----

// expected-error@+1 {{pointee must be a scalar number (f8E4M3FN, f8E5M2, f16, bf16, f32, f64, i1, i8, i16, i32, i64) or a pointer, got 'i128'}}
tile.func private @ptr_to_i128(!tile.ptr<i128>)

// -----

// expected-error@+1 {{address space must be in [0, 16777215], got -1}}
tile.func private @negative_address_space(!tile.ptr<f32, -1>)

// -----

// LLVM keeps address spaces in 24 bits.
// expected-error@+1 {{address space must be in [0, 16777215], got 16777216}}
tile.func private @huge_address_space(!tile.ptr<f32, 16777216>)

// -----

// Tiles have static shapes.
// expected-error@+1 {{'tile.make_range' op result #0 must be statically shaped tensor of 32-bit signless integer values, but got 'tensor<?xi32>'}}
%r = tile.make_range {start = 0 : i32, end = 4 : i32} : tensor<?xi32>

// -----

tile.func @dynamic_reshape(%x: tensor<?xf32>) {
  // expected-error@+1 {{'tile.reshape' op operand #0 must be statically shaped tensor of}}
  %r = "tile.reshape"(%x) : (tensor<?xf32>) -> tensor<4xf32>
  tile.return
}

//===----------------------------------------------------------------------===//
// tile.make_range
//===----------------------------------------------------------------------===//

// -----

// expected-error@+1 {{'tile.make_range' op end (0) must be greater than start (4)}}
%r = tile.make_range {start = 4 : i32, end = 0 : i32} : tensor<4xi32>

// -----

// Start and end are signed: -8 is not 4294967288.
// expected-error@+1 {{'tile.make_range' op end (-8) must be greater than start (-4)}}
%r = tile.make_range {start = -4 : i32, end = -8 : i32} : tensor<4xi32>

// -----

// expected-error@+1 {{'tile.make_range' op result must be a 1-D tensor, got rank 2}}
%r = tile.make_range {start = 0 : i32, end = 16 : i32} : tensor<4x4xi32>

// -----

// expected-error@+1 {{'tile.make_range' op result has 64 elements but the range [0, 128) has 128}}
%r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<64xi32>

// -----

// expected-error@+1 {{'tile.make_range' op range length 3 must be a power of two}}
%r = tile.make_range {start = 1 : i32, end = 4 : i32} : tensor<3xi32>

// -----

// expected-error@+1 {{'tile.make_range' op result #0 must be statically shaped tensor of 32-bit signless integer values, but got 'tensor<4xi64>'}}
%r = tile.make_range {start = 0 : i32, end = 4 : i32} : tensor<4xi64>

// -----

// expected-error@+1 {{'tile.make_range' op attribute 'start' failed to satisfy constraint: 32-bit signless integer attribute}}
%r = tile.make_range {start = 0 : i64, end = 4 : i32} : tensor<4xi32>

//===----------------------------------------------------------------------===//
// tile.splat, tile.broadcast, tile.expand_dims, tile.reshape, tile.trans
//===----------------------------------------------------------------------===//

// -----

// expected-note@+1 {{prior use here}}
tile.func @splat_wrong_element(%x: f16) {
  // expected-error@+1 {{use of value '%x' expects different type than prior uses: 'f32' vs 'f16'}}
  %t = tile.splat %x : tensor<4xf32>
  tile.return
}

// -----

tile.func @splat_of_tensor(%x: tensor<4xf32>) {
  // expected-error@+1 {{'tile.splat' op operand #0 must be tile element, but got 'tensor<4xf32>'}}
  %t = "tile.splat"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  tile.return
}

// -----

tile.func @broadcast_rank(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.broadcast' op source rank 1 differs from result rank 2; use tile.expand_dims to add dimensions}}
  %b = tile.broadcast %x : tensor<128xf32> -> tensor<64x128xf32>
  tile.return
}

// -----

tile.func @broadcast_non_unit(%x: tensor<2x128xf32>) {
  // expected-error@+1 {{'tile.broadcast' op dimension 0 of the source has size 2: only unit dimensions can be broadcast (to 64)}}
  %b = tile.broadcast %x : tensor<2x128xf32> -> tensor<64x128xf32>
  tile.return
}

// -----

tile.func @broadcast_element_type(%x: tensor<1x128xf32>) {
  // expected-error@+1 {{'tile.broadcast' op requires the same element type for all operands and results}}
  %b = tile.broadcast %x : tensor<1x128xf32> -> tensor<64x128xf16>
  tile.return
}

// -----

tile.func @expand_dims_axis(%x: tensor<64xi32>) {
  // expected-error@+1 {{'tile.expand_dims' op axis 2 is out of range [0, 1]}}
  %e = tile.expand_dims %x {axis = 2 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  tile.return
}

// -----

tile.func @expand_dims_negative_axis(%x: tensor<64xi32>) {
  // expected-error@+1 {{'tile.expand_dims' op axis -1 is out of range [0, 1]}}
  %e = tile.expand_dims %x {axis = -1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  tile.return
}

// -----

tile.func @expand_dims_shape(%x: tensor<64xi32>) {
  // expected-error@+1 {{'tile.expand_dims' op result shape [64, 1] should be [1, 64]}}
  %e = tile.expand_dims %x {axis = 0 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  tile.return
}

// -----

tile.func @reshape_count(%x: tensor<64x128xf32>) {
  // expected-error@+1 {{'tile.reshape' op source has 8192 elements but the result has 4096}}
  %r = tile.reshape %x : tensor<64x128xf32> -> tensor<4096xf32>
  tile.return
}

// -----

tile.func @reshape_element_type(%x: tensor<64x128xf32>) {
  // expected-error@+1 {{'tile.reshape' op requires the same element type for all operands and results}}
  %r = tile.reshape %x allow_reorder : tensor<64x128xf32> -> tensor<8192xi32>
  tile.return
}

// -----

tile.func @trans_order_size(%x: tensor<64x128xf16>) {
  // expected-error@+1 {{'tile.trans' op order has 3 entries but the source has rank 2}}
  %t = tile.trans %x {order = array<i32: 1, 0, 2>} : tensor<64x128xf16> -> tensor<128x64xf16>
  tile.return
}

// -----

tile.func @trans_not_permutation(%x: tensor<64x128xf16>) {
  // expected-error@+1 {{'tile.trans' op order must be a permutation of [0, 2)}}
  %t = tile.trans %x {order = array<i32: 1, 1>} : tensor<64x128xf16> -> tensor<128x128xf16>
  tile.return
}

// -----

tile.func @trans_out_of_range(%x: tensor<64x128xf16>) {
  // expected-error@+1 {{'tile.trans' op order must be a permutation of [0, 2)}}
  %t = tile.trans %x {order = array<i32: -1, 0>} : tensor<64x128xf16> -> tensor<128x64xf16>
  tile.return
}

// -----

tile.func @trans_result_rank(%x: tensor<64x128xf16>) {
  // expected-error@+1 {{'tile.trans' op result rank differs from source rank}}
  %t = tile.trans %x {order = array<i32: 1, 0>} : tensor<64x128xf16> -> tensor<8192xf16>
  tile.return
}

// -----

tile.func @trans_result_shape(%x: tensor<64x128xf16>) {
  // expected-error@+1 {{'tile.trans' op result dimension 0 has size 64 but source dimension 1 has size 128}}
  %t = tile.trans %x {order = array<i32: 1, 0>} : tensor<64x128xf16> -> tensor<64x128xf16>
  tile.return
}

//===----------------------------------------------------------------------===//
// tile.addptr, tile.load, tile.store
//===----------------------------------------------------------------------===//

// -----

tile.func @addptr_shape(%p: tensor<128x!tile.ptr<f32>>, %o: tensor<64xi32>) {
  // expected-error@+1 {{'tile.addptr' op offset shape [64] must match pointer shape [128]}}
  %q = tile.addptr %p, %o : tensor<128x!tile.ptr<f32>>, tensor<64xi32>
  tile.return
}

// -----

tile.func @addptr_scalar_ptr_tensor_offset(%p: !tile.ptr<f32>, %o: tensor<64xi32>) {
  // expected-error@+1 {{'tile.addptr' op offset shape [64] must match pointer shape []}}
  %q = tile.addptr %p, %o : !tile.ptr<f32>, tensor<64xi32>
  tile.return
}

// -----

tile.func @addptr_tensor_ptr_scalar_offset(%p: tensor<64x!tile.ptr<f32>>, %o: i32) {
  // expected-error@+1 {{'tile.addptr' op offset shape [] must match pointer shape [64]}}
  %q = tile.addptr %p, %o : tensor<64x!tile.ptr<f32>>, i32
  tile.return
}

// -----

tile.func @addptr_float_offset(%p: !tile.ptr<f32>, %o: f32) {
  // expected-error@+1 {{'tile.addptr' op operand #1 must be integer or tile of integers, but got 'f32'}}
  %q = tile.addptr %p, %o : !tile.ptr<f32>, f32
  tile.return
}

// -----

tile.func @load_not_pointer(%p: tensor<4xf32>) {
  // expected-error@+1 {{'ptr' must be pointer or tile of pointers, but got 'tensor<4xf32>'}}
  %x = tile.load %p : tensor<4xf32>
  tile.return
}

// -----

// The same in generic form, where nothing infers the result type.
tile.func @load_not_pointer_generic(%p: tensor<4xf32>) {
  // expected-error@+1 {{'tile.load' op operand #0 must be pointer or tile of pointers, but got 'tensor<4xf32>'}}
  %x = "tile.load"(%p) <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<4xf32>) -> tensor<4xf32>
  tile.return
}

// -----

// expected-note@+1 {{prior use here}}
tile.func @load_wrong_mask(%p: tensor<128x!tile.ptr<f32>>, %m: tensor<64xi1>) {
  // expected-error@+1 {{use of value '%m' expects different type than prior uses: 'tensor<128xi1>' vs 'tensor<64xi1>'}}
  %x = tile.load %p, %m : tensor<128x!tile.ptr<f32>>
  tile.return
}

// -----

tile.func @load_wrong_mask_generic(%p: tensor<128x!tile.ptr<f32>>, %m: tensor<64xi1>) {
  // expected-error@+1 {{'tile.load' op failed to verify that mask is i1 in the shape of ptr}}
  %x = "tile.load"(%p, %m) <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (tensor<128x!tile.ptr<f32>>, tensor<64xi1>) -> tensor<128xf32>
  tile.return
}

// -----

tile.func @load_mask_not_i1(%p: tensor<128x!tile.ptr<f32>>, %m: tensor<128xi8>) {
  // expected-error@+1 {{'tile.load' op operand #1 must be i1 or tile of i1, but got 'tensor<128xi8>'}}
  %x = "tile.load"(%p, %m) <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (tensor<128x!tile.ptr<f32>>, tensor<128xi8>) -> tensor<128xf32>
  tile.return
}

// -----

// expected-note@+1 {{prior use here}}
tile.func @load_wrong_other(%p: tensor<128x!tile.ptr<f32>>, %m: tensor<128xi1>, %o: tensor<128xf16>) {
  // expected-error@+1 {{use of value '%o' expects different type than prior uses: 'tensor<128xf32>' vs 'tensor<128xf16>'}}
  %x = tile.load %p, %m, %o : tensor<128x!tile.ptr<f32>>
  tile.return
}

// -----

tile.func @load_wrong_other_generic(%p: tensor<128x!tile.ptr<f32>>, %m: tensor<128xi1>, %o: tensor<128xf16>) {
  // expected-error@+1 {{'tile.load' op failed to verify that other is the pointee type of ptr}}
  %x = "tile.load"(%p, %m, %o) <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (tensor<128x!tile.ptr<f32>>, tensor<128xi1>, tensor<128xf16>) -> tensor<128xf32>
  tile.return
}

// -----

tile.func @load_wrong_result_generic(%p: tensor<128x!tile.ptr<f32>>) {
  // expected-error@+1 {{'tile.load' op failed to verify that result is the pointee type of ptr}}
  %x = "tile.load"(%p) <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<128x!tile.ptr<f32>>) -> tensor<64xf32>
  tile.return
}

// -----

// Only the generic form can give `other` without a mask: the custom form
// reads a single extra operand as the mask.
tile.func @load_other_without_mask(%p: tensor<4x!tile.ptr<f32>>, %o: tensor<4xf32>) {
  // expected-error@+1 {{'tile.load' op 'other' is only meaningful together with a mask}}
  %x = "tile.load"(%p, %o) <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (tensor<4x!tile.ptr<f32>>, tensor<4xf32>) -> tensor<4xf32>
  tile.return
}

// -----

tile.func @load_bad_segments(%p: tensor<4x!tile.ptr<f32>>, %o: tensor<4xf32>) {
  // expected-error@+1 {{'tile.load' op operand count (2) does not match with the total size (3) specified in attribute 'operandSegmentSizes'}}
  %x = "tile.load"(%p, %o) <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (tensor<4x!tile.ptr<f32>>, tensor<4xf32>) -> tensor<4xf32>
  tile.return
}

// -----

tile.func @load_no_operands() {
  // expected-error@+1 {{'tile.load' op expected 1 or more operands, but found 0}}
  %x = "tile.load"() <{operandSegmentSizes = array<i32: 0, 0, 0>}> : () -> tensor<4xf32>
  tile.return
}

// -----

tile.func @load_bad_cache(%p: tensor<4x!tile.ptr<f32>>) {
  // expected-error@+1 {{expected string or keyword containing one of the following enum values for attribute 'cache' [none, ca, cg, cs, lu, cv, wb, wt]}}
  %x = tile.load %p cache = l2 : tensor<4x!tile.ptr<f32>>
  tile.return
}

// -----

// expected-note@+1 {{prior use here}}
tile.func @store_wrong_value(%p: tensor<128x!tile.ptr<f32>>, %v: tensor<128xf16>) {
  // expected-error@+1 {{use of value '%v' expects different type than prior uses: 'tensor<128xf32>' vs 'tensor<128xf16>'}}
  tile.store %p, %v : tensor<128x!tile.ptr<f32>>
  tile.return
}

// -----

tile.func @store_wrong_value_generic(%p: tensor<128x!tile.ptr<f32>>, %v: tensor<128xf16>) {
  // expected-error@+1 {{'tile.store' op failed to verify that value is the pointee type of ptr}}
  "tile.store"(%p, %v) : (tensor<128x!tile.ptr<f32>>, tensor<128xf16>) -> ()
  tile.return
}

// -----

tile.func @store_wrong_mask_generic(%p: tensor<128x!tile.ptr<f32>>, %v: tensor<128xf32>, %m: i1) {
  // expected-error@+1 {{'tile.store' op failed to verify that mask is i1 in the shape of ptr}}
  "tile.store"(%p, %v, %m) : (tensor<128x!tile.ptr<f32>>, tensor<128xf32>, i1) -> ()
  tile.return
}

// -----

tile.func @store_not_pointer_generic(%p: tensor<4xf32>) {
  // expected-error@+1 {{'tile.store' op operand #0 must be pointer or tile of pointers, but got 'tensor<4xf32>'}}
  "tile.store"(%p, %p) : (tensor<4xf32>, tensor<4xf32>) -> ()
  tile.return
}

// -----

tile.func @store_constant(%p: !tile.ptr<f32, 4>, %v: f32) {
  // expected-error@+1 {{'tile.store' op cannot store to the constant address space}}
  tile.store %p, %v : !tile.ptr<f32, 4>
  tile.return
}

//===----------------------------------------------------------------------===//
// tile.dot
//===----------------------------------------------------------------------===//

// -----

tile.func @dot_rank(%a: tensor<64xf16>, %b: tensor<64xf16>, %c: tensor<64xf32>) {
  // expected-error@+1 {{'tile.dot' op operands must have rank 2 (or 3 with a batch dimension), got 1}}
  %d = tile.dot %a, %b, %c : tensor<64xf16> * tensor<64xf16> -> tensor<64xf32>
  tile.return
}

// -----

tile.func @dot_mixed_rank(%a: tensor<64x32xf16>, %b: tensor<2x32x64xf16>, %c: tensor<64x64xf32>) {
  // expected-error@+1 {{'tile.dot' op a, b and the accumulator must have the same rank}}
  %d = tile.dot %a, %b, %c : tensor<64x32xf16> * tensor<2x32x64xf16> -> tensor<64x64xf32>
  tile.return
}

// -----

tile.func @dot_k(%a: tensor<64x32xf16>, %b: tensor<16x64xf16>, %c: tensor<64x64xf32>) {
  // expected-error@+1 {{'tile.dot' op reduction dimensions differ: a is 64x32 but b is 16x64}}
  %d = tile.dot %a, %b, %c : tensor<64x32xf16> * tensor<16x64xf16> -> tensor<64x64xf32>
  tile.return
}

// -----

tile.func @dot_acc_shape(%a: tensor<64x32xf16>, %b: tensor<32x64xf16>, %c: tensor<64x32xf32>) {
  // expected-error@+1 {{'tile.dot' op accumulator must be 64x64, got [64, 32]}}
  %d = tile.dot %a, %b, %c : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x32xf32>
  tile.return
}

// -----

tile.func @dot_batch(%a: tensor<2x64x32xf16>, %b: tensor<4x32x64xf16>, %c: tensor<2x64x64xf32>) {
  // expected-error@+1 {{'tile.dot' op batch dimensions differ}}
  %d = tile.dot %a, %b, %c : tensor<2x64x32xf16> * tensor<4x32x64xf16> -> tensor<2x64x64xf32>
  tile.return
}

// -----

tile.func @dot_bf16_acc(%a: tensor<64x32xbf16>, %b: tensor<32x64xbf16>, %c: tensor<64x64xbf16>) {
  // expected-error@+1 {{'tile.dot' op unsupported operand/accumulator types 'bf16' x 'bf16' -> 'bf16'}}
  %d = tile.dot %a, %b, %c : tensor<64x32xbf16> * tensor<32x64xbf16> -> tensor<64x64xbf16>
  tile.return
}

// -----

tile.func @dot_mixed_operands(%a: tensor<64x32xf16>, %b: tensor<32x64xbf16>, %c: tensor<64x64xf32>) {
  // expected-error@+1 {{'tile.dot' op unsupported operand/accumulator types 'f16' x 'bf16' -> 'f32'}}
  %d = tile.dot %a, %b, %c : tensor<64x32xf16> * tensor<32x64xbf16> -> tensor<64x64xf32>
  tile.return
}

// -----

tile.func @dot_i8_acc(%a: tensor<64x32xi8>, %b: tensor<32x64xi8>, %c: tensor<64x64xf32>) {
  // expected-error@+1 {{'tile.dot' op unsupported operand/accumulator types 'i8' x 'i8' -> 'f32'}}
  %d = tile.dot %a, %b, %c : tensor<64x32xi8> * tensor<32x64xi8> -> tensor<64x64xf32>
  tile.return
}

// -----

tile.func @dot_tf32_on_f16(%a: tensor<64x32xf16>, %b: tensor<32x64xf16>, %c: tensor<64x64xf32>) {
  // expected-error@+1 {{'tile.dot' op input_precision tf32 only applies to f32 operands}}
  %d = tile.dot %a, %b, %c input_precision = tf32 : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf32>
  tile.return
}

// -----

tile.func @dot_acc_result_generic(%a: tensor<64x32xf16>, %b: tensor<32x64xf16>, %c: tensor<64x64xf32>) {
  // expected-error@+1 {{'tile.dot' op failed to verify that all of {c, d} have same type}}
  %d = "tile.dot"(%a, %b, %c) : (tensor<64x32xf16>, tensor<32x64xf16>, tensor<64x64xf32>) -> tensor<64x64xf16>
  tile.return
}

//===----------------------------------------------------------------------===//
// tile.reduce, tile.scan
//===----------------------------------------------------------------------===//

// -----

tile.func @reduce_no_sources() {
  // expected-error@+1 {{'tile.reduce' op needs at least one source}}
  "tile.reduce"() <{axis = 0 : i32}> ({
  ^bb0:
    tile.reduce.return
  }) : () -> ()
  tile.return
}

// -----

tile.func @reduce_result_count(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.reduce' op has 1 sources but 2 results}}
  %r:2 = tile.reduce %x axis = 0 : (tensor<128xf32>) -> (f32, f32) {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return %a : f32
  }
  tile.return
}

// -----

tile.func @reduce_source_shapes(%x: tensor<128xf32>, %i: tensor<64xi32>) {
  // expected-error@+1 {{'tile.reduce' op sources must all have shape [128]}}
  %r:2 = tile.reduce %x, %i axis = 0 : (tensor<128xf32>, tensor<64xi32>) -> (f32, i32) {
  ^bb0(%a: f32, %ai: i32, %b: f32, %bi: i32):
    tile.reduce.return %a, %ai : f32, i32
  }
  tile.return
}

// -----

tile.func @reduce_axis(%x: tensor<64x128xf32>) {
  // expected-error@+1 {{'tile.reduce' op axis 2 is out of range for rank 2}}
  %r = tile.reduce %x axis = 2 : (tensor<64x128xf32>) -> tensor<64xf32> {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return %a : f32
  }
  tile.return
}

// -----

tile.func @reduce_negative_axis(%x: tensor<64x128xf32>) {
  // expected-error@+1 {{'tile.reduce' op axis -1 is out of range for rank 2}}
  %r = tile.reduce %x axis = -1 : (tensor<64x128xf32>) -> tensor<64xf32> {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return %a : f32
  }
  tile.return
}

// -----

tile.func @reduce_result_element(%x: tensor<64x128xf32>) {
  // expected-error@+1 {{'tile.reduce' op result 0 must have element type 'f32'}}
  %r = tile.reduce %x axis = 1 : (tensor<64x128xf32>) -> tensor<64xf16> {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return %a : f32
  }
  tile.return
}

// -----

tile.func @reduce_result_shape(%x: tensor<64x128xf32>) {
  // expected-error@+1 {{'tile.reduce' op result 0 must be of shape [64]}}
  %r = tile.reduce %x axis = 1 : (tensor<64x128xf32>) -> tensor<128xf32> {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return %a : f32
  }
  tile.return
}

// -----

tile.func @reduce_result_scalar_expected(%x: tensor<64x128xf32>) {
  // expected-error@+1 {{'tile.reduce' op result 0 must be of shape [128]}}
  %r = tile.reduce %x axis = 0 : (tensor<64x128xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return %a : f32
  }
  tile.return
}

// -----

tile.func @reduce_rank1_to_tensor(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.reduce' op result 0 must be a scalar}}
  %r = tile.reduce %x axis = 0 : (tensor<128xf32>) -> tensor<1xf32> {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return %a : f32
  }
  tile.return
}

// -----

tile.func @reduce_combiner_arity(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.reduce' op combiner must take 2 arguments, got 3}}
  %r = tile.reduce %x axis = 0 : (tensor<128xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32, %c: f32):
    tile.reduce.return %a : f32
  }
  tile.return
}

// -----

tile.func @reduce_combiner_argument_type(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.reduce' op combiner arguments 0 and 1 must have type 'f32'}}
  %r = tile.reduce %x axis = 0 : (tensor<128xf32>) -> f32 {
  ^bb0(%a: f32, %b: f16):
    tile.reduce.return %a : f32
  }
  tile.return
}

// -----

tile.func @reduce_combiner_yield_count(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.reduce' op combiner must yield 1 values, got 0}}
  %r = tile.reduce %x axis = 0 : (tensor<128xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return
  }
  tile.return
}

// -----

tile.func @reduce_combiner_yield_type(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.reduce' op combiner result 0 must have type 'f32', got 'f16'}}
  %r = tile.reduce %x axis = 0 : (tensor<128xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    %t = arith.truncf %a : f32 to f16
    tile.reduce.return %t : f16
  }
  tile.return
}

// -----

// A terminator without a parent constraint must not pass for a combiner.
tile.func @reduce_foreign_terminator(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.reduce' op combiner must end with 'tile.reduce.return', got 'llvm.unreachable'}}
  %r = tile.reduce %x axis = 0 : (tensor<128xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    llvm.unreachable
  }
  tile.return
}

// -----

tile.func @reduce_wrong_return(%x: tensor<128xf32>) {
  %r = tile.reduce %x axis = 0 : (tensor<128xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    // expected-error@+1 {{'tile.scan.return' op expects parent op 'tile.scan'}}
    tile.scan.return %a : f32
  }
  tile.return
}

// -----

tile.func @reduce_no_terminator(%x: tensor<128xf32>) {
  %r = tile.reduce %x axis = 0 : (tensor<128xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    // expected-error@+1 {{block with no terminator}}
    %s = arith.addf %a, %b : f32
  }
  tile.return
}

// -----

tile.func @reduce_empty_region(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.reduce' op region #0 ('combineOp') failed to verify constraint: region with 1 blocks}}
  %r = "tile.reduce"(%x) <{axis = 0 : i32}> ({
  }) : (tensor<128xf32>) -> f32
  tile.return
}

// -----

tile.func @reduce_empty_block(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.reduce' op expects a non-empty block}}
  %r = "tile.reduce"(%x) <{axis = 0 : i32}> ({
  ^bb0(%a: f32, %b: f32):
  }) : (tensor<128xf32>) -> f32
  tile.return
}

// -----

tile.func @reduce_no_region(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.reduce' op requires one region}}
  %r = "tile.reduce"(%x) <{axis = 0 : i32}> : (tensor<128xf32>) -> f32
  tile.return
}

// -----

tile.func @reduce_two_blocks(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.reduce' op expects region #0 to have 0 or 1 blocks}}
  %r = "tile.reduce"(%x) <{axis = 0 : i32}> ({
  ^bb0(%a: f32, %b: f32):
    "tile.reduce.return"(%a) : (f32) -> ()
  ^bb1:
    "tile.reduce.return"(%a) : (f32) -> ()
  }) : (tensor<128xf32>) -> f32
  tile.return
}

// -----

tile.func @reduce_no_axis(%x: tensor<128xf32>) {
  // expected-error@+1 {{'tile.reduce' op requires attribute 'axis'}}
  %r = "tile.reduce"(%x) ({
  ^bb0(%a: f32, %b: f32):
    "tile.reduce.return"(%a) : (f32) -> ()
  }) : (tensor<128xf32>) -> f32
  tile.return
}

// -----

// expected-error@+1 {{'tile.reduce.return' op expects parent op 'tile.reduce'}}
"tile.reduce.return"() : () -> ()

// -----

tile.func @scan_result(%x: tensor<128xi32>) {
  // expected-error@+1 {{'tile.scan' op result 0 must have the shape and element type of its source}}
  %c = tile.scan %x axis = 0 : (tensor<128xi32>) -> tensor<64xi32> {
  ^bb0(%a: i32, %b: i32):
    tile.scan.return %a : i32
  }
  tile.return
}

// -----

tile.func @scan_result_element(%x: tensor<128xi32>) {
  // expected-error@+1 {{'tile.scan' op result 0 must have the shape and element type of its source}}
  %c = tile.scan %x axis = 0 : (tensor<128xi32>) -> tensor<128xi64> {
  ^bb0(%a: i32, %b: i32):
    tile.scan.return %a : i32
  }
  tile.return
}

// -----

tile.func @scan_axis(%x: tensor<128xi32>) {
  // expected-error@+1 {{'tile.scan' op axis 1 is out of range for rank 1}}
  %c = tile.scan %x axis = 1 : (tensor<128xi32>) -> tensor<128xi32> {
  ^bb0(%a: i32, %b: i32):
    tile.scan.return %a : i32
  }
  tile.return
}

// -----

tile.func @scan_result_count(%x: tensor<128xi32>) {
  // expected-error@+1 {{'tile.scan' op has 1 sources but 0 results}}
  "tile.scan"(%x) <{axis = 0 : i32}> ({
  ^bb0(%a: i32, %b: i32):
    tile.scan.return %a : i32
  }) : (tensor<128xi32>) -> ()
  tile.return
}

// -----

tile.func @scan_scalar_result(%x: tensor<128xi32>) {
  // expected-error@+1 {{'tile.scan' op result #0 must be variadic of statically shaped tensor of}}
  %c = tile.scan %x axis = 0 : (tensor<128xi32>) -> i32 {
  ^bb0(%a: i32, %b: i32):
    tile.scan.return %a : i32
  }
  tile.return
}

// -----

tile.func @scan_combiner_type(%x: tensor<128xi32>) {
  // expected-error@+1 {{'tile.scan' op combiner result 0 must have type 'i32', got 'i64'}}
  %c = tile.scan %x axis = 0 : (tensor<128xi32>) -> tensor<128xi32> {
  ^bb0(%a: i32, %b: i32):
    %e = arith.extsi %a : i32 to i64
    tile.scan.return %e : i64
  }
  tile.return
}

// -----

tile.func @scan_foreign_terminator(%x: tensor<128xi32>) {
  // expected-error@+1 {{'tile.scan' op combiner must end with 'tile.scan.return', got 'llvm.unreachable'}}
  %c = tile.scan %x axis = 0 : (tensor<128xi32>) -> tensor<128xi32> {
  ^bb0(%a: i32, %b: i32):
    llvm.unreachable
  }
  tile.return
}

//===----------------------------------------------------------------------===//
// tile.atomic_rmw, tile.atomic_cas
//===----------------------------------------------------------------------===//

// -----

tile.func @atomic_constant_space(%p: !tile.ptr<i32, 4>, %v: i32) {
  // expected-error@+1 {{'tile.atomic_rmw' op atomics need a global (1) or shared (3) pointer, got address space 4}}
  %o = tile.atomic_rmw add, relaxed, gpu, %p, %v : !tile.ptr<i32, 4>, i32
  tile.return
}

// -----

tile.func @atomic_cas_generic_space(%p: !tile.ptr<i32, 0>, %v: i32) {
  // expected-error@+1 {{'tile.atomic_cas' op atomics need a global (1) or shared (3) pointer, got address space 0}}
  %o = tile.atomic_cas relaxed, gpu, %p, %v, %v : !tile.ptr<i32, 0>
  tile.return
}

// -----

tile.func @atomic_value_shape(%p: tensor<64x!tile.ptr<f32>>, %v: tensor<32xf32>) {
  // expected-error@+1 {{'tile.atomic_rmw' op value must be a scalar or have the pointer's shape [64]}}
  %o = tile.atomic_rmw fadd, relaxed, gpu, %p, %v : tensor<64x!tile.ptr<f32>>, tensor<32xf32>
  tile.return
}

// -----

tile.func @atomic_tensor_value_scalar_ptr(%p: !tile.ptr<f32>, %v: tensor<32xf32>) {
  // expected-error@+1 {{'tile.atomic_rmw' op value must be a scalar or have the pointer's shape []}}
  %o = tile.atomic_rmw fadd, relaxed, gpu, %p, %v : !tile.ptr<f32>, tensor<32xf32>
  tile.return
}

// -----

tile.func @atomic_value_type(%p: tensor<64x!tile.ptr<f32>>, %v: tensor<64xf16>) {
  // expected-error@+1 {{'tile.atomic_rmw' op value element type 'f16' differs from the pointee type}}
  %o = tile.atomic_rmw fadd, relaxed, gpu, %p, %v : tensor<64x!tile.ptr<f32>>, tensor<64xf16>
  tile.return
}

// -----

tile.func @atomic_add_float(%p: !tile.ptr<f32>, %v: f32) {
  // expected-error@+1 {{'tile.atomic_rmw' op 'add' is not defined on 'f32'}}
  %o = tile.atomic_rmw add, relaxed, gpu, %p, %v : !tile.ptr<f32>, f32
  tile.return
}

// -----

tile.func @atomic_fadd_int(%p: !tile.ptr<i32>, %v: i32) {
  // expected-error@+1 {{'tile.atomic_rmw' op 'fadd' is not defined on 'i32'}}
  %o = tile.atomic_rmw fadd, relaxed, gpu, %p, %v : !tile.ptr<i32>, i32
  tile.return
}

// -----

tile.func @atomic_umax_float(%p: !tile.ptr<f32>, %v: f32) {
  // expected-error@+1 {{'tile.atomic_rmw' op 'umax' is not defined on 'f32'}}
  %o = tile.atomic_rmw umax, relaxed, gpu, %p, %v : !tile.ptr<f32>, f32
  tile.return
}

// -----

tile.func @atomic_and_i16(%p: !tile.ptr<i16>, %v: i16) {
  // expected-error@+1 {{'tile.atomic_rmw' op 'and' is not defined on 'i16'}}
  %o = tile.atomic_rmw and, relaxed, gpu, %p, %v : !tile.ptr<i16>, i16
  tile.return
}

// -----

tile.func @atomic_max_i8(%p: !tile.ptr<i8>, %v: i8) {
  // expected-error@+1 {{'tile.atomic_rmw' op 'max' is not defined on 'i8'}}
  %o = tile.atomic_rmw max, relaxed, gpu, %p, %v : !tile.ptr<i8>, i8
  tile.return
}

// -----

tile.func @atomic_xchg_f16(%p: !tile.ptr<f16>, %v: f16) {
  // expected-error@+1 {{'tile.atomic_rmw' op 'xchg' is not defined on 'f16'}}
  %o = tile.atomic_rmw xchg, relaxed, gpu, %p, %v : !tile.ptr<f16>, f16
  tile.return
}

// -----

tile.func @atomic_fadd_fp8(%p: !tile.ptr<f8E4M3FN>, %v: f8E4M3FN) {
  // expected-error@+1 {{'tile.atomic_rmw' op 'fadd' is not defined on 'f8E4M3FN'}}
  %o = tile.atomic_rmw fadd, relaxed, gpu, %p, %v : !tile.ptr<f8E4M3FN>, f8E4M3FN
  tile.return
}

// -----

// expected-note@+1 {{prior use here}}
tile.func @atomic_wrong_mask(%p: tensor<64x!tile.ptr<i32>>, %v: i32, %m: tensor<32xi1>) {
  // expected-error@+1 {{use of value '%m' expects different type than prior uses: 'tensor<64xi1>' vs 'tensor<32xi1>'}}
  %o = tile.atomic_rmw add, relaxed, gpu, %p, %v, %m : tensor<64x!tile.ptr<i32>>, i32
  tile.return
}

// -----

tile.func @atomic_bad_kind(%p: !tile.ptr<i32>, %v: i32) {
  // expected-error@+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [add, fadd, max, min, umax, umin, and, or, xor, xchg]}}
  %o = tile.atomic_rmw nand, relaxed, gpu, %p, %v : !tile.ptr<i32>, i32
  tile.return
}

// -----

tile.func @atomic_bad_kind_generic(%p: !tile.ptr<i32>, %v: i32) {
  // expected-error@+1 {{invalid properties}}
  %o = "tile.atomic_rmw"(%p, %v) <{kind = 42 : i32, sem = 0 : i32, scope = 1 : i32}> : (!tile.ptr<i32>, i32) -> i32
  tile.return
}

// -----

tile.func @atomic_rmw_ptr_of_ptr(%p: !tile.ptr<!tile.ptr<i32>>, %v: i64) {
  // expected-error@+1 {{'tile.atomic_rmw' op result #0 must be number or tile of numbers, but got '!tile.ptr<i32>'}}
  %o = "tile.atomic_rmw"(%p, %v) <{kind = 9 : i32, sem = 0 : i32, scope = 1 : i32}> : (!tile.ptr<!tile.ptr<i32>>, i64) -> !tile.ptr<i32>
  tile.return
}

// -----

tile.func @cas_i8(%p: !tile.ptr<i8>, %v: i8) {
  // expected-error@+1 {{'tile.atomic_cas' op compare-and-swap needs 16-, 32- or 64-bit elements, got 8 bits}}
  %o = tile.atomic_cas relaxed, gpu, %p, %v, %v : !tile.ptr<i8>
  tile.return
}

// -----

tile.func @cas_i1(%p: tensor<4x!tile.ptr<i1>>, %v: tensor<4xi1>) {
  // expected-error@+1 {{'tile.atomic_cas' op compare-and-swap needs 16-, 32- or 64-bit elements, got 1 bits}}
  %o = tile.atomic_cas relaxed, gpu, %p, %v, %v : tensor<4x!tile.ptr<i1>>
  tile.return
}

// -----

// expected-note@+1 {{prior use here}}
tile.func @cas_wrong_cmp(%p: tensor<4x!tile.ptr<i32>>, %c: i32, %v: tensor<4xi32>) {
  // expected-error@+1 {{use of value '%c' expects different type than prior uses: 'tensor<4xi32>' vs 'i32'}}
  %o = tile.atomic_cas relaxed, gpu, %p, %c, %v : tensor<4x!tile.ptr<i32>>
  tile.return
}

// -----

tile.func @cas_wrong_val_generic(%p: !tile.ptr<i32>, %c: i32, %v: i64) {
  // expected-error@+1 {{'tile.atomic_cas' op failed to verify that val is the pointee type of ptr}}
  %o = "tile.atomic_cas"(%p, %c, %v) <{sem = 0 : i32, scope = 1 : i32}> : (!tile.ptr<i32>, i32, i64) -> i32
  tile.return
}

//===----------------------------------------------------------------------===//
// tile.func, tile.call, tile.return
//===----------------------------------------------------------------------===//

// -----

// expected-error@+1 {{'tile.func' op 'tile.kernel' must be a unit attribute}}
tile.func @kernel_not_unit() attributes {tile.kernel = 1 : i32} {
  tile.return
}

// -----

// expected-error@+1 {{'tile.func' op a kernel cannot return values}}
tile.func @kernel_returns(%x: i32) -> i32 attributes {tile.kernel} {
  tile.return %x : i32
}

// -----

// expected-error@+1 {{'tile.func' op a kernel must be public}}
tile.func private @kernel_private() attributes {tile.kernel} {
  tile.return
}

// -----

// expected-error@+1 {{'tile.func' op 'tile.num_warps' must be an i32}}
tile.func @warps_i64() attributes {tile.kernel, tile.num_warps = 4 : i64} {
  tile.return
}

// -----

// expected-error@+1 {{'tile.func' op 'tile.num_warps' must be an i32}}
tile.func @warps_string() attributes {tile.kernel, tile.num_warps = "4"} {
  tile.return
}

// -----

// expected-error@+1 {{'tile.func' op 'tile.num_warps' must be a power of two in [1, 32], got 6}}
tile.func @warps_not_power_of_two() attributes {tile.kernel, tile.num_warps = 6 : i32} {
  tile.return
}

// -----

// expected-error@+1 {{'tile.func' op 'tile.num_warps' must be a power of two in [1, 32], got 64}}
tile.func @warps_too_many() attributes {tile.kernel, tile.num_warps = 64 : i32} {
  tile.return
}

// -----

// expected-error@+1 {{'tile.func' op 'tile.num_warps' must be a power of two in [1, 32], got 0}}
tile.func @warps_zero() attributes {tile.kernel, tile.num_warps = 0 : i32} {
  tile.return
}

// -----

// expected-error@+1 {{'tile.func' op 'tile.num_warps' must be a power of two in [1, 32], got -4}}
tile.func @warps_negative() attributes {tile.kernel, tile.num_warps = -4 : i32} {
  tile.return
}


// -----

// expected-error@+1 {{'tile.func' op argument 0: 'tile.divisibility' must be a positive power of two}}
tile.func @divisibility_not_power_of_two(%p: !tile.ptr<f32> {tile.divisibility = 12 : i32}) {
  tile.return
}

// -----

// expected-error@+1 {{'tile.func' op argument 1: 'tile.divisibility' must be a positive power of two}}
tile.func @divisibility_zero(%p: !tile.ptr<f32>, %n: i32 {tile.divisibility = 0 : i32}) {
  tile.return
}

// -----

// expected-error@+1 {{'tile.func' op argument 0: 'tile.divisibility' must be a positive power of two}}
tile.func @divisibility_not_integer(%p: !tile.ptr<f32> {tile.divisibility = 16.0 : f32}) {
  tile.return
}

// -----

// expected-error@+1 {{'tile.func' op argument 1: 'tile.divisibility' applies to pointers and integers only, not 'f32'}}
tile.func @divisibility_on_float(%p: !tile.ptr<f32>, %x: f32 {tile.divisibility = 16 : i32}) {
  tile.return
}

// -----

// expected-error@+1 {{'tile.func' op argument 0: 'tile.divisibility' applies to pointers and integers only, not 'tensor<4xi32>'}}
tile.func @divisibility_on_tensor(%x: tensor<4xi32> {tile.divisibility = 16 : i32}) {
  tile.return
}

// -----

// expected-error@+1 {{'tile.func' op type of entry block argument #0('f32') must match the type of the corresponding argument in function signature('i32')}}
"tile.func"() <{sym_name = "block_args", function_type = (i32) -> ()}> ({
^bb0(%a: f32):
  tile.return
}) : () -> ()

// -----

// expected-error@+1 {{'tile.func' op expects argument attribute array to have the same number of elements as the number of function arguments, got 2, but expected 1}}
"tile.func"() <{sym_name = "arg_attrs", function_type = (i32) -> (), arg_attrs = [{}, {}]}> ({
^bb0(%a: i32):
  tile.return
}) : () -> ()

// -----

// expected-error@+1 {{'tile.func' op requires one region}}
"tile.func"() <{sym_name = "no_region", function_type = () -> ()}> : () -> ()

// -----

// expected-error@+1 {{'tile.func' op symbol declaration cannot have public visibility}}
tile.func @public_declaration(i32)

// -----

tile.func @body_without_terminator() {
  // expected-error@+1 {{block with no terminator}}
  %x = tile.program_id x : i32
}

// -----

tile.func @call_missing() {
  // expected-error@+1 {{'tile.call' op 'missing' does not reference a tile.func}}
  tile.call @missing() : () -> ()
  tile.return
}

// -----

llvm.func @llvm_function()

tile.func @call_llvm_function() {
  // expected-error@+1 {{'tile.call' op 'llvm_function' does not reference a tile.func}}
  tile.call @llvm_function() : () -> ()
  tile.return
}

// -----

tile.func @a_kernel() attributes {tile.kernel} {
  tile.return
}

tile.func @call_kernel() {
  // expected-error@+1 {{'tile.call' op cannot call kernel 'a_kernel' from device code}}
  tile.call @a_kernel() : () -> ()
  tile.return
}

// -----

tile.func private @takes_two(i32, i32)

tile.func @call_arity(%x: i32) {
  // expected-error@+1 {{'tile.call' op passes 1 arguments but 'takes_two' takes 2}}
  tile.call @takes_two(%x) : (i32) -> ()
  tile.return
}

// -----

tile.func private @takes_i32(i32)

tile.func @call_argument_type(%x: i64) {
  // expected-error@+1 {{'tile.call' op argument 0 has type 'i64' but the callee expects 'i32'}}
  tile.call @takes_i32(%x) : (i64) -> ()
  tile.return
}

// -----

tile.func private @returns_i32() -> i32

tile.func @call_result_type() {
  // expected-error@+1 {{'tile.call' op result types differ from the callee's}}
  %r = tile.call @returns_i32() : () -> f32
  tile.return
}

// -----

tile.func @call_no_callee() {
  // expected-error@+1 {{'tile.call' op requires attribute 'callee'}}
  "tile.call"() : () -> ()
  tile.return
}

// -----

tile.func @return_count(%x: i32) -> (i32, i32) {
  // expected-error@+1 {{'tile.return' op returns 1 values but the function has 2 results}}
  tile.return %x : i32
}

// -----

tile.func @return_type(%x: i64) -> i32 {
  // expected-error@+1 {{'tile.return' op value 0 has type 'i64' but the function returns 'i32'}}
  tile.return %x : i64
}

// -----

tile.func @return_in_region(%c: i1) {
  scf.if %c {
    // expected-error@+1 {{'tile.return' op expects parent op 'tile.func'}}
    tile.return
  }
  tile.return
}

// -----

// expected-error@+1 {{'tile.return' op expects parent op 'tile.func'}}
"tile.return"() : () -> ()

//===----------------------------------------------------------------------===//
// Enumerations and the program-identity ops
//===----------------------------------------------------------------------===//

// -----

// expected-error@+1 {{expected string or keyword containing one of the following enum values for attribute 'axis' [x, y, z]}}
%p = tile.program_id w : i32

// -----

// expected-error@+1 {{'tile.num_programs' op result #0 must be 32-bit signless integer, but got 'i64'}}
%n = tile.num_programs x : i64

// -----

// expected-error@+1 {{invalid properties}}
%p = "tile.program_id"() <{axis = 3 : i32}> : () -> i32

// -----

//===----------------------------------------------------------------------===//
// tile.barrier
//===----------------------------------------------------------------------===//

tile.func @barrier_in_reduce_combiner(%x: tensor<8xi32>) -> i32 {
  %s = tile.reduce %x axis = 0 : (tensor<8xi32>) -> i32 {
  ^bb0(%l: i32, %r: i32):
    // expected-error@+1 {{'tile.barrier' op is not allowed in the combiner of 'tile.reduce'}}
    tile.barrier
    %a = arith.addi %l, %r : i32
    tile.reduce.return %a : i32
  }
  tile.return %s : i32
}

// -----

tile.func @barrier_in_scan_combiner(%x: tensor<8xi32>) -> tensor<8xi32> {
  %s = tile.scan %x axis = 0 : (tensor<8xi32>) -> tensor<8xi32> {
  ^bb0(%l: i32, %r: i32):
    %true = arith.constant true
    scf.if %true {
      // expected-error@+1 {{'tile.barrier' op is not allowed in the combiner of 'tile.scan'}}
      tile.barrier
    }
    %a = arith.addi %l, %r : i32
    tile.scan.return %a : i32
  }
  tile.return %s : tensor<8xi32>
}

