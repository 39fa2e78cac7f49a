// The vector sizes ModuleAxisInfo gives the LLVM lowering, by element type and
// by what the layout gives one thread (elems-per-thread), and the analysis run
// per function instead of per module.
// RUN: tessera-opt %s -test-print-axis-info -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,WIDE
// RUN: tessera-opt %s -test-print-axis-info="elems-per-thread=3" -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,THREE
// RUN: tessera-opt %s -test-print-axis-info="per-function=1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FUNC

// Runs of 128 at 16-byte aligned addresses: one 16-byte vector, whatever the
// element size, unless the thread holds fewer contiguous elements (3 rounds
// down to 2).
tile.func @sizes(%p8: !tile.ptr<i8> {tile.divisibility = 16 : i32},
                 %p16: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                 %p32: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                 %p64: !tile.ptr<f64> {tile.divisibility = 16 : i32}) {
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  %s8 = tile.splat %p8 : tensor<128x!tile.ptr<i8>>
  %a8 = tile.addptr %s8, %r : tensor<128x!tile.ptr<i8>>, tensor<128xi32>
  // WIDE: mlir:[[@LINE+2]]:{{[0-9]+}}: remark: vector = 16 along dim 0
  // THREE: mlir:[[@LINE+1]]:{{[0-9]+}}: remark: vector = 2 along dim 0
  %x8 = tile.load %a8 : tensor<128x!tile.ptr<i8>>
  %s16 = tile.splat %p16 : tensor<128x!tile.ptr<f16>>
  %a16 = tile.addptr %s16, %r : tensor<128x!tile.ptr<f16>>, tensor<128xi32>
  // WIDE: mlir:[[@LINE+2]]:{{[0-9]+}}: remark: vector = 8 along dim 0
  // THREE: mlir:[[@LINE+1]]:{{[0-9]+}}: remark: vector = 2 along dim 0
  %x16 = tile.load %a16 : tensor<128x!tile.ptr<f16>>
  %s32 = tile.splat %p32 : tensor<128x!tile.ptr<f32>>
  %a32 = tile.addptr %s32, %r : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
  // WIDE: mlir:[[@LINE+2]]:{{[0-9]+}}: remark: vector = 4 along dim 0
  // THREE: mlir:[[@LINE+1]]:{{[0-9]+}}: remark: vector = 2 along dim 0
  %x32 = tile.load %a32 : tensor<128x!tile.ptr<f32>>
  %s64 = tile.splat %p64 : tensor<128x!tile.ptr<f64>>
  %a64 = tile.addptr %s64, %r : tensor<128x!tile.ptr<f64>>, tensor<128xi32>
  // WIDE: mlir:[[@LINE+2]]:{{[0-9]+}}: remark: vector = 2 along dim 0
  // THREE: mlir:[[@LINE+1]]:{{[0-9]+}}: remark: vector = 2 along dim 0
  %x64 = tile.load %a64 : tensor<128x!tile.ptr<f64>>
  tile.return
}

// Contiguity and alignment each limit the vector.
tile.func @limits(%p: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                  %q: !tile.ptr<f16> {tile.divisibility = 4 : i32}) {
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
  %c4 = arith.constant dense<4> : tensor<128xi32>
  %runs = arith.remsi %r, %c4 : tensor<128xi32>
  %ps = tile.splat %p : tensor<128x!tile.ptr<f16>>
  %short = tile.addptr %ps, %runs : tensor<128x!tile.ptr<f16>>, tensor<128xi32>
  // WIDE: mlir:[[@LINE+2]]:{{[0-9]+}}: remark: vector = 4 along dim 0
  // THREE: mlir:[[@LINE+1]]:{{[0-9]+}}: remark: vector = 2 along dim 0
  %x = tile.load %short : tensor<128x!tile.ptr<f16>>
  %qs = tile.splat %q : tensor<128x!tile.ptr<f16>>
  %low = tile.addptr %qs, %r : tensor<128x!tile.ptr<f16>>, tensor<128xi32>
  // WIDE: mlir:[[@LINE+2]]:{{[0-9]+}}: remark: vector = 2 along dim 0
  // THREE: mlir:[[@LINE+1]]:{{[0-9]+}}: remark: vector = 2 along dim 0
  %y = tile.load %low : tensor<128x!tile.ptr<f16>>
  // Scalar accesses get no vector remark.
  // CHECK-NOT: mlir:[[@LINE+1]]:{{[0-9]+}}: remark: vector
  %z = tile.load %p : !tile.ptr<f16>
  tile.return
}

// Per function, a private function's arguments are unknown (its callers are
// outside the analysed root); per module they come from the call sites.
tile.func private @device(%q: !tile.ptr<f32>) -> !tile.ptr<f32> {
  %c0 = arith.constant 0 : i32
  // WIDE: mlir:[[@LINE+2]]:{{[0-9]+}}: remark: contiguity = [1], divisibility = [16], constancy = [1]
  // FUNC: mlir:[[@LINE+1]]:{{[0-9]+}}: remark: contiguity = [1], divisibility = [4], constancy = [1]
  %r = tile.addptr %q, %c0 : !tile.ptr<f32>, i32
  tile.return %r : !tile.ptr<f32>
}

tile.func @kernel(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32})
    attributes {tile.kernel} {
  %c0 = arith.constant 0 : i32
  // WIDE: mlir:[[@LINE+2]]:{{[0-9]+}}: remark: contiguity = [1], divisibility = [16], constancy = [1]
  // FUNC: mlir:[[@LINE+1]]:{{[0-9]+}}: remark: contiguity = [1], divisibility = [16], constancy = [1]
  %a = tile.addptr %p, %c0 : !tile.ptr<f32>, i32
  // WIDE: mlir:[[@LINE+2]]:{{[0-9]+}}: remark: contiguity = [1], divisibility = [16], constancy = [1]
  // FUNC: mlir:[[@LINE+1]]:{{[0-9]+}}: remark: contiguity = [1], divisibility = [4], constancy = [1]
  %r = tile.call @device(%p) : (!tile.ptr<f32>) -> !tile.ptr<f32>
  tile.return
}
