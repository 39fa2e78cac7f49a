// RUN: tessera-opt %s -split-input-file --convert-tgpu-to-llvm | FileCheck %s

// A tensor carried around a loop (two registers a thread here) becomes one
// block argument per register, passed by every edge, never a struct
// argument: LLVM's SCCP handles struct phis field by field, quadratically.

#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func @carried
// CHECK: llvm.br ^[[LOOP:bb[0-9]+]](%{{.*}}, %{{.*}}, %{{.*}} : i32, i32, i32)
// CHECK: ^[[LOOP]](%{{.*}}: i32, %{{.*}}: i32, %{{.*}}: i32):
// CHECK: llvm.cond_br %{{.*}}, ^[[BODY:bb[0-9]+]], ^[[EXIT:bb[0-9]+]](%{{.*}}, %{{.*}} : i32, i32)
// CHECK: ^[[BODY]]:
// CHECK: llvm.br ^[[LOOP]](%{{.*}}, %{{.*}}, %{{.*}} : i32, i32, i32)
// CHECK: ^[[EXIT]](%{{.*}}: i32, %{{.*}}: i32):
// CHECK-NOT: !llvm.struct<(i32, i32)>)
// CHECK: llvm.return
tile.func @carried(%y: !tile.ptr<i32> {tile.divisibility = 16 : i32}, %n: i32)
    attributes {tile.kernel, tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32, #b>
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  cf.br ^loop(%c0, %r : i32, tensor<64xi32, #b>)
^loop(%i: i32, %acc: tensor<64xi32, #b>):
  %more = arith.cmpi slt, %i, %n : i32
  cf.cond_br %more, ^body, ^exit(%acc : tensor<64xi32, #b>)
^body:
  %next = arith.addi %acc, %r : tensor<64xi32, #b>
  %i1 = arith.addi %i, %c1 : i32
  cf.br ^loop(%i1, %next : i32, tensor<64xi32, #b>)
^exit(%out: tensor<64xi32, #b>):
  %ys = tile.splat %y : tensor<64x!tile.ptr<i32>, #b>
  %yp = tile.addptr %ys, %r : tensor<64x!tile.ptr<i32>, #b>, tensor<64xi32, #b>
  tile.store %yp, %out : tensor<64x!tile.ptr<i32>, #b>
  tile.return
}
}

// -----

// Both successors of one branch are the same block: each edge passes its own
// fields.

#b = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: llvm.func @two_edges
// CHECK: llvm.cond_br %{{.*}}, ^[[JOIN:bb[0-9]+]](%{{.*}}, %{{.*}} : i32, i32), ^[[JOIN]](%{{.*}}, %{{.*}} : i32, i32)
// CHECK: ^[[JOIN]](%{{.*}}: i32, %{{.*}}: i32):
tile.func @two_edges(%y: !tile.ptr<i32> {tile.divisibility = 16 : i32}, %c: i1)
    attributes {tile.kernel, tgpu.num_warps = 1 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32, #b>
  %s = arith.addi %r, %r : tensor<64xi32, #b>
  cf.cond_br %c, ^join(%r : tensor<64xi32, #b>), ^join(%s : tensor<64xi32, #b>)
^join(%v: tensor<64xi32, #b>):
  %ys = tile.splat %y : tensor<64x!tile.ptr<i32>, #b>
  %yp = tile.addptr %ys, %r : tensor<64x!tile.ptr<i32>, #b>, tensor<64xi32, #b>
  tile.store %yp, %v : tensor<64x!tile.ptr<i32>, #b>
  tile.return
}
}
