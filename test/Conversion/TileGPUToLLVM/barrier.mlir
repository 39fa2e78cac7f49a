// RUN: tessera-opt %s -split-input-file --convert-tgpu-to-llvm | FileCheck %s

// tile.barrier is bar.sync 0 (nvvm.barrier0), where it stands: between the
// accesses it orders, and inside the (uniform) branch that holds it.

// CHECK-LABEL: llvm.func internal @barrier_between_store_and_load(
// CHECK: st.global.b32
// CHECK-NEXT: nvvm.barrier0
// CHECK-NEXT: llvm.load
tile.func @barrier_between_store_and_load(%p: !tile.ptr<i32>, %v: i32) -> i32 attributes {tgpu.num_warps = 4 : i32} {
  tile.store %p, %v : !tile.ptr<i32>
  tile.barrier
  %r = tile.load %p : !tile.ptr<i32>
  tile.return %r : i32
}

// -----

// CHECK-LABEL: llvm.func internal @barrier_under_uniform_branch(
// CHECK: llvm.cond_br %{{.*}}, ^[[SYNC:bb[0-9]+]], ^[[DONE:bb[0-9]+]]
// CHECK-NEXT: ^[[SYNC]]:
// CHECK-NEXT: nvvm.barrier0
// CHECK-NEXT: llvm.br ^[[DONE]]
// CHECK-NEXT: ^[[DONE]]:
// CHECK-NEXT: llvm.return
tile.func @barrier_under_uniform_branch(%n: i32) attributes {tgpu.num_warps = 4 : i32} {
  %c0 = arith.constant 0 : i32
  %go = arith.cmpi ne, %n, %c0 : i32
  cf.cond_br %go, ^sync, ^done
^sync:
  tile.barrier
  cf.br ^done
^done:
  tile.return
}
