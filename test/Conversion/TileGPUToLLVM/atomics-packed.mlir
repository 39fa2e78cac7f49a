// RUN: tessera-opt %s -split-input-file --tgpu-allocate-shared-memory --convert-tgpu-to-llvm | FileCheck %s
// RUN: tessera-compile %tessera_src_root/kernels/test_atomics_float.mlir.in -D BLOCK=1024 -D WARPS=4 -D FELEM=f16 --sm=80 -o %t.f16.80.ptx
// RUN: FileCheck %s --check-prefix=F16 --input-file=%t.f16.80.ptx
// RUN: tessera-compile %tessera_src_root/kernels/test_atomics_float.mlir.in -D BLOCK=1024 -D WARPS=4 -D FELEM=bf16 --sm=80 -o %t.bf16.80.ptx
// RUN: FileCheck %s --check-prefix=BF16-80 --input-file=%t.bf16.80.ptx
// RUN: tessera-compile %tessera_src_root/kernels/test_atomics_float.mlir.in -D BLOCK=1024 -D WARPS=4 -D FELEM=bf16 --sm=90a -o %t.bf16.90.ptx
// RUN: FileCheck %s --check-prefix=BF16-90 --input-file=%t.bf16.90.ptx
// RUN: tessera-compile %tessera_src_root/kernels/test_atomics_float.mlir.in -D BLOCK=256 -D WARPS=2 -D FELEM=f32 --sm=90a -o %t.f32.90.ptx
// RUN: FileCheck %s --check-prefix=F32 --input-file=%t.f32.90.ptx
// RUN: %if ptxas %{ ptxas -arch=sm_80 %t.f16.80.ptx -o /dev/null && ptxas -arch=sm_80 %t.bf16.80.ptx -o /dev/null && ptxas -arch=sm_90a %t.bf16.90.ptx -o /dev/null && ptxas -arch=sm_90a %t.f32.90.ptx -o /dev/null %}
// RUN: %if ptxas %{ tessera-compile %tessera_src_root/kernels/test_atomics_float.mlir.in -D BLOCK=64 -D WARPS=1 -D FELEM=f64 --sm=80 -o %t.f64.80.ptx && ptxas -arch=sm_80 %t.f64.80.ptx -o /dev/null %}

// Packed f16x2 / bf16x2 atomic adds: two consecutive registers, proven
// adjacent, 4-byte aligned and under one mask value, take one
// `atom.add.noftz.{f16x2,bf16x2}` (inline PTX: LLVM's NVPTX turns a vector
// atomicrmw into a CAS loop). bf16x2 needs sm_90.

// Aligned, unmasked, result used: 2 registers per thread -> one packed atom,
// the old pair unpacked in registers (no scratch).
#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [2], order = [0]}>
module attributes {tgpu.target = "sm_90"} {
// CHECK-LABEL: llvm.func @packed_f16
// CHECK-SAME: tessera.shared_bytes = 0 : i32
tile.func @packed_f16(%p: !tile.ptr<f16> {tile.divisibility = 16 : i32}, %o: !tile.ptr<f16> {tile.divisibility = 16 : i32}, %v: f16)
    attributes {tile.kernel, tgpu.num_warps = 2 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32, #b>
  %ps = tile.splat %p : tensor<128x!tile.ptr<f16>, #b>
  %pp = tile.addptr %ps, %r : tensor<128x!tile.ptr<f16>, #b>, tensor<128xi32, #b>
  // CHECK: llvm.insertelement
  // CHECK: llvm.insertelement
  // CHECK: %[[BITS:.*]] = llvm.bitcast %{{.*}} : vector<2xf16> to i32
  // CHECK: %[[OLD:.*]] = llvm.inline_asm has_side_effects asm_dialect = att "atom.acq_rel.gpu.global.add.noftz.f16x2 $0, [$1], $2;", "=r,l,r,~{memory}" %{{.*}}, %[[BITS]] : (!llvm.ptr<1>, i32) -> i32
  // CHECK: llvm.bitcast %[[OLD]] : i32 to vector<2xf16>
  // CHECK-NOT: llvm.atomicrmw
  // CHECK-NOT: llvm.inline_asm
  // CHECK-NOT: nvvm.barrier0
  // CHECK: llvm.return
  %old = tile.atomic_rmw fadd, acq_rel, gpu, %pp, %v : tensor<128x!tile.ptr<f16>, #b>, f16
  %os = tile.splat %o : tensor<128x!tile.ptr<f16>, #b>
  %op = tile.addptr %os, %r : tensor<128x!tile.ptr<f16>, #b>, tensor<128xi32, #b>
  tile.store %op, %old : tensor<128x!tile.ptr<f16>, #b>
  tile.return
}
}

// -----

// An offset of unknown parity: the pair may straddle a 4-byte word, so each
// element gets its own (scalar) atomic.
#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [2], order = [0]}>
module attributes {tgpu.target = "sm_90"} {
// CHECK-LABEL: llvm.func @unaligned_f16
tile.func @unaligned_f16(%p: !tile.ptr<f16> {tile.divisibility = 16 : i32}, %k: i32, %v: f16)
    attributes {tile.kernel, tgpu.num_warps = 2 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32, #b>
  %pk = tile.addptr %p, %k : !tile.ptr<f16>, i32
  %ps = tile.splat %pk : tensor<128x!tile.ptr<f16>, #b>
  %pp = tile.addptr %ps, %r : tensor<128x!tile.ptr<f16>, #b>, tensor<128xi32, #b>
  // CHECK-NOT: llvm.inline_asm
  // CHECK-COUNT-2: llvm.atomicrmw fadd %{{.*}}, %{{.*}} syncscope("device") monotonic {alignment = 2 : i64} : !llvm.ptr<1>, f16
  // CHECK-NOT: llvm.inline_asm
  // CHECK: llvm.return
  %old = tile.atomic_rmw fadd, relaxed, gpu, %pp, %v : tensor<128x!tile.ptr<f16>, #b>, f16
  tile.return
}
}

// -----

// Masks: `offs < n` is constant over pairs only when n is even.
#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_90"} {
// CHECK-LABEL: llvm.func @masked_even
tile.func @masked_even(%p: !tile.ptr<bf16> {tile.divisibility = 16 : i32}, %v: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                       %n: i32 {tile.divisibility = 2 : i32})
    attributes {tile.kernel, tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32, #b>
  %ns = tile.splat %n : tensor<128xi32, #b>
  %m = arith.cmpi slt, %r, %ns : tensor<128xi32, #b>
  %vs = tile.splat %v : tensor<128x!tile.ptr<bf16>, #b>
  %vp = tile.addptr %vs, %r : tensor<128x!tile.ptr<bf16>, #b>, tensor<128xi32, #b>
  %vv = tile.load %vp, %m : tensor<128x!tile.ptr<bf16>, #b>
  %ps = tile.splat %p : tensor<128x!tile.ptr<bf16>, #b>
  %pp = tile.addptr %ps, %r : tensor<128x!tile.ptr<bf16>, #b>, tensor<128xi32, #b>
  // Two pairs, each under its own branch.
  // CHECK: llvm.cond_br
  // CHECK: llvm.inline_asm has_side_effects asm_dialect = att "atom.relaxed.sys.global.add.noftz.bf16x2 $0, [$1], $2;"
  // CHECK: llvm.cond_br
  // CHECK: llvm.inline_asm has_side_effects asm_dialect = att "atom.relaxed.sys.global.add.noftz.bf16x2 $0, [$1], $2;"
  // CHECK-NOT: llvm.inline_asm
  // CHECK-NOT: llvm.atomicrmw
  // CHECK: llvm.return
  %old = tile.atomic_rmw fadd, relaxed, sys, %pp, %vv, %m : tensor<128x!tile.ptr<bf16>, #b>, tensor<128xbf16, #b>
  tile.return
}
// CHECK-LABEL: llvm.func @masked_any
tile.func @masked_any(%p: !tile.ptr<f16> {tile.divisibility = 16 : i32}, %v: f16, %n: i32)
    attributes {tile.kernel, tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32, #b>
  %ns = tile.splat %n : tensor<128xi32, #b>
  %m = arith.cmpi slt, %r, %ns : tensor<128xi32, #b>
  %ps = tile.splat %p : tensor<128x!tile.ptr<f16>, #b>
  %pp = tile.addptr %ps, %r : tensor<128x!tile.ptr<f16>, #b>, tensor<128xi32, #b>
  // CHECK-NOT: llvm.inline_asm
  // CHECK-COUNT-4: llvm.atomicrmw fadd
  // CHECK-NOT: llvm.inline_asm
  // CHECK: llvm.return
  %old = tile.atomic_rmw fadd, relaxed, gpu, %pp, %v, %m : tensor<128x!tile.ptr<f16>, #b>, f16
  tile.return
}
}

// -----

// bf16x2 does not exist before sm_90: scalar atomics on sm_80.
#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func @bf16_sm80
tile.func @bf16_sm80(%p: !tile.ptr<bf16> {tile.divisibility = 16 : i32}, %v: bf16)
    attributes {tile.kernel, tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32, #b>
  %ps = tile.splat %p : tensor<64x!tile.ptr<bf16>, #b>
  %pp = tile.addptr %ps, %r : tensor<64x!tile.ptr<bf16>, #b>, tensor<64xi32, #b>
  // CHECK-NOT: llvm.inline_asm
  // CHECK-COUNT-2: llvm.atomicrmw fadd %{{.*}}, %{{.*}} : !llvm.ptr<1>, bf16
  // CHECK-NOT: llvm.inline_asm
  // CHECK: llvm.return
  %old = tile.atomic_rmw fadd, relaxed, gpu, %pp, %v : tensor<64x!tile.ptr<bf16>, #b>, bf16
  tile.return
}
}

// -----

// Broadcast copies: 32 elements on 64 threads with 2 registers each; the
// owners (lanes 0-15 of warp 0) perform the packed atomics, lanes 16-31 and
// warp 1 are predicated off, and the used result travels through shared
// memory.
#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [2], order = [0]}>
module attributes {tgpu.target = "sm_90"} {
// CHECK-LABEL: llvm.func @packed_broadcast
// CHECK-SAME: tessera.shared_bytes = 64 : i32
tile.func @packed_broadcast(%p: !tile.ptr<f16> {tile.divisibility = 16 : i32}, %o: !tile.ptr<f16> {tile.divisibility = 16 : i32}, %v: f16)
    attributes {tile.kernel, tgpu.num_warps = 2 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 32 : i32} : tensor<32xi32, #b>
  %ps = tile.splat %p : tensor<32x!tile.ptr<f16>, #b>
  %pp = tile.addptr %ps, %r : tensor<32x!tile.ptr<f16>, #b>, tensor<32xi32, #b>
  // CHECK: %[[OWN:.*]] = llvm.and %{{.*}}, %{{.*}} : i1
  // CHECK: llvm.cond_br %[[OWN]]
  // CHECK: llvm.inline_asm has_side_effects asm_dialect = att "atom.relaxed.cta.global.add.noftz.f16x2
  // CHECK-NOT: llvm.inline_asm
  // CHECK-COUNT-2: llvm.store %{{.*}}, %{{.*}} : f16, !llvm.ptr<3>
  // CHECK: nvvm.barrier0
  // CHECK-COUNT-2: llvm.load %{{.*}} : !llvm.ptr<3> -> f16
  %old = tile.atomic_rmw fadd, relaxed, cta, %pp, %v : tensor<32x!tile.ptr<f16>, #b>, f16
  %os = tile.splat %o : tensor<32x!tile.ptr<f16>, #b>
  %op = tile.addptr %os, %r : tensor<32x!tile.ptr<f16>, #b>, tensor<32xi32, #b>
  tile.store %op, %old : tensor<32x!tile.ptr<f16>, #b>
  tile.return
}
}

// The GPU test kernels through the whole pipeline: @fpack adds packed pairs
// (f16 everywhere, bf16 from sm_90); the gathers of @frmw stay scalar.
// F16-LABEL: .entry frmw(
// F16-NOT: add.noftz.f16x2
// F16: atom.global.add.noftz.f16
// F16-LABEL: .entry fpack(
// F16: atom.relaxed.gpu.global.add.noftz.f16x2
// F16-LABEL: .entry fbcast(
// BF16-80-NOT: bf16x2
// BF16-90-LABEL: .entry fpack(
// BF16-90: atom.relaxed.gpu.global.add.noftz.bf16x2
// F32-LABEL: .entry fpack(
// F32-NOT: x2
// F32: atom.global.add.f32
// F32-LABEL: .entry lock(
// F32: bar.sync 0
// F32-NEXT: ld.shared.b32
// F32: atom.acquire.gpu.global.cas.b32
// F32-NEXT: st.shared.b32
// F32: fence.acq_rel.gpu;
// F32-NEXT: atom.global.exch.b32
