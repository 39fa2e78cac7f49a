// RUN: tessera-opt %s -split-input-file --convert-tgpu-to-llvm -verify-diagnostics | FileCheck %s

// Each thread computes its two elements; maximumf keeps NaN-propagating
// semantics (llvm.intr.maximum -> max.NaN), maxnumf ignores NaN, exp runs on
// the SFU as ex2.approx of x*log2(e).

#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [2], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK: module attributes {tessera.target = "sm_80"}
// CHECK-LABEL: llvm.func internal @ew
// CHECK-SAME: (%[[X:.*]]: !llvm.struct<(f32, f32)>, %[[Y:.*]]: !llvm.struct<(f32, f32)>, %[[S:.*]]: f32) -> !llvm.struct<(f32, f32)>
tile.func private @ew(%x: tensor<128xf32, #b>, %y: tensor<128xf32, #b>, %s: f32) -> tensor<128xf32, #b>
    attributes {tgpu.num_warps = 2 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK-COUNT-2: llvm.intr.maximum({{.*}}) : (f32, f32) -> f32
  %m = arith.maximumf %x, %y : tensor<128xf32, #b>
  // CHECK-COUNT-2: llvm.intr.maxnum({{.*}}) : (f32, f32) -> f32
  %n = arith.maxnumf %m, %y : tensor<128xf32, #b>
  // CHECK: llvm.mlir.constant(1.44269502 : f32)
  // CHECK: llvm.call_intrinsic "llvm.nvvm.ex2.approx.f32"
  %e = math.exp %n : tensor<128xf32, #b>
  // CHECK: llvm.insertvalue %[[S]], %{{.*}}[0]
  // CHECK: llvm.insertvalue %[[S]], %{{.*}}[1]
  %ss = tile.splat %s : tensor<128xf32, #b>
  // CHECK-COUNT-2: llvm.fmul
  %r = arith.mulf %e, %ss : tensor<128xf32, #b>
  // CHECK: llvm.return %{{.*}} : !llvm.struct<(f32, f32)>
  tile.return %r : tensor<128xf32, #b>
}
}

// -----

// make_range: each register's coordinate is its register offset XOR the
// lane and warp bits scaled by the layout's bases; program_id reads ctaid.

#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [2], order = [0]}>
module attributes {tgpu.target = "sm_90a"} {
// CHECK-LABEL: llvm.func internal @range
tile.func private @range() -> (tensor<128xi32, #b>, i32, i32)
    attributes {tgpu.num_warps = 2 : i32, tgpu.threads_per_warp = 32 : i32} {
  // CHECK: nvvm.read.ptx.sreg.tid.x
  // CHECK: llvm.xor
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32, #b>
  // CHECK: nvvm.read.ptx.sreg.ctaid.y
  %p = tile.program_id y : i32
  // CHECK: nvvm.read.ptx.sreg.nctaid.z
  %n = tile.num_programs z : i32
  tile.return %r, %p, %n : tensor<128xi32, #b>, i32, i32
}
}

// -----

// f64 transcendentals need libdevice, which we do not link: a diagnostic.

module attributes {tgpu.target = "sm_80"} {
tile.func private @exp64(%x: f64) -> f64 attributes {tgpu.num_warps = 1 : i32} {
  // expected-error @+1 {{on f64 needs libdevice}}
  %e = math.exp %x : f64
  tile.return %e : f64
}
}
