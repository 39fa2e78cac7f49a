// RUN: tessera-opt %s -split-input-file -verify-diagnostics -test-print-axis-info -o /dev/null

// Every op result gets `contiguity = [..], divisibility = [..], constancy =
// [..]` (one entry per dimension, one for scalars) and `constant_value` when
// one integer is known; loads and stores get the vector size the LLVM
// lowering would use along their last dimension (elems-per-thread = 128, so
// only contiguity, alignment and the 16-byte cap limit it). 1073741824 = 2^30
// is the divisibility of 0, "divisible by anything".

// Constants: scalar, splat, dense (read off the values), float splat, i1.
tile.func @constants() {
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1], constant_value = 48}}
  %c48 = arith.constant 48 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [1073741824], constancy = [128], constant_value = 0}}
  %zeros = arith.constant dense<0> : tensor<128xi32>
  // Two runs of four, starting at 0 and 8.
  // expected-remark @below {{contiguity = [4], divisibility = [8], constancy = [1]}}
  %runs = arith.constant dense<[0, 1, 2, 3, 8, 9, 10, 11]> : tensor<8xi32>
  // Two constant halves, 4 and 6.
  // expected-remark @below {{contiguity = [1], divisibility = [2], constancy = [4]}}
  %halves = arith.constant dense<[4, 4, 4, 4, 6, 6, 6, 6]> : tensor<8xi32>
  // expected-remark @below {{contiguity = [1, 2], divisibility = [1, 2], constancy = [1, 1]}}
  %grid = arith.constant dense<[[0, 1], [2, 3]]> : tensor<2x2xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [64]}}
  %ones = arith.constant dense<1.0> : tensor<64xf32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = 1}}
  %true = arith.constant true
  tile.return
}

// -----

// make_range: contiguity = its length, divisibility = that of its start;
// a range of one element is a constant.
tile.func @make_range() {
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %a = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  // expected-remark @below {{contiguity = [32], divisibility = [16], constancy = [1]}}
  %b = tile.make_range {start = 48 : i32, end = 80 : i32} : tensor<32xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = 3}}
  %c = tile.make_range {start = 3 : i32, end = 4 : i32} : tensor<1xi32>
  tile.return
}

// -----

// Arguments: `tile.divisibility` seeds divisibility (bytes for pointers); a
// typed pointer without it is still aligned to its pointee. Program ids are
// unknown scalars.
tile.func @arguments(%p16: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                     %p: !tile.ptr<f32>, %h: !tile.ptr<f16>,
                     %p2: !tile.ptr<f32> {tile.divisibility = 2 : i32},
                     %n16: i32 {tile.divisibility = 16 : i32}, %n: i32) {
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [64]}}
  %a = tile.splat %p16 : tensor<64x!tile.ptr<f32>>
  // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [64]}}
  %b = tile.splat %p : tensor<64x!tile.ptr<f32>>
  // expected-remark @below {{contiguity = [1], divisibility = [2], constancy = [64]}}
  %c = tile.splat %h : tensor<64x!tile.ptr<f16>>
  // A promise weaker than the pointee alignment adds nothing.
  // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [64]}}
  %d = tile.splat %p2 : tensor<64x!tile.ptr<f32>>
  // expected-remark @below {{contiguity = [1, 1], divisibility = [16, 16], constancy = [8, 64]}}
  %e = tile.splat %n16 : tensor<8x64xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [64]}}
  %f = tile.splat %n : tensor<64xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %pid = tile.program_id x : i32
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %np = tile.num_programs y : i32
  tile.return
}

// -----

// Shape ops map dimensions: a broadcast dimension becomes constant, a new
// unit dimension gets what divides every element.
tile.func @shapes() {
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  // expected-remark @below {{contiguity = [1, 128], divisibility = [1, 1073741824], constancy = [1, 1]}}
  %row = tile.expand_dims %r {axis = 0 : i32} : tensor<128xi32> -> tensor<1x128xi32>
  // expected-remark @below {{contiguity = [128, 1], divisibility = [1073741824, 1], constancy = [1, 1]}}
  %col = tile.expand_dims %r {axis = 1 : i32} : tensor<128xi32> -> tensor<128x1xi32>
  // expected-remark @below {{contiguity = [1, 128], divisibility = [1, 1073741824], constancy = [64, 1]}}
  %b = tile.broadcast %row : tensor<1x128xi32> -> tensor<64x128xi32>
  // expected-remark @below {{contiguity = [128, 1], divisibility = [1073741824, 1], constancy = [1, 64]}}
  %t = tile.trans %b {order = array<i32: 1, 0>} : tensor<64x128xi32> -> tensor<128x64xi32>
  // Only unit dimensions change: exact.
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %flat = tile.reshape %row : tensor<1x128xi32> -> tensor<128xi32>
  // Flattening rows of 0..127 keeps runs of 128 starting at 0.
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %all = tile.reshape %b : tensor<64x128xi32> -> tensor<8192xi32>
  // Splitting 0..127 into rows of 16: runs of 16 starting at multiples of 16.
  // expected-remark @below {{contiguity = [1, 16], divisibility = [1, 16], constancy = [1, 1]}}
  %split = tile.reshape %r : tensor<128xi32> -> tensor<8x16xi32>
  // Any order: nothing but a common divisor.
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %any = tile.reshape %b allow_reorder : tensor<64x128xi32> -> tensor<8192xi32>
  tile.return
}

// -----

// Integer arithmetic against splats of n (a multiple of 16) and m (unknown).
tile.func @arith(%n: i32 {tile.divisibility = 16 : i32}, %m: i32) {
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128]}}
  %ns = tile.splat %n : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [128]}}
  %ms = tile.splat %m : tensor<128xi32>
  // expected-remark @below {{contiguity = [128], divisibility = [16], constancy = [1]}}
  %add = arith.addi %r, %ns : tensor<128xi32>
  // expected-remark @below {{contiguity = [128], divisibility = [16], constancy = [1]}}
  %add2 = arith.addi %ns, %r : tensor<128xi32>
  // expected-remark @below {{contiguity = [128], divisibility = [1], constancy = [1]}}
  %addm = arith.addi %r, %ms : tensor<128xi32>
  // expected-remark @below {{contiguity = [128], divisibility = [16], constancy = [1]}}
  %sub = arith.subi %r, %ns : tensor<128xi32>
  // A constant minus a range counts down: not contiguous.
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %down = arith.subi %ns, %r : tensor<128xi32>
  // Two ranges that both count up differ by a constant.
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [128]}}
  %diff = arith.subi %add, %r : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128], constant_value = 16}}
  %c16 = arith.constant dense<16> : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
  %mul = arith.muli %r, %c16 : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128]}}
  %mulnm = arith.muli %ns, %ms : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [1], constant_value = 4}}
  %c4 = arith.constant 4 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [64], constancy = [1]}}
  %muls = arith.muli %n, %c4 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = 1}}
  %one = arith.constant 1 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %mul1 = arith.muli %m, %one : i32
  // expected-remark @below {{contiguity = [1], divisibility = [8], constancy = [128], constant_value = 8}}
  %c8 = arith.constant dense<8> : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [8]}}
  %div = arith.divsi %r, %c8 : tensor<128xi32>
  // n is a multiple of 16, so r / n is constant over aligned runs of 16.
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [16]}}
  %divn = arith.divui %r, %ns : tensor<128xi32>
  // An exact division keeps the rest of the divisor: (16 r) / 8.
  // expected-remark @below {{contiguity = [1], divisibility = [2], constancy = [1]}}
  %divx = arith.divsi %mul, %c8 : tensor<128xi32>
  // Runs 0..7 and every run starts at 0.
  // expected-remark @below {{contiguity = [8], divisibility = [1073741824], constancy = [1]}}
  %rem = arith.remsi %r, %c8 : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %remm = arith.remui %r, %ms : tensor<128xi32>
  // The GEMM idiom (pid * 128 + r) % n with n a multiple of 16.
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %pid = tile.program_id x : i32
  // expected-remark @below {{contiguity = [1], divisibility = [128], constancy = [1], constant_value = 128}}
  %c128 = arith.constant 128 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [128], constancy = [1]}}
  %start = arith.muli %pid, %c128 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [128], constancy = [128]}}
  %starts = tile.splat %start : tensor<128xi32>
  // expected-remark @below {{contiguity = [128], divisibility = [128], constancy = [1]}}
  %offs = arith.addi %starts, %r : tensor<128xi32>
  // expected-remark @below {{contiguity = [16], divisibility = [16], constancy = [1]}}
  %wrapped = arith.remsi %offs, %ns : tensor<128xi32>
  tile.return
}

// -----

// Bitwise ops and shifts by constants.
tile.func @bits(%n: i32 {tile.divisibility = 16 : i32}, %m: i32) {
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128]}}
  %ns = tile.splat %n : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [128]}}
  %ms = tile.splat %m : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [128], constant_value = 7}}
  %c7 = arith.constant dense<7> : tensor<128xi32>
  // x & 7 is x mod 8.
  // expected-remark @below {{contiguity = [8], divisibility = [1073741824], constancy = [1]}}
  %low = arith.andi %r, %c7 : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128], constant_value = -16}}
  %cm16 = arith.constant dense<-16> : tensor<128xi32>
  // x & -16 rounds down to a multiple of 16.
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [16]}}
  %high = arith.andi %r, %cm16 : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128]}}
  %and = arith.andi %ms, %ns : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [128], constant_value = 4}}
  %c4 = arith.constant dense<4> : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [128]}}
  %or = arith.ori %ns, %c4 : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %xor = arith.xori %r, %ns : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1073741824], constancy = [128], constant_value = 0}}
  %c0 = arith.constant dense<0> : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1073741824], constancy = [128], constant_value = 0}}
  %and0 = arith.andi %r, %c0 : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [128], constant_value = 3}}
  %c3 = arith.constant dense<3> : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [8], constancy = [1]}}
  %shl = arith.shli %r, %c3 : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [2], constancy = [128], constant_value = 2}}
  %c2 = arith.constant dense<2> : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [4]}}
  %shr = arith.shrui %r, %c2 : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [2], constancy = [1]}}
  %shrs = arith.shrsi %shl, %c2 : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %shlm = arith.shli %r, %ms : tensor<128xi32>
  tile.return
}

// -----

// Comparisons (the mask idiom) and select.
tile.func @compare(%n: i32 {tile.divisibility = 16 : i32}, %m: i32, %b: i1) {
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128]}}
  %ns = tile.splat %n : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [128]}}
  %ms = tile.splat %m : tensor<128xi32>
  // The threshold n is a multiple of 16: the mask flips only between runs.
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [16]}}
  %lt = arith.cmpi slt, %r, %ns : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [16]}}
  %ge = arith.cmpi uge, %r, %ns : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [16]}}
  %gt = arith.cmpi sgt, %ns, %r : tensor<128xi32>
  // r <= n flips between n and n + 1, inside a run.
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %le = arith.cmpi sle, %r, %ns : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %eq = arith.cmpi eq, %r, %ns : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %ltm = arith.cmpi slt, %r, %ms : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [128]}}
  %both = arith.cmpi ne, %ns, %ms : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = -1}}
  %cm1 = arith.constant -1 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = 5}}
  %c5 = arith.constant 5 : i32
  // Unsigned, -1 is the largest i32; signed, the smaller.
  // expected-remark @below {{contiguity = [1], divisibility = [1073741824], constancy = [1], constant_value = 0}}
  %foldu = arith.cmpi ult, %cm1, %c5 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = 1}}
  %folds = arith.cmpi slt, %cm1, %c5 : i32
  // expected-remark @below {{contiguity = [128], divisibility = [16], constancy = [1]}}
  %rn = arith.addi %r, %ns : tensor<128xi32>
  // Each run of 16 takes one side whole.
  // expected-remark @below {{contiguity = [16], divisibility = [16], constancy = [1]}}
  %sel = arith.select %lt, %r, %rn : tensor<128xi1>, tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [128]}}
  %sels = arith.select %b, %ns, %ms : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [16]}}
  %and = arith.andi %lt, %ge : tensor<128xi1>
  tile.return
}

// -----

// Integer casts keep everything; constants are re-read at the new width.
tile.func @casts(%n: i32 {tile.divisibility = 16 : i32}) {
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %e = arith.extsi %r : tensor<128xi32> to tensor<128xi64>
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %t = arith.trunci %e : tensor<128xi64> to tensor<128xi16>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
  %i = arith.index_cast %n : i32 to index
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = -1}}
  %m1 = arith.constant -1 : i8
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = 255}}
  %z = arith.extui %m1 : i8 to i32
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = -1}}
  %s = arith.extsi %m1 : i8 to i32
  tile.return
}

// -----

// Pointers: addptr advances by offset * pointee bytes.
tile.func @addptr(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                  %h: !tile.ptr<f16>, %k: i32) {
  // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [1], constant_value = 4}}
  %c4 = arith.constant 4 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
  %a = tile.addptr %p, %c4 : !tile.ptr<f32>, i32
  // expected-remark @below {{contiguity = [1], divisibility = [2], constancy = [1], constant_value = 2}}
  %c2 = arith.constant 2 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [8], constancy = [1]}}
  %b = tile.addptr %p, %c2 : !tile.ptr<f32>, i32
  // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [1]}}
  %c = tile.addptr %p, %k : !tile.ptr<f32>, i32
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128]}}
  %ps = tile.splat %p : tensor<128x!tile.ptr<f32>>
  // expected-remark @below {{contiguity = [128], divisibility = [16], constancy = [1]}}
  %ptrs = tile.addptr %ps, %r : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1073741824], constancy = [128], constant_value = 0}}
  %zeros = arith.constant dense<0> : tensor<128xi32>
  // expected-remark @below {{contiguity = [128], divisibility = [16], constancy = [1]}}
  %same = tile.addptr %ptrs, %zeros : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
  // 16-byte aligned runs of 128 f32: 4 per vector.
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  // expected-remark @below {{vector = 4 along dim 0}}
  %x = tile.load %ptrs : tensor<128x!tile.ptr<f32>>
  // expected-remark @below {{contiguity = [1], divisibility = [2], constancy = [128]}}
  %hs = tile.splat %h : tensor<128x!tile.ptr<f16>>
  // expected-remark @below {{contiguity = [128], divisibility = [2], constancy = [1]}}
  %hptrs = tile.addptr %hs, %r : tensor<128x!tile.ptr<f16>>, tensor<128xi32>
  // Contiguous, but only 2-byte aligned: no vector.
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  // expected-remark @below {{vector = 1 along dim 0}}
  %y = tile.load %hptrs : tensor<128x!tile.ptr<f16>>
  tile.return
}

// -----

// The 2-D idiom base + row * stride + col: with base and stride multiples of
// 16 every row starts 16-byte aligned, so loads are 16-byte vectors along the
// columns.
tile.func @ptr_2d(%base: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                  %stride: i32 {tile.divisibility = 16 : i32}) {
  // expected-remark @below {{contiguity = [64], divisibility = [1073741824], constancy = [1]}}
  %rows = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32>
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %cols = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  // expected-remark @below {{contiguity = [64, 1], divisibility = [1073741824, 1], constancy = [1, 1]}}
  %r2 = tile.expand_dims %rows {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  // expected-remark @below {{contiguity = [1, 1], divisibility = [16, 16], constancy = [64, 1]}}
  %s2 = tile.splat %stride : tensor<64x1xi32>
  // expected-remark @below {{contiguity = [1, 1], divisibility = [16, 16], constancy = [1, 1]}}
  %rs = arith.muli %r2, %s2 : tensor<64x1xi32>
  // expected-remark @below {{contiguity = [1, 1], divisibility = [16, 16], constancy = [1, 128]}}
  %rsb = tile.broadcast %rs : tensor<64x1xi32> -> tensor<64x128xi32>
  // expected-remark @below {{contiguity = [1, 128], divisibility = [1, 1073741824], constancy = [1, 1]}}
  %c2 = tile.expand_dims %cols {axis = 0 : i32} : tensor<128xi32> -> tensor<1x128xi32>
  // expected-remark @below {{contiguity = [1, 128], divisibility = [1, 1073741824], constancy = [64, 1]}}
  %cb = tile.broadcast %c2 : tensor<1x128xi32> -> tensor<64x128xi32>
  // expected-remark @below {{contiguity = [1, 128], divisibility = [1, 16], constancy = [1, 1]}}
  %off = arith.addi %rsb, %cb : tensor<64x128xi32>
  // expected-remark @below {{contiguity = [1, 1], divisibility = [16, 16], constancy = [64, 128]}}
  %bs = tile.splat %base : tensor<64x128x!tile.ptr<f32>>
  // expected-remark @below {{contiguity = [1, 128], divisibility = [4, 16], constancy = [1, 1]}}
  %ptrs = tile.addptr %bs, %off : tensor<64x128x!tile.ptr<f32>>, tensor<64x128xi32>
  // expected-remark @below {{contiguity = [1, 1], divisibility = [1, 1], constancy = [1, 1]}}
  // expected-remark @below {{vector = 4 along dim 1}}
  %v = tile.load %ptrs : tensor<64x128x!tile.ptr<f32>>
  // expected-remark @below {{vector = 4 along dim 1}}
  tile.store %ptrs, %v : tensor<64x128x!tile.ptr<f32>>
  tile.return
}

// -----

// The same with a stride of unknown divisibility: rows after the first start
// anywhere (4-byte aligned), so no vectors.
tile.func @ptr_2d_unaligned(%base: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                            %stride: i32) {
  // expected-remark @below {{contiguity = [64], divisibility = [1073741824], constancy = [1]}}
  %rows = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32>
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %cols = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  // expected-remark @below {{contiguity = [64, 1], divisibility = [1073741824, 1], constancy = [1, 1]}}
  %r2 = tile.expand_dims %rows {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  // expected-remark @below {{contiguity = [1, 1], divisibility = [1, 1], constancy = [64, 1]}}
  %s2 = tile.splat %stride : tensor<64x1xi32>
  // expected-remark @below {{contiguity = [1, 1], divisibility = [1, 1], constancy = [1, 1]}}
  %rs = arith.muli %r2, %s2 : tensor<64x1xi32>
  // expected-remark @below {{contiguity = [1, 1], divisibility = [1, 1], constancy = [1, 128]}}
  %rsb = tile.broadcast %rs : tensor<64x1xi32> -> tensor<64x128xi32>
  // expected-remark @below {{contiguity = [1, 128], divisibility = [1, 1073741824], constancy = [1, 1]}}
  %c2 = tile.expand_dims %cols {axis = 0 : i32} : tensor<128xi32> -> tensor<1x128xi32>
  // expected-remark @below {{contiguity = [1, 128], divisibility = [1, 1073741824], constancy = [64, 1]}}
  %cb = tile.broadcast %c2 : tensor<1x128xi32> -> tensor<64x128xi32>
  // expected-remark @below {{contiguity = [1, 128], divisibility = [1, 1], constancy = [1, 1]}}
  %off = arith.addi %rsb, %cb : tensor<64x128xi32>
  // expected-remark @below {{contiguity = [1, 1], divisibility = [16, 16], constancy = [64, 128]}}
  %bs = tile.splat %base : tensor<64x128x!tile.ptr<f32>>
  // expected-remark @below {{contiguity = [1, 128], divisibility = [4, 4], constancy = [1, 1]}}
  %ptrs = tile.addptr %bs, %off : tensor<64x128x!tile.ptr<f32>>, tensor<64x128xi32>
  // expected-remark @below {{contiguity = [1, 1], divisibility = [1, 1], constancy = [1, 1]}}
  // expected-remark @below {{vector = 1 along dim 1}}
  %v = tile.load %ptrs : tensor<64x128x!tile.ptr<f32>>
  tile.return
}

// -----

// Masks `offs < n`: with n a multiple of 16 the mask is constant over runs of
// 16, so a masked 16-byte vector needs one predicate; with n unknown, every
// element has its own.
tile.func @masks(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                 %n16: i32 {tile.divisibility = 16 : i32}, %n: i32,
                 %v: tensor<128xf32>) {
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %offs = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128]}}
  %ps = tile.splat %p : tensor<128x!tile.ptr<f32>>
  // expected-remark @below {{contiguity = [128], divisibility = [16], constancy = [1]}}
  %ptrs = tile.addptr %ps, %offs : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128]}}
  %a = tile.splat %n16 : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [16]}}
  %m16 = arith.cmpi slt, %offs, %a : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  // expected-remark @below {{vector = 4 along dim 0, mask constancy = 16}}
  %x = tile.load %ptrs, %m16 : tensor<128x!tile.ptr<f32>>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [128]}}
  %b = tile.splat %n : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %m1 = arith.cmpi slt, %offs, %b : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  // expected-remark @below {{vector = 4 along dim 0, mask constancy = 1}}
  %y = tile.load %ptrs, %m1 : tensor<128x!tile.ptr<f32>>
  // expected-remark @below {{vector = 4 along dim 0, mask constancy = 16}}
  tile.store %ptrs, %v, %m16 : tensor<128x!tile.ptr<f32>>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  // expected-remark @below {{vector = 4 along dim 0, mask constancy = 1}}
  %old = tile.atomic_rmw fadd, acq_rel, gpu, %ptrs, %v, %m1 : tensor<128x!tile.ptr<f32>>, tensor<128xf32>
  tile.return
}

// -----

// Loops: a pointer advanced by a constant multiple of 16 bytes keeps its
// alignment through the loop-carried join; advanced by an unknown amount, it
// keeps only the pointee alignment.
tile.func @loops(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32}, %n: i32,
                 %k: i32) {
  // expected-remark @below {{contiguity = [1], divisibility = [1073741824], constancy = [1], constant_value = 0}}
  %c0 = arith.constant 0 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = 1}}
  %c1 = arith.constant 1 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1], constant_value = 16}}
  %c16 = arith.constant 16 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
  %kept = scf.for %i = %c0 to %n step %c1 iter_args(%q = %p) -> (!tile.ptr<f32>) : i32 {
    // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
    %next = tile.addptr %q, %c16 : !tile.ptr<f32>, i32
    scf.yield %next : !tile.ptr<f32>
  }
  // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [1]}}
  %lost = scf.for %i = %c0 to %n step %c1 iter_args(%q = %p) -> (!tile.ptr<f32>) : i32 {
    // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [1]}}
    %next = tile.addptr %q, %k : !tile.ptr<f32>, i32
    scf.yield %next : !tile.ptr<f32>
  }
  // The induction variable 0, 16, 32, ... is a multiple of 16.
  scf.for %i = %c0 to %n step %c16 : i32 {
    // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
    %at = tile.addptr %p, %i : !tile.ptr<f32>, i32
  }
  // A tile of pointers advanced by a whole block keeps runs and alignment.
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128]}}
  %ps = tile.splat %p : tensor<128x!tile.ptr<f32>>
  // expected-remark @below {{contiguity = [128], divisibility = [16], constancy = [1]}}
  %ptrs = tile.addptr %ps, %r : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [128], constancy = [128], constant_value = 128}}
  %step = arith.constant dense<128> : tensor<128xi32>
  // expected-remark @below {{contiguity = [128], divisibility = [16], constancy = [1]}}
  %tiles = scf.for %i = %c0 to %n step %c1 iter_args(%q = %ptrs) -> (tensor<128x!tile.ptr<f32>>) : i32 {
    // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
    // expected-remark @below {{vector = 4 along dim 0}}
    %x = tile.load %q : tensor<128x!tile.ptr<f32>>
    // expected-remark @below {{contiguity = [128], divisibility = [16], constancy = [1]}}
    %next = tile.addptr %q, %step : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
    scf.yield %next : tensor<128x!tile.ptr<f32>>
  }
  tile.return
}

// -----

// scf.while joins the entry value with what the body yields.
tile.func @while(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32}, %c: i1) {
  // expected-remark @below {{contiguity = [1], divisibility = [8], constancy = [1], constant_value = 8}}
  %c8 = arith.constant 8 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = 1}}
  %c1 = arith.constant 1 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
  %kept = scf.while (%a = %p) : (!tile.ptr<f32>) -> !tile.ptr<f32> {
    scf.condition(%c) %a : !tile.ptr<f32>
  } do {
  ^bb0(%b: !tile.ptr<f32>):
    // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
    %next = tile.addptr %b, %c8 : !tile.ptr<f32>, i32
    scf.yield %next : !tile.ptr<f32>
  }
  // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [1]}}
  %lost = scf.while (%a = %p) : (!tile.ptr<f32>) -> !tile.ptr<f32> {
    scf.condition(%c) %a : !tile.ptr<f32>
  } do {
  ^bb0(%b: !tile.ptr<f32>):
    // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [1]}}
    %next = tile.addptr %b, %c1 : !tile.ptr<f32>, i32
    scf.yield %next : !tile.ptr<f32>
  }
  tile.return
}

// -----

// scf.if joins its branches; a constant condition leaves the other branch
// dead, and it adds nothing.
tile.func @if(%c: i1, %n: i32 {tile.divisibility = 16 : i32}) {
  // expected-remark @below {{contiguity = [1], divisibility = [32], constancy = [1], constant_value = 32}}
  %c32 = arith.constant 32 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1], constant_value = 48}}
  %c48 = arith.constant 48 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
  %x = scf.if %c -> i32 {
    scf.yield %c32 : i32
  } else {
    scf.yield %c48 : i32
  }
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128]}}
  %ns = tile.splat %n : tensor<128xi32>
  // expected-remark @below {{contiguity = [128], divisibility = [16], constancy = [1]}}
  %y = scf.if %c -> tensor<128xi32> {
    scf.yield %r : tensor<128xi32>
  } else {
    // expected-remark @below {{contiguity = [128], divisibility = [16], constancy = [1]}}
    %rn = arith.addi %r, %ns : tensor<128xi32>
    scf.yield %rn : tensor<128xi32>
  }
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = 1}}
  %true = arith.constant true
  // expected-remark @below {{contiguity = [1], divisibility = [32], constancy = [1], constant_value = 32}}
  %z = scf.if %true -> i32 {
    scf.yield %c32 : i32
  } else {
    // expected-remark @below {{no axis info (unreachable)}}
    %dead = arith.addi %c48, %c48 : i32
    scf.yield %dead : i32
  }
  tile.return
}

// -----

// CF branches join at block arguments.
tile.func @branches(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32}, %c: i1) {
  // expected-remark @below {{contiguity = [1], divisibility = [8], constancy = [1], constant_value = 8}}
  %c8 = arith.constant 8 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1], constant_value = 1}}
  %c1 = arith.constant 1 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
  %a = tile.addptr %p, %c8 : !tile.ptr<f32>, i32
  // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [1]}}
  %b = tile.addptr %p, %c1 : !tile.ptr<f32>, i32
  cf.cond_br %c, ^aligned(%a, %a : !tile.ptr<f32>, !tile.ptr<f32>), ^aligned(%a, %b : !tile.ptr<f32>, !tile.ptr<f32>)
^aligned(%x: !tile.ptr<f32>, %y: !tile.ptr<f32>):
  // expected-remark @below {{contiguity = [1], divisibility = [1073741824], constancy = [1], constant_value = 0}}
  %c0 = arith.constant 0 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
  %xx = tile.addptr %x, %c0 : !tile.ptr<f32>, i32
  // expected-remark @below {{contiguity = [1], divisibility = [4], constancy = [1]}}
  %yy = tile.addptr %y, %c0 : !tile.ptr<f32>, i32
  tile.return
}

// -----

// Calls: a private device function sees what all its call sites pass.
tile.func private @device(%q: !tile.ptr<f32>) -> !tile.ptr<f32> {
  // expected-remark @below {{contiguity = [1], divisibility = [1073741824], constancy = [1], constant_value = 0}}
  %c0 = arith.constant 0 : i32
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
  %r = tile.addptr %q, %c0 : !tile.ptr<f32>, i32
  tile.return %r : !tile.ptr<f32>
}

tile.func @kernel(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32})
    attributes {tile.kernel} {
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [1]}}
  %r = tile.call @device(%p) : (!tile.ptr<f32>) -> !tile.ptr<f32>
  tile.return
}

// -----

// Layout conversions move elements between threads and change no value;
// elementwise ops without a rule keep the operands' common constancy.
#blocked = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
#other = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
tile.func @others(%n: i32 {tile.divisibility = 16 : i32}, %x: tensor<128xf32, #blocked>) {
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32, #blocked>
  // expected-remark @below {{contiguity = [128], divisibility = [1073741824], constancy = [1]}}
  %c = tgpu.convert_layout %r : tensor<128xi32, #blocked> -> tensor<128xi32, #other>
  // expected-remark @below {{contiguity = [1], divisibility = [16], constancy = [128]}}
  %ns = tile.splat %n : tensor<128xi32, #blocked>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [1]}}
  %max = arith.maxsi %r, %ns : tensor<128xi32, #blocked>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [128]}}
  %cst = arith.constant dense<2.0> : tensor<128xf32, #blocked>
  // expected-remark @below {{contiguity = [1], divisibility = [1], constancy = [128]}}
  %f = arith.sitofp %ns : tensor<128xi32, #blocked> to tensor<128xf32, #blocked>
  tile.return
}
