// RUN: tessera-opt %s | tessera-opt | FileCheck %s
// RUN: tessera-opt %s --mlir-print-op-generic | tessera-opt | FileCheck %s

// Every op of the tile dialect round-trips through its custom form and through
// the generic form. Inside a tile.func the `tile.` prefix is elided for ops
// directly in the body (the function's default dialect) and kept in nested
// regions (scf.for, scf.if, reduce and scan combiners).

// CHECK-LABEL: tile.func @program_identity()
tile.func @program_identity() -> (i32, i32, i32, i32, i32, i32) {
  // CHECK: %[[PX:.*]] = program_id x : i32
  // CHECK: %[[PY:.*]] = program_id y : i32
  // CHECK: %[[PZ:.*]] = program_id z : i32
  // CHECK: %[[NX:.*]] = num_programs x : i32
  // CHECK: %[[NY:.*]] = num_programs y : i32
  // CHECK: %[[NZ:.*]] = num_programs z : i32
  // CHECK: return %[[PX]], %[[PY]], %[[PZ]], %[[NX]], %[[NY]], %[[NZ]] : i32, i32, i32, i32, i32, i32
  %px = tile.program_id x : i32
  %py = tile.program_id y : i32
  %pz = tile.program_id z : i32
  %nx = tile.num_programs x : i32
  %ny = tile.num_programs y : i32
  %nz = tile.num_programs z : i32
  tile.return %px, %py, %pz, %nx, %ny, %nz : i32, i32, i32, i32, i32, i32
}

// CHECK-LABEL: tile.func @make_range()
tile.func @make_range() -> (tensor<128xi32>, tensor<4xi32>, tensor<1xi32>) {
  // CHECK: %[[A:.*]] = make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
  // A range may start below zero (offsets around a centre).
  // CHECK: %[[B:.*]] = make_range {end = 2 : i32, start = -2 : i32} : tensor<4xi32>
  // CHECK: %[[C:.*]] = make_range {end = 8 : i32, start = 7 : i32} : tensor<1xi32>
  // CHECK: return %[[A]], %[[B]], %[[C]]
  %a = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  %b = tile.make_range {start = -2 : i32, end = 2 : i32} : tensor<4xi32>
  %c = tile.make_range {start = 7 : i32, end = 8 : i32} : tensor<1xi32>
  tile.return %a, %b, %c : tensor<128xi32>, tensor<4xi32>, tensor<1xi32>
}

// CHECK-LABEL: tile.func @splat(
// CHECK-SAME: %[[X:.*]]: f32, %[[P:.*]]: !tile.ptr<bf16>, %[[B:.*]]: i1)
tile.func @splat(%x: f32, %p: !tile.ptr<bf16>, %b: i1)
    -> (tensor<64x128xf32>, tensor<128x!tile.ptr<bf16>>, tensor<16xi1>) {
  // CHECK: %[[S0:.*]] = splat %[[X]] : tensor<64x128xf32>
  // CHECK: %[[S1:.*]] = splat %[[P]] : tensor<128x!tile.ptr<bf16>>
  // CHECK: %[[S2:.*]] = splat %[[B]] : tensor<16xi1>
  // CHECK: return %[[S0]], %[[S1]], %[[S2]]
  %a = tile.splat %x : tensor<64x128xf32>
  %q = tile.splat %p : tensor<128x!tile.ptr<bf16>>
  %m = tile.splat %b : tensor<16xi1>
  tile.return %a, %q, %m : tensor<64x128xf32>, tensor<128x!tile.ptr<bf16>>, tensor<16xi1>
}

// CHECK-LABEL: tile.func @shape_ops(
// CHECK-SAME: %[[X:.*]]: tensor<64xi32>, %[[Y:.*]]: tensor<64x128xf16>, %[[Z:.*]]: tensor<2x4x8xf32>)
tile.func @shape_ops(%x: tensor<64xi32>, %y: tensor<64x128xf16>, %z: tensor<2x4x8xf32>) {
  // CHECK: %[[E0:.*]] = expand_dims %[[X]] {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
  // CHECK: %[[E1:.*]] = expand_dims %[[X]] {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  // CHECK: broadcast %[[E1]] : tensor<64x1xi32> -> tensor<64x32xi32>
  // CHECK: broadcast %[[E0]] : tensor<1x64xi32> -> tensor<8x64xi32>
  // CHECK: broadcast %[[E0]] : tensor<1x64xi32> -> tensor<1x64xi32>
  // CHECK: reshape %[[Y]] : tensor<64x128xf16> -> tensor<8192xf16>
  // CHECK: reshape %[[Y]] allow_reorder : tensor<64x128xf16> -> tensor<128x64xf16>
  // CHECK: trans %[[Y]] {order = array<i32: 1, 0>} : tensor<64x128xf16> -> tensor<128x64xf16>
  // CHECK: trans %[[Z]] {order = array<i32: 2, 0, 1>} : tensor<2x4x8xf32> -> tensor<8x2x4xf32>
  %e0 = tile.expand_dims %x {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
  %e1 = tile.expand_dims %x {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  %b0 = tile.broadcast %e1 : tensor<64x1xi32> -> tensor<64x32xi32>
  %b1 = tile.broadcast %e0 : tensor<1x64xi32> -> tensor<8x64xi32>
  %b2 = tile.broadcast %e0 : tensor<1x64xi32> -> tensor<1x64xi32>
  %r0 = tile.reshape %y : tensor<64x128xf16> -> tensor<8192xf16>
  %r1 = tile.reshape %y allow_reorder : tensor<64x128xf16> -> tensor<128x64xf16>
  %t0 = tile.trans %y {order = array<i32: 1, 0>} : tensor<64x128xf16> -> tensor<128x64xf16>
  %t1 = tile.trans %z {order = array<i32: 2, 0, 1>} : tensor<2x4x8xf32> -> tensor<8x2x4xf32>
  tile.return
}

// CHECK-LABEL: tile.func @addptr(
// CHECK-SAME: %[[P:.*]]: !tile.ptr<f32>, %[[I:.*]]: i32, %[[PS:.*]]: tensor<128x!tile.ptr<f32>>, %[[OFFS:.*]]: tensor<128xi64>)
tile.func @addptr(%p: !tile.ptr<f32>, %i: i32, %ps: tensor<128x!tile.ptr<f32>>, %offs: tensor<128xi64>)
    -> (!tile.ptr<f32>, tensor<128x!tile.ptr<f32>>) {
  // CHECK: %[[Q:.*]] = addptr %[[P]], %[[I]] : !tile.ptr<f32>, i32
  // CHECK: %[[QS:.*]] = addptr %[[PS]], %[[OFFS]] : tensor<128x!tile.ptr<f32>>, tensor<128xi64>
  // CHECK: return %[[Q]], %[[QS]]
  %q = tile.addptr %p, %i : !tile.ptr<f32>, i32
  %qs = tile.addptr %ps, %offs : tensor<128x!tile.ptr<f32>>, tensor<128xi64>
  tile.return %q, %qs : !tile.ptr<f32>, tensor<128x!tile.ptr<f32>>
}

// CHECK-LABEL: tile.func @load(
// CHECK-SAME: %[[P:.*]]: !tile.ptr<f32>, %[[PS:.*]]: tensor<128x!tile.ptr<bf16>>, %[[M:.*]]: tensor<128xi1>, %[[O:.*]]: tensor<128xbf16>, %[[C:.*]]: i1)
tile.func @load(%p: !tile.ptr<f32>, %ps: tensor<128x!tile.ptr<bf16>>, %m: tensor<128xi1>,
                %o: tensor<128xbf16>, %c: i1) {
  // CHECK: load %[[P]] : !tile.ptr<f32>
  // CHECK: load %[[P]], %[[C]] : !tile.ptr<f32>
  // CHECK: load %[[PS]] : tensor<128x!tile.ptr<bf16>>
  // CHECK: load %[[PS]], %[[M]] : tensor<128x!tile.ptr<bf16>>
  // CHECK: load %[[PS]], %[[M]], %[[O]] : tensor<128x!tile.ptr<bf16>>
  // CHECK: load %[[PS]], %[[M]], %[[O]] cache = cg evict = evict_first : tensor<128x!tile.ptr<bf16>>
  // CHECK: load %[[PS]] cache = ca : tensor<128x!tile.ptr<bf16>>
  // CHECK: load %[[PS]] evict = evict_last volatile : tensor<128x!tile.ptr<bf16>>
  // Default hints are not printed.
  // CHECK: load %[[PS]] cache = cv volatile : tensor<128x!tile.ptr<bf16>>
  %s = tile.load %p : !tile.ptr<f32>
  %sm = tile.load %p, %c : !tile.ptr<f32>
  %a = tile.load %ps : tensor<128x!tile.ptr<bf16>>
  %b = tile.load %ps, %m : tensor<128x!tile.ptr<bf16>>
  %d = tile.load %ps, %m, %o : tensor<128x!tile.ptr<bf16>>
  %e = tile.load %ps, %m, %o cache = cg evict = evict_first : tensor<128x!tile.ptr<bf16>>
  %f = tile.load %ps cache = ca : tensor<128x!tile.ptr<bf16>>
  %g = tile.load %ps evict = evict_last volatile : tensor<128x!tile.ptr<bf16>>
  %h = tile.load %ps cache = cv evict = normal volatile : tensor<128x!tile.ptr<bf16>>
  tile.return
}

// CHECK-LABEL: tile.func @store(
// CHECK-SAME: %[[P:.*]]: !tile.ptr<f32>, %[[X:.*]]: f32, %[[PS:.*]]: tensor<128x!tile.ptr<f16, 3>>, %[[V:.*]]: tensor<128xf16>, %[[M:.*]]: tensor<128xi1>)
tile.func @store(%p: !tile.ptr<f32>, %x: f32, %ps: tensor<128x!tile.ptr<f16, 3>>,
                 %v: tensor<128xf16>, %m: tensor<128xi1>) {
  // CHECK: store %[[P]], %[[X]] : !tile.ptr<f32>
  // CHECK: store %[[PS]], %[[V]] : tensor<128x!tile.ptr<f16, 3>>
  // CHECK: store %[[PS]], %[[V]], %[[M]] : tensor<128x!tile.ptr<f16, 3>>
  // CHECK: store %[[PS]], %[[V]], %[[M]] cache = wb evict = evict_last : tensor<128x!tile.ptr<f16, 3>>
  // CHECK: store %[[PS]], %[[V]] cache = cs : tensor<128x!tile.ptr<f16, 3>>
  tile.store %p, %x : !tile.ptr<f32>
  tile.store %ps, %v : tensor<128x!tile.ptr<f16, 3>>
  tile.store %ps, %v, %m : tensor<128x!tile.ptr<f16, 3>>
  tile.store %ps, %v, %m cache = wb evict = evict_last : tensor<128x!tile.ptr<f16, 3>>
  tile.store %ps, %v cache = cs evict = normal : tensor<128x!tile.ptr<f16, 3>>
  tile.return
}

// The default address space (1) is not printed; others are.
// CHECK-LABEL: tile.func private @address_spaces(
// CHECK-SAME: !tile.ptr<f16>, !tile.ptr<f16, 3>, !tile.ptr<f16, 0>, !tile.ptr<f16, 4>, !tile.ptr<f8E4M3FN>, !tile.ptr<i1>)
tile.func private @address_spaces(!tile.ptr<f16, 1>, !tile.ptr<f16, 3>, !tile.ptr<f16, 0>,
                                  !tile.ptr<f16, 4>, !tile.ptr<f8E4M3FN>, !tile.ptr<i1>)

// Tables of addresses: a load through a pointer to pointers yields pointers.
// CHECK-LABEL: tile.func @pointer_to_pointer(
// CHECK-SAME: %[[PP:.*]]: !tile.ptr<!tile.ptr<f32>>, %[[T:.*]]: tensor<16x!tile.ptr<!tile.ptr<f16, 3>>>)
tile.func @pointer_to_pointer(%pp: !tile.ptr<!tile.ptr<f32>>,
                              %t: tensor<16x!tile.ptr<!tile.ptr<f16, 3>>>) -> (f32, tensor<16xf16>) {
  // CHECK: %[[P:.*]] = load %[[PP]] : !tile.ptr<!tile.ptr<f32>>
  // CHECK: %[[X:.*]] = load %[[P]] : !tile.ptr<f32>
  // CHECK: %[[PS:.*]] = load %[[T]] : tensor<16x!tile.ptr<!tile.ptr<f16, 3>>>
  // CHECK: %[[XS:.*]] = load %[[PS]] : tensor<16x!tile.ptr<f16, 3>>
  // CHECK: return %[[X]], %[[XS]] : f32, tensor<16xf16>
  %p = tile.load %pp : !tile.ptr<!tile.ptr<f32>>
  %x = tile.load %p : !tile.ptr<f32>
  %ps = tile.load %t : tensor<16x!tile.ptr<!tile.ptr<f16, 3>>>
  %xs = tile.load %ps : tensor<16x!tile.ptr<f16, 3>>
  tile.return %x, %xs : f32, tensor<16xf16>
}

// CHECK-LABEL: tile.func @dot(
tile.func @dot(%a16: tensor<64x32xbf16>, %b16: tensor<32x64xbf16>, %c32: tensor<64x64xf32>,
               %h: tensor<64x32xf16>, %hb: tensor<32x64xf16>, %c16: tensor<64x64xf16>,
               %f: tensor<64x32xf32>, %fb: tensor<32x64xf32>,
               %i: tensor<64x32xi8>, %ib: tensor<32x64xi8>, %ci: tensor<64x64xi32>,
               %e4: tensor<64x32xf8E4M3FN>, %e5: tensor<32x64xf8E5M2>,
               %d: tensor<16x16xf64>, %cd: tensor<16x16xf64>,
               %ba: tensor<2x64x32xbf16>, %bb: tensor<2x32x64xbf16>, %bc: tensor<2x64x64xf32>) {
  // CHECK: dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x32xbf16> * tensor<32x64xbf16> -> tensor<64x64xf32>
  // CHECK: dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf16>
  // CHECK: dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf32>
  // CHECK: dot %{{.*}}, %{{.*}}, %{{.*}} input_precision = tf32 : tensor<64x32xf32> * tensor<32x64xf32> -> tensor<64x64xf32>
  // CHECK: dot %{{.*}}, %{{.*}}, %{{.*}} input_precision = tf32x3 : tensor<64x32xf32> * tensor<32x64xf32> -> tensor<64x64xf32>
  // The default precision (ieee) is not printed.
  // CHECK: dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x32xf32> * tensor<32x64xf32> -> tensor<64x64xf32>
  // CHECK: dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x32xf32> * tensor<32x64xf32> -> tensor<64x64xf32>
  // CHECK: dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x32xi8> * tensor<32x64xi8> -> tensor<64x64xi32>
  // CHECK: dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x32xf8E4M3FN> * tensor<32x64xf8E5M2> -> tensor<64x64xf32>
  // CHECK: dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x32xf8E4M3FN> * tensor<32x64xf8E5M2> -> tensor<64x64xf16>
  // CHECK: dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<16x16xf64> * tensor<16x16xf64> -> tensor<16x16xf64>
  // CHECK: dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x64x32xbf16> * tensor<2x32x64xbf16> -> tensor<2x64x64xf32>
  %0 = tile.dot %a16, %b16, %c32 : tensor<64x32xbf16> * tensor<32x64xbf16> -> tensor<64x64xf32>
  %1 = tile.dot %h, %hb, %c16 : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf16>
  %2 = tile.dot %h, %hb, %c32 : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf32>
  %3 = tile.dot %f, %fb, %c32 input_precision = tf32 : tensor<64x32xf32> * tensor<32x64xf32> -> tensor<64x64xf32>
  %4 = tile.dot %f, %fb, %c32 input_precision = tf32x3 : tensor<64x32xf32> * tensor<32x64xf32> -> tensor<64x64xf32>
  %5 = tile.dot %f, %fb, %c32 input_precision = ieee : tensor<64x32xf32> * tensor<32x64xf32> -> tensor<64x64xf32>
  %6 = tile.dot %f, %fb, %c32 : tensor<64x32xf32> * tensor<32x64xf32> -> tensor<64x64xf32>
  %7 = tile.dot %i, %ib, %ci : tensor<64x32xi8> * tensor<32x64xi8> -> tensor<64x64xi32>
  %8 = tile.dot %e4, %e5, %c32 : tensor<64x32xf8E4M3FN> * tensor<32x64xf8E5M2> -> tensor<64x64xf32>
  %9 = tile.dot %e4, %e5, %c16 : tensor<64x32xf8E4M3FN> * tensor<32x64xf8E5M2> -> tensor<64x64xf16>
  %10 = tile.dot %d, %d, %cd : tensor<16x16xf64> * tensor<16x16xf64> -> tensor<16x16xf64>
  %11 = tile.dot %ba, %bb, %bc : tensor<2x64x32xbf16> * tensor<2x32x64xbf16> -> tensor<2x64x64xf32>
  tile.return
}

// CHECK-LABEL: tile.func @dot_operands(
// CHECK-SAME: %[[A:.*]]: tensor<16x8xf16>, %[[B:.*]]: tensor<8x32xf16>, %[[C:.*]]: tensor<16x32xf32>)
tile.func @dot_operands(%a: tensor<16x8xf16>, %b: tensor<8x32xf16>, %c: tensor<16x32xf32>) -> tensor<16x32xf32> {
  // CHECK: %[[D:.*]] = dot %[[A]], %[[B]], %[[C]] : tensor<16x8xf16> * tensor<8x32xf16> -> tensor<16x32xf32>
  // CHECK: return %[[D]]
  %d = tile.dot %a, %b, %c : tensor<16x8xf16> * tensor<8x32xf16> -> tensor<16x32xf32>
  tile.return %d : tensor<16x32xf32>
}

// CHECK-LABEL: tile.func @reduce(
// CHECK-SAME: %[[X:.*]]: tensor<64x128xf32>, %[[I:.*]]: tensor<64x128xi32>, %[[V:.*]]: tensor<128xf32>)
tile.func @reduce(%x: tensor<64x128xf32>, %i: tensor<64x128xi32>, %v: tensor<128xf32>)
    -> (tensor<64xf32>, tensor<128xf32>, tensor<128xi32>, f32) {
  // CHECK: %[[ROWS:.*]] = reduce %[[X]] axis = 1 : (tensor<64x128xf32>) -> tensor<64xf32> {
  // CHECK: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32):
  // CHECK:   %[[S:.*]] = arith.addf %[[A]], %[[B]] : f32
  // CHECK:   tile.reduce.return %[[S]] : f32
  // CHECK: }
  %rows = tile.reduce %x axis = 1 : (tensor<64x128xf32>) -> tensor<64xf32> {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tile.reduce.return %s : f32
  }
  // Argmax: values and indices reduced together.
  // CHECK: %[[ARGMAX:.*]]:2 = reduce %[[X]], %[[I]] axis = 0 : (tensor<64x128xf32>, tensor<64x128xi32>) -> (tensor<128xf32>, tensor<128xi32>) {
  // CHECK: ^bb0(%[[AV:.*]]: f32, %[[AI:.*]]: i32, %[[BV:.*]]: f32, %[[BI:.*]]: i32):
  // CHECK:   %[[GT:.*]] = arith.cmpf ogt, %[[AV]], %[[BV]] : f32
  // CHECK:   %[[MV:.*]] = arith.select %[[GT]], %[[AV]], %[[BV]] : f32
  // CHECK:   %[[MI:.*]] = arith.select %[[GT]], %[[AI]], %[[BI]] : i32
  // CHECK:   tile.reduce.return %[[MV]], %[[MI]] : f32, i32
  // CHECK: }
  %max, %arg = tile.reduce %x, %i axis = 0
      : (tensor<64x128xf32>, tensor<64x128xi32>) -> (tensor<128xf32>, tensor<128xi32>) {
  ^bb0(%av: f32, %ai: i32, %bv: f32, %bi: i32):
    %gt = arith.cmpf ogt, %av, %bv : f32
    %mv = arith.select %gt, %av, %bv : f32
    %mi = arith.select %gt, %ai, %bi : i32
    tile.reduce.return %mv, %mi : f32, i32
  }
  // A rank-1 source reduces to a scalar.
  // CHECK: %[[TOTAL:.*]] = reduce %[[V]] axis = 0 : (tensor<128xf32>) -> f32 {
  // CHECK:   arith.maximumf
  // CHECK:   tile.reduce.return %{{.*}} : f32
  // CHECK: }
  %total = tile.reduce %v axis = 0 : (tensor<128xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    %m = arith.maximumf %a, %b : f32
    tile.reduce.return %m : f32
  }
  // CHECK: return %[[ROWS]], %[[ARGMAX]]#0, %[[ARGMAX]]#1, %[[TOTAL]]
  tile.return %rows, %max, %arg, %total : tensor<64xf32>, tensor<128xf32>, tensor<128xi32>, f32
}

// CHECK-LABEL: tile.func @scan(
// CHECK-SAME: %[[X:.*]]: tensor<128xi32>, %[[Y:.*]]: tensor<4x32xf32>)
tile.func @scan(%x: tensor<128xi32>, %y: tensor<4x32xf32>)
    -> (tensor<128xi32>, tensor<4x32xf32>, tensor<128xi32>, tensor<128xi32>) {
  // CHECK: %[[C:.*]] = scan %[[X]] axis = 0 : (tensor<128xi32>) -> tensor<128xi32> {
  // CHECK: ^bb0(%[[A:.*]]: i32, %[[B:.*]]: i32):
  // CHECK:   %[[S:.*]] = arith.addi %[[A]], %[[B]] : i32
  // CHECK:   tile.scan.return %[[S]] : i32
  // CHECK: }
  %c = tile.scan %x axis = 0 : (tensor<128xi32>) -> tensor<128xi32> {
  ^bb0(%a: i32, %b: i32):
    %s = arith.addi %a, %b : i32
    tile.scan.return %s : i32
  }
  // CHECK: %[[R:.*]] = scan %[[Y]] axis = 1 reverse : (tensor<4x32xf32>) -> tensor<4x32xf32> {
  // CHECK:   arith.mulf
  // CHECK:   tile.scan.return %{{.*}} : f32
  // CHECK: }
  %r = tile.scan %y axis = 1 reverse : (tensor<4x32xf32>) -> tensor<4x32xf32> {
  ^bb0(%a: f32, %b: f32):
    %s = arith.mulf %a, %b : f32
    tile.scan.return %s : f32
  }
  // CHECK: %[[PQ:.*]]:2 = scan %[[X]], %[[X]] axis = 0 : (tensor<128xi32>, tensor<128xi32>) -> (tensor<128xi32>, tensor<128xi32>) {
  // CHECK:   tile.scan.return %{{.*}}, %{{.*}} : i32, i32
  // CHECK: }
  %p, %q = tile.scan %x, %x axis = 0 : (tensor<128xi32>, tensor<128xi32>) -> (tensor<128xi32>, tensor<128xi32>) {
  ^bb0(%a0: i32, %a1: i32, %b0: i32, %b1: i32):
    %s = arith.addi %a0, %b0 : i32
    %m = arith.maxsi %a1, %b1 : i32
    tile.scan.return %s, %m : i32, i32
  }
  // CHECK: return %[[C]], %[[R]], %[[PQ]]#0, %[[PQ]]#1
  tile.return %c, %r, %p, %q : tensor<128xi32>, tensor<4x32xf32>, tensor<128xi32>, tensor<128xi32>
}

// Every kind on a type it is defined for, every memory semantic and scope,
// masks, and a scalar value applied to a whole tile of pointers.
// CHECK-LABEL: tile.func @atomic_rmw(
// CHECK-SAME: %[[PI:.*]]: tensor<64x!tile.ptr<i32>>, %[[VI:.*]]: tensor<64xi32>, %[[PL:.*]]: tensor<64x!tile.ptr<i64>>, %[[VL:.*]]: tensor<64xi64>, %[[PF:.*]]: tensor<64x!tile.ptr<f32>>, %[[VF:.*]]: tensor<64xf32>, %[[PH:.*]]: tensor<64x!tile.ptr<f16, 3>>, %[[VH:.*]]: tensor<64xf16>, %[[PB:.*]]: !tile.ptr<bf16>, %[[VB:.*]]: bf16, %[[PD:.*]]: !tile.ptr<f64>, %[[VD:.*]]: f64, %[[M:.*]]: tensor<64xi1>, %[[S:.*]]: f32)
tile.func @atomic_rmw(%pi: tensor<64x!tile.ptr<i32>>, %vi: tensor<64xi32>,
                      %pl: tensor<64x!tile.ptr<i64>>, %vl: tensor<64xi64>,
                      %pf: tensor<64x!tile.ptr<f32>>, %vf: tensor<64xf32>,
                      %ph: tensor<64x!tile.ptr<f16, 3>>, %vh: tensor<64xf16>,
                      %pb: !tile.ptr<bf16>, %vb: bf16,
                      %pd: !tile.ptr<f64>, %vd: f64,
                      %m: tensor<64xi1>, %s: f32) -> (tensor<64xi32>, tensor<64xf32>, bf16) {
  // CHECK: %[[ADD:.*]] = atomic_rmw add, relaxed, gpu, %[[PI]], %[[VI]] : tensor<64x!tile.ptr<i32>>, tensor<64xi32>
  // CHECK: %[[FADD:.*]] = atomic_rmw fadd, acq_rel, gpu, %[[PF]], %[[VF]], %[[M]] : tensor<64x!tile.ptr<f32>>, tensor<64xf32>
  // CHECK: atomic_rmw fadd, release, cta, %[[PH]], %[[VH]] : tensor<64x!tile.ptr<f16, 3>>, tensor<64xf16>
  // CHECK: %[[BF:.*]] = atomic_rmw fadd, acquire, sys, %[[PB]], %[[VB]] : !tile.ptr<bf16>, bf16
  // CHECK: atomic_rmw fadd, relaxed, gpu, %[[PD]], %[[VD]] : !tile.ptr<f64>, f64
  // CHECK: atomic_rmw max, relaxed, gpu, %[[PI]], %[[VI]] : tensor<64x!tile.ptr<i32>>, tensor<64xi32>
  // CHECK: atomic_rmw max, relaxed, gpu, %[[PF]], %[[VF]] : tensor<64x!tile.ptr<f32>>, tensor<64xf32>
  // CHECK: atomic_rmw min, relaxed, gpu, %[[PL]], %[[VL]] : tensor<64x!tile.ptr<i64>>, tensor<64xi64>
  // CHECK: atomic_rmw min, relaxed, gpu, %[[PD]], %[[VD]] : !tile.ptr<f64>, f64
  // CHECK: atomic_rmw umax, relaxed, gpu, %[[PI]], %[[VI]] : tensor<64x!tile.ptr<i32>>, tensor<64xi32>
  // CHECK: atomic_rmw umin, relaxed, gpu, %[[PL]], %[[VL]] : tensor<64x!tile.ptr<i64>>, tensor<64xi64>
  // CHECK: atomic_rmw and, relaxed, gpu, %[[PI]], %[[VI]] : tensor<64x!tile.ptr<i32>>, tensor<64xi32>
  // CHECK: atomic_rmw or, relaxed, gpu, %[[PL]], %[[VL]] : tensor<64x!tile.ptr<i64>>, tensor<64xi64>
  // CHECK: atomic_rmw xor, relaxed, gpu, %[[PI]], %[[VI]], %[[M]] : tensor<64x!tile.ptr<i32>>, tensor<64xi32>
  // CHECK: atomic_rmw xchg, relaxed, gpu, %[[PF]], %[[VF]] : tensor<64x!tile.ptr<f32>>, tensor<64xf32>
  // CHECK: atomic_rmw xchg, relaxed, gpu, %[[PL]], %[[VL]] : tensor<64x!tile.ptr<i64>>, tensor<64xi64>
  // CHECK: atomic_rmw xchg, relaxed, gpu, %[[PI]], %[[VI]] : tensor<64x!tile.ptr<i32>>, tensor<64xi32>
  // CHECK: atomic_rmw xchg, relaxed, gpu, %[[PD]], %[[VD]] : !tile.ptr<f64>, f64
  // CHECK: %[[BCAST:.*]] = atomic_rmw fadd, relaxed, gpu, %[[PF]], %[[S]], %[[M]] : tensor<64x!tile.ptr<f32>>, f32
  // CHECK: return %[[ADD]], %[[BCAST]], %[[BF]] : tensor<64xi32>, tensor<64xf32>, bf16
  %0 = tile.atomic_rmw add, relaxed, gpu, %pi, %vi : tensor<64x!tile.ptr<i32>>, tensor<64xi32>
  %1 = tile.atomic_rmw fadd, acq_rel, gpu, %pf, %vf, %m : tensor<64x!tile.ptr<f32>>, tensor<64xf32>
  %2 = tile.atomic_rmw fadd, release, cta, %ph, %vh : tensor<64x!tile.ptr<f16, 3>>, tensor<64xf16>
  %3 = tile.atomic_rmw fadd, acquire, sys, %pb, %vb : !tile.ptr<bf16>, bf16
  %4 = tile.atomic_rmw fadd, relaxed, gpu, %pd, %vd : !tile.ptr<f64>, f64
  %5 = tile.atomic_rmw max, relaxed, gpu, %pi, %vi : tensor<64x!tile.ptr<i32>>, tensor<64xi32>
  %6 = tile.atomic_rmw max, relaxed, gpu, %pf, %vf : tensor<64x!tile.ptr<f32>>, tensor<64xf32>
  %7 = tile.atomic_rmw min, relaxed, gpu, %pl, %vl : tensor<64x!tile.ptr<i64>>, tensor<64xi64>
  %8 = tile.atomic_rmw min, relaxed, gpu, %pd, %vd : !tile.ptr<f64>, f64
  %9 = tile.atomic_rmw umax, relaxed, gpu, %pi, %vi : tensor<64x!tile.ptr<i32>>, tensor<64xi32>
  %10 = tile.atomic_rmw umin, relaxed, gpu, %pl, %vl : tensor<64x!tile.ptr<i64>>, tensor<64xi64>
  %11 = tile.atomic_rmw and, relaxed, gpu, %pi, %vi : tensor<64x!tile.ptr<i32>>, tensor<64xi32>
  %12 = tile.atomic_rmw or, relaxed, gpu, %pl, %vl : tensor<64x!tile.ptr<i64>>, tensor<64xi64>
  %13 = tile.atomic_rmw xor, relaxed, gpu, %pi, %vi, %m : tensor<64x!tile.ptr<i32>>, tensor<64xi32>
  %14 = tile.atomic_rmw xchg, relaxed, gpu, %pf, %vf : tensor<64x!tile.ptr<f32>>, tensor<64xf32>
  %15 = tile.atomic_rmw xchg, relaxed, gpu, %pl, %vl : tensor<64x!tile.ptr<i64>>, tensor<64xi64>
  %16 = tile.atomic_rmw xchg, relaxed, gpu, %pi, %vi : tensor<64x!tile.ptr<i32>>, tensor<64xi32>
  %17 = tile.atomic_rmw xchg, relaxed, gpu, %pd, %vd : !tile.ptr<f64>, f64
  %18 = tile.atomic_rmw fadd, relaxed, gpu, %pf, %s, %m : tensor<64x!tile.ptr<f32>>, f32
  tile.return %0, %18, %3 : tensor<64xi32>, tensor<64xf32>, bf16
}

// CHECK-LABEL: tile.func @barrier(
// CHECK: store
// CHECK-NEXT: barrier
// CHECK-NEXT: load
tile.func @barrier(%p: !tile.ptr<i32>, %v: i32) -> i32 {
  tile.store %p, %v : !tile.ptr<i32>
  tile.barrier
  %r = tile.load %p : !tile.ptr<i32>
  tile.return %r : i32
}

// CHECK-LABEL: tile.func @atomic_cas(
// CHECK-SAME: %[[P16:.*]]: !tile.ptr<i16>, %[[C16:.*]]: i16, %[[V16:.*]]: i16, %[[P32:.*]]: tensor<32x!tile.ptr<i32>>, %[[C32:.*]]: tensor<32xi32>, %[[V32:.*]]: tensor<32xi32>, %[[P64:.*]]: tensor<8x!tile.ptr<i64, 3>>, %[[C64:.*]]: tensor<8xi64>, %[[V64:.*]]: tensor<8xi64>, %[[PF:.*]]: !tile.ptr<f32>, %[[F:.*]]: f32)
tile.func @atomic_cas(%p16: !tile.ptr<i16>, %c16: i16, %v16: i16,
                      %p32: tensor<32x!tile.ptr<i32>>, %c32: tensor<32xi32>, %v32: tensor<32xi32>,
                      %p64: tensor<8x!tile.ptr<i64, 3>>, %c64: tensor<8xi64>, %v64: tensor<8xi64>,
                      %pf: !tile.ptr<f32>, %f: f32) -> (i16, tensor<32xi32>, tensor<8xi64>, f32) {
  // CHECK: %[[O16:.*]] = atomic_cas acq_rel, gpu, %[[P16]], %[[C16]], %[[V16]] : !tile.ptr<i16>
  // CHECK: %[[O32:.*]] = atomic_cas relaxed, cta, %[[P32]], %[[C32]], %[[V32]] : tensor<32x!tile.ptr<i32>>
  // CHECK: %[[O64:.*]] = atomic_cas acquire, sys, %[[P64]], %[[C64]], %[[V64]] : tensor<8x!tile.ptr<i64, 3>>
  // CHECK: %[[OF:.*]] = atomic_cas release, gpu, %[[PF]], %[[F]], %[[F]] : !tile.ptr<f32>
  // CHECK: return %[[O16]], %[[O32]], %[[O64]], %[[OF]]
  %0 = tile.atomic_cas acq_rel, gpu, %p16, %c16, %v16 : !tile.ptr<i16>
  %1 = tile.atomic_cas relaxed, cta, %p32, %c32, %v32 : tensor<32x!tile.ptr<i32>>
  %2 = tile.atomic_cas acquire, sys, %p64, %c64, %v64 : tensor<8x!tile.ptr<i64, 3>>
  %3 = tile.atomic_cas release, gpu, %pf, %f, %f : !tile.ptr<f32>
  tile.return %0, %1, %2, %3 : i16, tensor<32xi32>, tensor<8xi64>, f32
}

// A private device function, an external declaration, and a kernel calling
// both.
// CHECK-LABEL: tile.func private @device_scale(
// CHECK-SAME: %[[X:.*]]: tensor<128xf32>, %[[S:.*]]: f32) -> tensor<128xf32>
// CHECK: %[[SS:.*]] = splat %[[S]] : tensor<128xf32>
// CHECK: %[[Y:.*]] = arith.mulf %[[X]], %[[SS]] : tensor<128xf32>
// CHECK: return %[[Y]] : tensor<128xf32>
tile.func private @device_scale(%x: tensor<128xf32>, %s: f32) -> tensor<128xf32> {
  %ss = tile.splat %s : tensor<128xf32>
  %y = arith.mulf %x, %ss : tensor<128xf32>
  tile.return %y : tensor<128xf32>
}

// CHECK-LABEL: tile.func private @external_helper(i32) -> i32
// CHECK-NOT: {
tile.func private @external_helper(i32) -> i32

// CHECK-LABEL: tile.func @kernel(
// CHECK-SAME: %[[X:.*]]: !tile.ptr<f32> {tile.divisibility = 16 : i32}, %[[N:.*]]: i32 {tile.divisibility = 8 : i32}, %[[K:.*]]: i64 {tile.divisibility = 1 : i64}, %[[S:.*]]: f32)
// CHECK-SAME: attributes {tile.kernel, tile.num_warps = 8 : i32}
tile.func @kernel(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                  %n: i32 {tile.divisibility = 8 : i32},
                  %k: i64 {tile.divisibility = 1 : i64}, %s: f32)
    attributes {tile.kernel, tile.num_warps = 8 : i32} {
  // CHECK: %[[OFFS:.*]] = make_range
  // CHECK: %[[BASE:.*]] = splat %[[X]] : tensor<128x!tile.ptr<f32>>
  // CHECK: %[[PTRS:.*]] = addptr %[[BASE]], %[[OFFS]]
  // CHECK: %[[V:.*]] = load %[[PTRS]]
  // CHECK: %[[W:.*]] = call @device_scale(%[[V]], %[[S]]) : (tensor<128xf32>, f32) -> tensor<128xf32>
  // CHECK: call @external_helper(%[[N]]) : (i32) -> i32
  // CHECK: store %[[PTRS]], %[[W]] : tensor<128x!tile.ptr<f32>>
  // CHECK: return
  %offs = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  %base = tile.splat %x : tensor<128x!tile.ptr<f32>>
  %ptrs = tile.addptr %base, %offs : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
  %v = tile.load %ptrs : tensor<128x!tile.ptr<f32>>
  %w = tile.call @device_scale(%v, %s) : (tensor<128xf32>, f32) -> tensor<128xf32>
  %m = tile.call @external_helper(%n) : (i32) -> i32
  tile.store %ptrs, %w : tensor<128x!tile.ptr<f32>>
  tile.return
}

// CHECK-LABEL: tile.func @plain_kernel()
// CHECK-SAME: attributes {tile.kernel}
tile.func @plain_kernel() attributes {tile.kernel} {
  tile.return
}

// CHECK-LABEL: tile.func @warp_counts_1()
// CHECK-SAME: attributes {tile.kernel, tile.num_warps = 1 : i32}
tile.func @warp_counts_1() attributes {tile.kernel, tile.num_warps = 1 : i32} {
  tile.return
}

// CHECK-LABEL: tile.func @warp_counts_32()
// CHECK-SAME: attributes {tile.kernel, tile.num_warps = 32 : i32}
tile.func @warp_counts_32() attributes {tile.kernel, tile.num_warps = 32 : i32} {
  tile.return
}

// A warp count without `tile.kernel` is accepted: tile-to-tgpu reads it from
// any function.
// CHECK-LABEL: tile.func @warps_without_kernel()
// CHECK-SAME: attributes {tile.num_warps = 2 : i32}
tile.func @warps_without_kernel() -> i32 attributes {tile.num_warps = 2 : i32} {
  %x = tile.program_id x : i32
  tile.return %x : i32
}

// Tiles flow through scf.for iter_args and scf.if results; ops in those
// regions keep their `tile.` prefix.
// CHECK-LABEL: tile.func @control_flow(
// CHECK-SAME: %[[P:.*]]: tensor<64x!tile.ptr<f32>>, %[[N:.*]]: index, %[[C:.*]]: i1) -> tensor<64xf32>
tile.func @control_flow(%p: tensor<64x!tile.ptr<f32>>, %n: index, %c: i1) -> tensor<64xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  %zero = arith.constant dense<0.0> : tensor<64xf32>
  // CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<64xf32>
  // CHECK: %[[STEPS:.*]] = splat %{{.*}} : tensor<64xi32>
  %steps = tile.splat %one : tensor<64xi32>
  // CHECK: %[[FOR:.*]]:2 = scf.for %{{.*}} = %{{.*}} to %[[N]] step %{{.*}} iter_args(%[[ACC:.*]] = %[[ZERO]], %[[PTRS:.*]] = %[[P]]) -> (tensor<64xf32>, tensor<64x!tile.ptr<f32>>) {
  // CHECK:   %[[V:.*]] = tile.load %[[PTRS]] : tensor<64x!tile.ptr<f32>>
  // CHECK:   %[[SUM:.*]] = arith.addf %[[ACC]], %[[V]] : tensor<64xf32>
  // CHECK:   %[[NEXT:.*]] = tile.addptr %[[PTRS]], %[[STEPS]] : tensor<64x!tile.ptr<f32>>, tensor<64xi32>
  // CHECK:   scf.yield %[[SUM]], %[[NEXT]] : tensor<64xf32>, tensor<64x!tile.ptr<f32>>
  // CHECK: }
  %acc, %q = scf.for %i = %c0 to %n step %c1 iter_args(%a = %zero, %ptrs = %p)
      -> (tensor<64xf32>, tensor<64x!tile.ptr<f32>>) {
    %v = tile.load %ptrs : tensor<64x!tile.ptr<f32>>
    %s = arith.addf %a, %v : tensor<64xf32>
    %next = tile.addptr %ptrs, %steps : tensor<64x!tile.ptr<f32>>, tensor<64xi32>
    scf.yield %s, %next : tensor<64xf32>, tensor<64x!tile.ptr<f32>>
  }
  // CHECK: %[[IF:.*]] = scf.if %[[C]] -> (tensor<64xf32>) {
  // CHECK:   %[[T:.*]] = tile.load %[[FOR]]#1 : tensor<64x!tile.ptr<f32>>
  // CHECK:   scf.yield %[[T]] : tensor<64xf32>
  // CHECK: } else {
  // CHECK:   scf.yield %[[FOR]]#0 : tensor<64xf32>
  // CHECK: }
  %r = scf.if %c -> tensor<64xf32> {
    %t = tile.load %q : tensor<64x!tile.ptr<f32>>
    scf.yield %t : tensor<64xf32>
  } else {
    scf.yield %acc : tensor<64xf32>
  }
  // CHECK: scf.if %[[C]] {
  // CHECK:   tile.store %[[P]], %[[IF]] : tensor<64x!tile.ptr<f32>>
  // CHECK: }
  scf.if %c {
    tile.store %p, %r : tensor<64x!tile.ptr<f32>>
  }
  // CHECK: return %[[IF]] : tensor<64xf32>
  tile.return %r : tensor<64xf32>
}

// A tile.func may hold several blocks (cf branches between them).
// CHECK-LABEL: tile.func @blocks(
// CHECK: cf.cond_br %{{.*}}, ^[[A:.*]], ^[[B:.*]]
// CHECK: ^[[A]]:
// CHECK:   return %{{.*}} : i32
// CHECK: ^[[B]]:
// CHECK:   program_id y : i32
tile.func @blocks(%c: i1) -> i32 {
  cf.cond_br %c, ^a, ^b
^a:
  %x = tile.program_id x : i32
  tile.return %x : i32
^b:
  %y = tile.program_id y : i32
  tile.return %y : i32
}
