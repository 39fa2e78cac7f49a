// RUN: tessera-opt %s -split-input-file --convert-tgpu-to-llvm | FileCheck %s

// 16-byte aligned, contiguous pointers (the axis analysis proves it from the
// divisibility hints) become one vector access per 4 f32; a mask constant
// over 16 elements guards each vector with one branch; masked-off lanes get
// `other`.

#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func @copy
tile.func @copy(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                %y: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                %n: i32 {tile.divisibility = 16 : i32})
    attributes {tile.kernel, tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32, #b>
  %ns = tile.splat %n : tensor<128xi32, #b>
  %m = arith.cmpi slt, %r, %ns : tensor<128xi32, #b>
  %xs = tile.splat %x : tensor<128x!tile.ptr<f32>, #b>
  %xp = tile.addptr %xs, %r : tensor<128x!tile.ptr<f32>, #b>, tensor<128xi32, #b>
  %ys = tile.splat %y : tensor<128x!tile.ptr<f32>, #b>
  %yp = tile.addptr %ys, %r : tensor<128x!tile.ptr<f32>, #b>, tensor<128xi32, #b>
  %other = arith.constant dense<1.0> : tensor<128xf32, #b>
  // CHECK: llvm.cond_br %{{.*}}, ^[[LOAD:.*]], ^[[JOIN:.*]](%{{.*}} : vector<4xf32>)
  // CHECK: ^[[LOAD]]:
  // CHECK-NEXT: %[[V:.*]] = llvm.load %{{.*}} {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xf32>
  // CHECK-NEXT: llvm.br ^[[JOIN]](%[[V]] : vector<4xf32>)
  %v = tile.load %xp, %m, %other : tensor<128x!tile.ptr<f32>, #b>
  // CHECK: llvm.store %{{.*}}, %{{.*}} {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<1>
  tile.store %yp, %v, %m : tensor<128x!tile.ptr<f32>, #b>
  tile.return
}
}

// -----

// Without alignment facts the accesses stay scalar; without a mask they are
// not guarded.

#b = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func @unaligned
tile.func @unaligned(%x: !tile.ptr<f32>, %y: !tile.ptr<f32>)
    attributes {tile.kernel, tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32, #b>
  %xs = tile.splat %x : tensor<128x!tile.ptr<f32>, #b>
  %xp = tile.addptr %xs, %r : tensor<128x!tile.ptr<f32>, #b>, tensor<128xi32, #b>
  // CHECK-NOT: llvm.cond_br
  // CHECK-COUNT-4: llvm.load %{{.*}} {alignment = 4 : i64} : !llvm.ptr<1> -> f32
  %v = tile.load %xp : tensor<128x!tile.ptr<f32>, #b>
  %ys = tile.splat %y : tensor<128x!tile.ptr<f32>, #b>
  %yp = tile.addptr %ys, %r : tensor<128x!tile.ptr<f32>, #b>, tensor<128xi32, #b>
  // CHECK-COUNT-4: llvm.store %{{.*}} {alignment = 4 : i64} : f32, !llvm.ptr<1>
  tile.store %yp, %v : tensor<128x!tile.ptr<f32>, #b>
  tile.return
}
}

// -----

// A tile smaller than the CTA is held by several threads: only the owner of
// each element stores it (lane bit 4 is a broadcast copy here), and a
// scalar is stored by thread 0 alone. Single elements are one predicated
// instruction each, not a branch.

#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func @owners
tile.func @owners(%y: !tile.ptr<i32>, %s: i32)
    attributes {tile.kernel, tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 16 : i32} : tensor<16xi32, #b>
  %ys = tile.splat %y : tensor<16x!tile.ptr<i32>, #b>
  %yp = tile.addptr %ys, %r : tensor<16x!tile.ptr<i32>, #b>, tensor<16xi32, #b>
  // CHECK: %[[FREEMASK:.*]] = llvm.mlir.constant(16 : i32) : i32
  // CHECK-NEXT: %[[FREE:.*]] = llvm.and %{{.*}}, %[[FREEMASK]] : i32
  // CHECK: %[[OWNER:.*]] = llvm.icmp "eq" %[[FREE]], %{{.*}} : i32
  // CHECK-NOT: llvm.cond_br
  // CHECK: llvm.inline_asm has_side_effects asm_dialect = att "@$1 st.global.b32 [ $0 + 0 ], $2;", "l,b,r" %{{.*}}, %[[OWNER]], %{{.*}}
  tile.store %yp, %r : tensor<16x!tile.ptr<i32>, #b>
  // CHECK: %[[TID:.*]] = nvvm.read.ptx.sreg.tid.x
  // CHECK: %[[FIRST:.*]] = llvm.icmp "eq" %[[TID]], %{{.*}} : i32
  // CHECK-NOT: llvm.cond_br
  // CHECK: llvm.inline_asm has_side_effects asm_dialect = att "@$1 st.global.b32 [ $0 + 0 ], $2;", "l,b,r" %{{.*}}, %[[FIRST]], %{{.*}}
  tile.store %y, %s : !tile.ptr<i32>
  tile.return
}
}

// -----

// Masked single elements (a row of unknown length, one element per thread):
// each load is `other` moved into the register, then one predicated load;
// each store one predicated store. No branches, so no per-element blocks.

#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func @ragged
tile.func @ragged(%x: !tile.ptr<f32>, %y: !tile.ptr<f32>, %n: i32)
    attributes {tile.kernel, tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32, #b>
  %ns = tile.splat %n : tensor<64xi32, #b>
  %m = arith.cmpi slt, %r, %ns : tensor<64xi32, #b>
  %xs = tile.splat %x : tensor<64x!tile.ptr<f32>, #b>
  %xp = tile.addptr %xs, %r : tensor<64x!tile.ptr<f32>, #b>, tensor<64xi32, #b>
  %other = arith.constant dense<-1.0> : tensor<64xf32, #b>
  // CHECK-NOT: llvm.cond_br
  // CHECK-COUNT-2: "mov.b32 $0, $3;{{.*}}@$2 ld.global.b32 $0, [ $1 + 0 ];", "=r,l,b,r"
  %v = tile.load %xp, %m, %other : tensor<64x!tile.ptr<f32>, #b>
  %ys = tile.splat %y : tensor<64x!tile.ptr<f32>, #b>
  %yp = tile.addptr %ys, %r : tensor<64x!tile.ptr<f32>, #b>, tensor<64xi32, #b>
  // CHECK-COUNT-2: "@$1 st.global.b32 [ $0 + 0 ], $2;", "l,b,r"
  tile.store %yp, %v, %m : tensor<64x!tile.ptr<f32>, #b>
  // CHECK-NOT: llvm.cond_br
  // CHECK: llvm.return
  tile.return
}
}

// -----

// Cache operators and eviction priorities are PTX qualifiers of the access
// that no NVVM op carries: hinted accesses are one inline PTX instruction,
// predicated by the mask when there is one.

#b = #tgpu.blocked<{sizePerThread = [8], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func @hints
tile.func @hints(%x: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                 %y: !tile.ptr<bf16> {tile.divisibility = 16 : i32})
    attributes {tile.kernel, tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 256 : i32} : tensor<256xi32, #b>
  %xs = tile.splat %x : tensor<256x!tile.ptr<bf16>, #b>
  %xp = tile.addptr %xs, %r : tensor<256x!tile.ptr<bf16>, #b>, tensor<256xi32, #b>
  // CHECK: "ld.global.L1::evict_first.v4.b32 { $0, $1, $2, $3 }, [ $4 + 0 ];", "=r,=r,=r,=r,l"
  %v = tile.load %xp evict = evict_first : tensor<256x!tile.ptr<bf16>, #b>
  // CHECK: "ld.global.cg.v4.b32
  %w = tile.load %xp cache = cg : tensor<256x!tile.ptr<bf16>, #b>
  %ys = tile.splat %y : tensor<256x!tile.ptr<bf16>, #b>
  %yp = tile.addptr %ys, %r : tensor<256x!tile.ptr<bf16>, #b>, tensor<256xi32, #b>
  // CHECK: "st.global.cs.v4.b32 [ $0 + 0 ], { $1, $2, $3, $4 };", "l,r,r,r,r"
  tile.store %yp, %v cache = cs : tensor<256x!tile.ptr<bf16>, #b>
  // A mask the analysis knows nothing about: one 16-bit access per element,
  // each predicated.
  %mask = arith.cmpi ult, %r, %r : tensor<256xi32, #b>
  // CHECK-COUNT-8: "mov.b16 $0, $3;{{.*}}@$2 ld.global.L1::evict_last.b16 $0, [ $1 + 0 ];", "=h,l,b,h"
  %u = tile.load %xp, %mask evict = evict_last : tensor<256x!tile.ptr<bf16>, #b>
  // CHECK-COUNT-8: "@$1 st.global.wt.b16 [ $0 + 0 ], $2;", "l,b,h"
  tile.store %yp, %u, %mask cache = wt : tensor<256x!tile.ptr<bf16>, #b>
  tile.store %yp, %w : tensor<256x!tile.ptr<bf16>, #b>
  tile.return
}
}
