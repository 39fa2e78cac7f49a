// RUN: tessera-opt %s -split-input-file --tgpu-coalesce | FileCheck %s
// RUN: tessera-opt %s -split-input-file --tgpu-coalesce --tgpu-remat-layouts --canonicalize | FileCheck %s --check-prefix=REMAT

// One f32 per thread where 16-byte vectors are possible: the load gets four
// consecutive elements per thread; its operand and result are converted, and
// tgpu-remat-layouts then rebuilds the address computation in the new layout
// and carries the new layout on to the store.

#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK: #[[W:blocked[0-9]*]] = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: tile.func @scalar_per_thread
// CHECK: %[[P:.*]] = tgpu.convert_layout %{{.*}} : tensor<1024x!tile.ptr<f32>, #{{.*}}> -> tensor<1024x!tile.ptr<f32>, #[[W]]>
// CHECK: %[[L:.*]] = load %[[P]] : tensor<1024x!tile.ptr<f32>, #[[W]]>
// CHECK: tgpu.convert_layout %[[L]] : tensor<1024xf32, #[[W]]> -> tensor<1024xf32
// CHECK: store {{.*}} : tensor<1024x!tile.ptr<f32>, #[[W]]>
// REMAT-LABEL: tile.func @scalar_per_thread
// REMAT-NOT: convert_layout
// REMAT: load %{{.*}} : tensor<1024x!tile.ptr<f32>, #[[W:blocked[0-9]*]]>
// REMAT: store %{{.*}} : tensor<1024x!tile.ptr<f32>, #[[W]]>
tile.func @scalar_per_thread(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                             %y: !tile.ptr<f32> {tile.divisibility = 16 : i32})
    attributes {tile.kernel, tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 1024 : i32} : tensor<1024xi32, #v>
  %b = tile.splat %x : tensor<1024x!tile.ptr<f32>, #v>
  %a = tile.addptr %b, %r : tensor<1024x!tile.ptr<f32>, #v>, tensor<1024xi32, #v>
  %l = tile.load %a : tensor<1024x!tile.ptr<f32>, #v>
  %m = arith.mulf %l, %l : tensor<1024xf32, #v>
  %c = tile.splat %y : tensor<1024x!tile.ptr<f32>, #v>
  %d = tile.addptr %c, %r : tensor<1024x!tile.ptr<f32>, #v>, tensor<1024xi32, #v>
  tile.store %d, %m : tensor<1024x!tile.ptr<f32>, #v>
  tile.return
}
}

// -----

// Addresses contiguous down the columns (offset = row + 64 * col): lanes
// walked the rows' neighbours 64 elements apart; now each thread reads four
// consecutive rows of one column and lanes continue down the column.

#t = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [1, 0]}>
#r = #tgpu.slice<{dim = 1, parent = #t}>
#c = #tgpu.slice<{dim = 0, parent = #t}>
module attributes {tgpu.target = "sm_80"} {
// CHECK: #[[COL:blocked[0-9]*]] = #tgpu.blocked<{sizePerThread = [4, 1], threadsPerWarp = [16, 2], warpsPerCTA = [1, 4], order = [0, 1]}>
// CHECK-LABEL: tile.func @column_major
// CHECK: load %{{.*}} : tensor<64x64x!tile.ptr<f32>, #[[COL]]>
// CHECK: store %{{.*}} : tensor<64x64x!tile.ptr<f32>, #[[COL]]>
// REMAT-LABEL: tile.func @column_major
// REMAT-NOT: convert_layout
// REMAT: return
tile.func @column_major(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32})
    attributes {tile.kernel, tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %rows = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32, #r>
  %cols = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32, #c>
  %r2 = tile.expand_dims %rows {axis = 1 : i32} : tensor<64xi32, #r> -> tensor<64x1xi32, #t>
  %c2 = tile.expand_dims %cols {axis = 0 : i32} : tensor<64xi32, #c> -> tensor<1x64xi32, #t>
  %rb = tile.broadcast %r2 : tensor<64x1xi32, #t> -> tensor<64x64xi32, #t>
  %cb = tile.broadcast %c2 : tensor<1x64xi32, #t> -> tensor<64x64xi32, #t>
  %s = arith.constant dense<64> : tensor<64x64xi32, #t>
  %cs = arith.muli %cb, %s : tensor<64x64xi32, #t>
  %off = arith.addi %rb, %cs : tensor<64x64xi32, #t>
  %b = tile.splat %x : tensor<64x64x!tile.ptr<f32>, #t>
  %a = tile.addptr %b, %off : tensor<64x64x!tile.ptr<f32>, #t>, tensor<64x64xi32, #t>
  %l = tile.load %a : tensor<64x64x!tile.ptr<f32>, #t>
  %n = arith.negf %l : tensor<64x64xf32, #t>
  tile.store %a, %n : tensor<64x64x!tile.ptr<f32>, #t>
  tile.return
}
}

// -----

// Left alone: an access that already reads 16-byte vectors; a tile smaller
// than a vector per thread; an atomic whose layout holds each element in
// several lanes on purpose; addresses that only a block argument knows; a
// store of a value that would need a lasting conversion (a block argument).

#w = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#b2 = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [4, 8], warpsPerCTA = [2, 2], order = [1, 0]}>
#s = #tgpu.slice<{dim = 1, parent = #b2}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func @left_alone
// CHECK-NOT: convert_layout
// CHECK: return
tile.func @left_alone(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                      %ctr: !tile.ptr<i32> {tile.divisibility = 16 : i32},
                      %ptrs: tensor<1024x!tile.ptr<f32>, #v>,
                      %vals: tensor<1024xf32, #v>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 1024 : i32} : tensor<1024xi32, #w>
  %b = tile.splat %x : tensor<1024x!tile.ptr<f32>, #w>
  %a = tile.addptr %b, %r : tensor<1024x!tile.ptr<f32>, #w>, tensor<1024xi32, #w>
  %l = tile.load %a : tensor<1024x!tile.ptr<f32>, #w>
  tile.store %a, %l : tensor<1024x!tile.ptr<f32>, #w>
  %r64 = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32, #v>
  %b64 = tile.splat %x : tensor<64x!tile.ptr<f32>, #v>
  %a64 = tile.addptr %b64, %r64 : tensor<64x!tile.ptr<f32>, #v>, tensor<64xi32, #v>
  %l64 = tile.load %a64 : tensor<64x!tile.ptr<f32>, #v>
  tile.store %a64, %l64 : tensor<64x!tile.ptr<f32>, #v>
  %r16 = tile.make_range {start = 0 : i32, end = 16 : i32} : tensor<16xi32, #s>
  %b16 = tile.splat %ctr : tensor<16x!tile.ptr<i32>, #s>
  %a16 = tile.addptr %b16, %r16 : tensor<16x!tile.ptr<i32>, #s>, tensor<16xi32, #s>
  %one = arith.constant 1 : i32
  %old = tile.atomic_rmw add, acq_rel, gpu, %a16, %one : tensor<16x!tile.ptr<i32>, #s>, i32
  %la = tile.load %ptrs : tensor<1024x!tile.ptr<f32>, #v>
  tile.store %ptrs, %la : tensor<1024x!tile.ptr<f32>, #v>
  %rv = tile.make_range {start = 0 : i32, end = 1024 : i32} : tensor<1024xi32, #v>
  %bv = tile.splat %x : tensor<1024x!tile.ptr<f32>, #v>
  %av = tile.addptr %bv, %rv : tensor<1024x!tile.ptr<f32>, #v>, tensor<1024xi32, #v>
  tile.store %av, %vals : tensor<1024x!tile.ptr<f32>, #v>
  tile.return
}
}
