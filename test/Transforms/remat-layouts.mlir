// RUN: tessera-opt %s -split-input-file --tgpu-remat-layouts=remarks=true -verify-diagnostics | FileCheck %s

// Constants, ranges and splats are rebuilt in the target layout for free.

#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#w = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @free_producers
// CHECK-NOT: convert_layout
// CHECK-DAG: arith.constant dense<1.000000e+00> : tensor<512xf32, #[[W:blocked[0-9]*]]>
// CHECK-DAG: make_range {{.*}} : tensor<512xi32, #[[W]]>
// CHECK-DAG: splat %{{.*}} : tensor<512xf32, #[[W]]>
tile.func private @free_producers(%s: f32) -> (tensor<512xf32, #w>, tensor<512xi32, #w>, tensor<512xf32, #w>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %c = arith.constant dense<1.0> : tensor<512xf32, #v>
  // expected-remark @+1 {{layout conversion rematerialized: 1 ops rebuilt in the target layout, cost 0 vs conversion cost 48}}
  %cc = tgpu.convert_layout %c : tensor<512xf32, #v> -> tensor<512xf32, #w>
  %r = tile.make_range {start = 0 : i32, end = 512 : i32} : tensor<512xi32, #v>
  // expected-remark @+1 {{layout conversion rematerialized: 1 ops rebuilt in the target layout, cost 0 vs conversion cost 48}}
  %rc = tgpu.convert_layout %r : tensor<512xi32, #v> -> tensor<512xi32, #w>
  %sp = tile.splat %s : tensor<512xf32, #v>
  // expected-remark @+1 {{layout conversion rematerialized: 1 ops rebuilt in the target layout, cost 0 vs conversion cost 48}}
  %sc = tgpu.convert_layout %sp : tensor<512xf32, #v> -> tensor<512xf32, #w>
  tile.return %cc, %rc, %sc : tensor<512xf32, #w>, tensor<512xi32, #w>, tensor<512xf32, #w>
}
}

// -----

// A load of fewer elements than threads is cheap: loaded again in the
// layout the user wants, even though its first copy stays. A load of at
// least one element per thread is an anchor: the conversion stays.

#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#x = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#w = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @cheap_load
// CHECK-COUNT-2: load
// CHECK-NOT: convert_layout
tile.func private @cheap_load(%p: !tile.ptr<f32>) -> (tensor<64xf32, #v>, tensor<64xf32, #x>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32, #v>
  %b = tile.splat %p : tensor<64x!tile.ptr<f32>, #v>
  %a = tile.addptr %b, %r : tensor<64x!tile.ptr<f32>, #v>, tensor<64xi32, #v>
  %l = tile.load %a : tensor<64x!tile.ptr<f32>, #v>
  // expected-remark @+1 {{layout conversion rematerialized: 4 ops rebuilt in the target layout, cost 36 vs conversion cost 38}}
  %c = tgpu.convert_layout %l : tensor<64xf32, #v> -> tensor<64xf32, #x>
  tile.return %l, %c : tensor<64xf32, #v>, tensor<64xf32, #x>
}

// CHECK-LABEL: tile.func private @expensive_load
// CHECK-COUNT-1: load
// CHECK: convert_layout
tile.func private @expensive_load(%p: !tile.ptr<f32>) -> (tensor<512xf32, #v>, tensor<512xf32, #w>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 512 : i32} : tensor<512xi32, #v>
  %b = tile.splat %p : tensor<512x!tile.ptr<f32>, #v>
  %a = tile.addptr %b, %r : tensor<512x!tile.ptr<f32>, #v>, tensor<512xi32, #v>
  %l = tile.load %a : tensor<512x!tile.ptr<f32>, #v>
  // expected-remark @+2 {{layout conversion moved by forward propagation to the users that need its layout}}
  // expected-remark @+1 {{layout conversion kept: its slice reaches an anchor (a load of at least one element per thread) ('tile.load')}}
  %c = tgpu.convert_layout %l : tensor<512xf32, #v> -> tensor<512xf32, #w>
  tile.return %l, %c : tensor<512xf32, #v>, tensor<512xf32, #w>
}
}

// -----

// Hoisting: converting the bf16 tile before extf moves half the bytes; the
// 1x128 tile before broadcast to 16x128 a sixteenth of the registers. A
// truncation is never crossed (the wider tile would move).

#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#w = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#p = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>
#q = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [1, 0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @hoist_ext
// CHECK: %[[C:.*]] = tgpu.convert_layout %{{.*}} : tensor<512xbf16, #[[V:blocked[0-9]*]]> -> tensor<512xbf16, #[[W:blocked[0-9]*]]>
// CHECK: arith.extf %[[C]] : tensor<512xbf16, #[[W]]> to tensor<512xf32, #[[W]]>
tile.func private @hoist_ext(%x: tensor<512xbf16, #v>) -> tensor<512xf32, #w>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %e = arith.extf %x : tensor<512xbf16, #v> to tensor<512xf32, #v>
  // expected-remark @+2 {{layout conversion hoisted above 'arith.extf': conversion cost 48 -> 40}}
  // expected-remark @+1 {{layout conversion kept: its slice reaches a block argument}}
  %c = tgpu.convert_layout %e : tensor<512xf32, #v> -> tensor<512xf32, #w>
  tile.return %c : tensor<512xf32, #w>
}

// CHECK-LABEL: tile.func private @hoist_broadcast
// CHECK: %[[C:.*]] = tgpu.convert_layout %{{.*}} : tensor<1x128xf32, #{{.*}}> -> tensor<1x128xf32, #[[Q:blocked[0-9]*]]>
// CHECK: broadcast %[[C]] : tensor<1x128xf32, #[[Q]]> -> tensor<16x128xf32, #[[Q]]>
tile.func private @hoist_broadcast(%x: tensor<1x128xf32, #p>) -> tensor<16x128xf32, #q>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %b = tile.broadcast %x : tensor<1x128xf32, #p> -> tensor<16x128xf32, #p>
  // expected-remark @+2 {{layout conversion hoisted above 'tile.broadcast'}}
  // expected-remark @+1 {{layout conversion kept: its slice reaches a block argument}}
  %c = tgpu.convert_layout %b : tensor<16x128xf32, #p> -> tensor<16x128xf32, #q>
  tile.return %c : tensor<16x128xf32, #q>
}

// CHECK-LABEL: tile.func private @no_hoist_trunc
// CHECK: arith.truncf
// CHECK-NEXT: tgpu.convert_layout %{{.*}} : tensor<512xbf16
tile.func private @no_hoist_trunc(%x: tensor<512xf32, #v>) -> tensor<512xbf16, #w>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %t = arith.truncf %x : tensor<512xf32, #v> to tensor<512xbf16, #v>
  // expected-remark @+1 {{layout conversion kept: its slice reaches a block argument}}
  %c = tgpu.convert_layout %t : tensor<512xbf16, #v> -> tensor<512xbf16, #w>
  tile.return %c : tensor<512xbf16, #w>
}
}

// -----

// Control flow. The loaded tile's layout (#v) flows through both branches of
// an scf.if, through a loop-carried value of scf.for and of scf.while: the
// conversions in the branches and in the loop bodies vanish, and the
// initial values (constants) are built in #v.

#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#w = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @if_branches
// CHECK-NOT: convert_layout
// CHECK: scf.if
// CHECK-NOT: convert_layout
// CHECK: store
tile.func private @if_branches(%p: !tile.ptr<f32>, %cond: i1)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 512 : i32} : tensor<512xi32, #v>
  %b = tile.splat %p : tensor<512x!tile.ptr<f32>, #v>
  %a = tile.addptr %b, %r : tensor<512x!tile.ptr<f32>, #v>, tensor<512xi32, #v>
  %x = tile.load %a : tensor<512x!tile.ptr<f32>, #v>
  %y = scf.if %cond -> tensor<512xf32, #w> {
    %s = arith.addf %x, %x : tensor<512xf32, #v>
    // expected-remark @+1 {{layout conversion removed by forward propagation}}
    %sc = tgpu.convert_layout %s : tensor<512xf32, #v> -> tensor<512xf32, #w>
    scf.yield %sc : tensor<512xf32, #w>
  } else {
    %m = arith.mulf %x, %x : tensor<512xf32, #v>
    // expected-remark @+1 {{layout conversion removed by forward propagation}}
    %mc = tgpu.convert_layout %m : tensor<512xf32, #v> -> tensor<512xf32, #w>
    scf.yield %mc : tensor<512xf32, #w>
  }
  // expected-remark @+1 {{layout conversion removed by forward propagation}}
  %yc = tgpu.convert_layout %y : tensor<512xf32, #w> -> tensor<512xf32, #v>
  tile.store %a, %yc : tensor<512x!tile.ptr<f32>, #v>
  tile.return
}

// CHECK-LABEL: tile.func private @for_carried
// CHECK: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<512xf32, #[[V:blocked[0-9]*]]>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[Z]]) -> (tensor<512xf32, #[[V]]>)
// CHECK-NOT: convert_layout
// CHECK: scf.yield
// CHECK-NOT: convert_layout
// CHECK: store
tile.func private @for_carried(%p: !tile.ptr<f32>, %n: i32)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 512 : i32} : tensor<512xi32, #v>
  %b = tile.splat %p : tensor<512x!tile.ptr<f32>, #v>
  %a = tile.addptr %b, %r : tensor<512x!tile.ptr<f32>, #v>, tensor<512xi32, #v>
  %zero = arith.constant dense<0.0> : tensor<512xf32, #w>
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  // expected-remark @+1 {{layout conversion rematerialized: 1 ops rebuilt in the target layout, cost 0 vs conversion cost 48}}
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (tensor<512xf32, #w>) : i32 {
    %x = tile.load %a : tensor<512x!tile.ptr<f32>, #v>
    // expected-remark @+1 {{layout conversion removed by forward propagation}}
    %xc = tgpu.convert_layout %x : tensor<512xf32, #v> -> tensor<512xf32, #w>
    %s = arith.addf %acc, %xc : tensor<512xf32, #w>
    scf.yield %s : tensor<512xf32, #w>
  }
  // expected-remark @+1 {{layout conversion removed by forward propagation}}
  %sc = tgpu.convert_layout %sum : tensor<512xf32, #w> -> tensor<512xf32, #v>
  tile.store %a, %sc : tensor<512x!tile.ptr<f32>, #v>
  tile.return
}

// CHECK-LABEL: tile.func private @while_carried
// CHECK: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<512xf32, #[[V:blocked[0-9]*]]>
// CHECK: scf.while (%{{.*}} = %[[Z]], %{{.*}} = %{{.*}}) : (tensor<512xf32, #[[V]]>, i32) -> (tensor<512xf32, #[[V]]>, i32)
// CHECK-NOT: convert_layout
// CHECK: store
tile.func private @while_carried(%p: !tile.ptr<f32>, %n: i32)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 512 : i32} : tensor<512xi32, #v>
  %b = tile.splat %p : tensor<512x!tile.ptr<f32>, #v>
  %a = tile.addptr %b, %r : tensor<512x!tile.ptr<f32>, #v>, tensor<512xi32, #v>
  %zero = arith.constant dense<0.0> : tensor<512xf32, #w>
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  // expected-remark @+1 {{layout conversion rematerialized: 1 ops rebuilt in the target layout, cost 0 vs conversion cost 48}}
  %res:2 = scf.while (%acc = %zero, %k = %c0) : (tensor<512xf32, #w>, i32) -> (tensor<512xf32, #w>, i32) {
    %go = arith.cmpi slt, %k, %n : i32
    scf.condition(%go) %acc, %k : tensor<512xf32, #w>, i32
  } do {
  ^bb0(%acc2: tensor<512xf32, #w>, %k2: i32):
    %x = tile.load %a : tensor<512x!tile.ptr<f32>, #v>
    // expected-remark @+1 {{layout conversion removed by forward propagation}}
    %xc = tgpu.convert_layout %x : tensor<512xf32, #v> -> tensor<512xf32, #w>
    %s = arith.addf %acc2, %xc : tensor<512xf32, #w>
    %k3 = arith.addi %k2, %c1 : i32
    scf.yield %s, %k3 : tensor<512xf32, #w>, i32
  }
  // expected-remark @+1 {{layout conversion removed by forward propagation}}
  %sc = tgpu.convert_layout %res#0 : tensor<512xf32, #w> -> tensor<512xf32, #v>
  tile.store %a, %sc : tensor<512x!tile.ptr<f32>, #v>
  tile.return
}
}

// -----

// Reuse: a value rebuilt for one conversion serves the next one when it
// dominates it (the copy sits next to the original, outside both branches).
// Values defined inside sibling branches get copies in their own branch.

#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#x = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @reuse
// CHECK-COUNT-2: load
// CHECK-NOT: load
// CHECK: scf.if
// CHECK-NOT: load
tile.func private @reuse(%p: !tile.ptr<f32>, %cond: i1) -> (tensor<64xf32, #v>, tensor<64xf32, #x>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32, #v>
  %b = tile.splat %p : tensor<64x!tile.ptr<f32>, #v>
  %a = tile.addptr %b, %r : tensor<64x!tile.ptr<f32>, #v>, tensor<64xi32, #v>
  %l = tile.load %a : tensor<64x!tile.ptr<f32>, #v>
  %y = scf.if %cond -> tensor<64xf32, #x> {
    // expected-remark @+1 {{layout conversion rematerialized: 4 ops rebuilt in the target layout, cost 36 vs conversion cost 38}}
    %c = tgpu.convert_layout %l : tensor<64xf32, #v> -> tensor<64xf32, #x>
    scf.yield %c : tensor<64xf32, #x>
  } else {
    // expected-remark @+1 {{layout conversion rematerialized: 0 ops rebuilt in the target layout, cost 0 vs conversion cost 38}}
    %c = tgpu.convert_layout %l : tensor<64xf32, #v> -> tensor<64xf32, #x>
    %e = arith.addf %c, %c : tensor<64xf32, #x>
    scf.yield %e : tensor<64xf32, #x>
  }
  tile.return %l, %y : tensor<64xf32, #v>, tensor<64xf32, #x>
}

// CHECK-LABEL: tile.func private @siblings
// CHECK: scf.if
// CHECK: load %{{.*}} : tensor<64x!tile.ptr<f32>, #[[X:blocked[0-9]*]]>
// CHECK: } else {
// CHECK: load %{{.*}} : tensor<64x!tile.ptr<f32>, #[[X]]>
// CHECK-NOT: convert_layout
tile.func private @siblings(%p: !tile.ptr<f32>, %cond: i1) -> tensor<64xf32, #x>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 64 : i32} : tensor<64xi32, #v>
  %b = tile.splat %p : tensor<64x!tile.ptr<f32>, #v>
  %a = tile.addptr %b, %r : tensor<64x!tile.ptr<f32>, #v>, tensor<64xi32, #v>
  %y = scf.if %cond -> tensor<64xf32, #x> {
    %l = tile.load %a : tensor<64x!tile.ptr<f32>, #v>
    // expected-remark @+1 {{layout conversion rematerialized}}
    %c = tgpu.convert_layout %l : tensor<64xf32, #v> -> tensor<64xf32, #x>
    scf.yield %c : tensor<64xf32, #x>
  } else {
    %l = tile.load %a : tensor<64x!tile.ptr<f32>, #v>
    // expected-remark @+1 {{layout conversion rematerialized}}
    %c = tgpu.convert_layout %l : tensor<64xf32, #v> -> tensor<64xf32, #x>
    scf.yield %c : tensor<64xf32, #x>
  }
  tile.return %y : tensor<64xf32, #x>
}
}

// -----

// Numerics. A float-add reduction used in two layouts is computed once and
// converted: a copy in another layout would add in another order and differ
// in the last bits. Integer add and exact max (maximumf orders -0 below +0)
// give the same bits in any order, so the cheap copy is made.

#t = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#u = #tgpu.blocked<{sizePerThread = [1, 2], threadsPerWarp = [2, 16], warpsPerCTA = [4, 1], order = [1, 0]}>
#r = #tgpu.slice<{dim = 1, parent = #t}>
#s = #tgpu.slice<{dim = 1, parent = #u}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @fadd_two_layouts
// CHECK-COUNT-1: = reduce
// CHECK-NOT: = reduce
// CHECK: tgpu.convert_layout
tile.func private @fadd_two_layouts(%f: f32) -> (tensor<16xf32, #r>, tensor<16xf32, #s>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %x = tile.splat %f : tensor<16x64xf32, #t>
  %sum = tile.reduce %x axis = 1 : (tensor<16x64xf32, #t>) -> tensor<16xf32, #r> {
  ^bb0(%a: f32, %b: f32):
    %m = arith.addf %a, %b : f32
    tile.reduce.return %m : f32
  }
  // expected-remark @+1 {{layout conversion kept: rematerializing would compute the non-associative 'tile.reduce' a second time, in another order}}
  %c = tgpu.convert_layout %sum : tensor<16xf32, #r> -> tensor<16xf32, #s>
  tile.return %sum, %c : tensor<16xf32, #r>, tensor<16xf32, #s>
}

// CHECK-LABEL: tile.func private @iadd_two_layouts
// CHECK-COUNT-2: = reduce
// CHECK-NOT: convert_layout
tile.func private @iadd_two_layouts(%i: i32) -> (tensor<16xi32, #r>, tensor<16xi32, #s>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %x = tile.splat %i : tensor<16x64xi32, #t>
  %sum = tile.reduce %x axis = 1 : (tensor<16x64xi32, #t>) -> tensor<16xi32, #r> {
  ^bb0(%a: i32, %b: i32):
    %m = arith.addi %b, %a : i32
    tile.reduce.return %m : i32
  }
  // expected-remark @+1 {{layout conversion rematerialized: 2 ops rebuilt in the target layout}}
  %c = tgpu.convert_layout %sum : tensor<16xi32, #r> -> tensor<16xi32, #s>
  tile.return %sum, %c : tensor<16xi32, #r>, tensor<16xi32, #s>
}

// CHECK-LABEL: tile.func private @fmax_two_layouts
// CHECK-COUNT-2: = reduce
// CHECK-NOT: convert_layout
tile.func private @fmax_two_layouts(%f: f32) -> (tensor<16xf32, #r>, tensor<16xf32, #s>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %x = tile.splat %f : tensor<16x64xf32, #t>
  %max = tile.reduce %x axis = 1 : (tensor<16x64xf32, #t>) -> tensor<16xf32, #r> {
  ^bb0(%a: f32, %b: f32):
    %m = arith.maximumf %a, %b : f32
    tile.reduce.return %m : f32
  }
  // expected-remark @+1 {{layout conversion rematerialized: 2 ops rebuilt in the target layout}}
  %c = tgpu.convert_layout %max : tensor<16xf32, #r> -> tensor<16xf32, #s>
  tile.return %max, %c : tensor<16xf32, #r>, tensor<16xf32, #s>
}

// The combiner, not the op name, decides: a float max written through a
// compare and select is not proven exact, so it is not duplicated.
// CHECK-LABEL: tile.func private @select_max_two_layouts
// CHECK-COUNT-1: = reduce
// CHECK-NOT: = reduce
tile.func private @select_max_two_layouts(%f: f32) -> (tensor<16xf32, #r>, tensor<16xf32, #s>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %x = tile.splat %f : tensor<16x64xf32, #t>
  %max = tile.reduce %x axis = 1 : (tensor<16x64xf32, #t>) -> tensor<16xf32, #r> {
  ^bb0(%a: f32, %b: f32):
    %gt = arith.cmpf ogt, %a, %b : f32
    %m = arith.select %gt, %a, %b : f32
    tile.reduce.return %m : f32
  }
  // expected-remark @+1 {{layout conversion kept: rematerializing would compute the non-associative 'tile.reduce' a second time, in another order}}
  %c = tgpu.convert_layout %max : tensor<16xf32, #r> -> tensor<16xf32, #s>
  tile.return %max, %c : tensor<16xf32, #r>, tensor<16xf32, #s>
}

// A shared-memory (address space 3) load feeding a float-add reduction used
// twice: one local load, one reduction, the conversion stays.
// CHECK-LABEL: tile.func private @local_load_fadd
// CHECK-COUNT-1: load
// CHECK-NOT: load
// CHECK-COUNT-1: = reduce
// CHECK-NOT: = reduce
// CHECK: tgpu.convert_layout
tile.func private @local_load_fadd(%p: !tile.ptr<f32, 3>) -> (tensor<16xf32, #r>, tensor<16xf32, #s>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %b = tile.splat %p : tensor<16x4x!tile.ptr<f32, 3>, #t>
  %x = tile.load %b : tensor<16x4x!tile.ptr<f32, 3>, #t>
  %sum = tile.reduce %x axis = 1 : (tensor<16x4xf32, #t>) -> tensor<16xf32, #r> {
  ^bb0(%a: f32, %c: f32):
    %m = arith.addf %a, %c : f32
    tile.reduce.return %m : f32
  }
  // expected-remark @+1 {{layout conversion kept: rematerializing would compute the non-associative 'tile.reduce' a second time, in another order}}
  %c = tgpu.convert_layout %sum : tensor<16xf32, #r> -> tensor<16xf32, #s>
  tile.return %sum, %c : tensor<16xf32, #r>, tensor<16xf32, #s>
}
}

// -----

// Atomics are never duplicated; two anchors of different layouts meeting in
// one op are a conflict: the value gets one layout (the first anchor's),
// the other operand is converted.

#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#w = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @atomic_kept
// CHECK-COUNT-1: atomic_rmw
// CHECK-NOT: atomic_rmw
// CHECK: tgpu.convert_layout
tile.func private @atomic_kept(%p: !tile.ptr<i32>) -> (tensor<512xi32, #v>, tensor<512xi32, #w>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 512 : i32} : tensor<512xi32, #v>
  %b = tile.splat %p : tensor<512x!tile.ptr<i32>, #v>
  %a = tile.addptr %b, %r : tensor<512x!tile.ptr<i32>, #v>, tensor<512xi32, #v>
  %one = arith.constant 1 : i32
  %old = tile.atomic_rmw add, relaxed, gpu, %a, %one : tensor<512x!tile.ptr<i32>, #v>, i32
  // expected-remark @+2 {{layout conversion moved by forward propagation to the users that need its layout}}
  // expected-remark @+1 {{layout conversion kept: its slice reaches an atomic ('tile.atomic_rmw')}}
  %c = tgpu.convert_layout %old : tensor<512xi32, #v> -> tensor<512xi32, #w>
  tile.return %old, %c : tensor<512xi32, #v>, tensor<512xi32, #w>
}

// CHECK-LABEL: tile.func private @conflict
// CHECK: %[[X:.*]] = load %{{.*}} : tensor<512x!tile.ptr<f32>, #[[V:blocked[0-9]*]]>
// CHECK: %[[Y:.*]] = load %{{.*}} : tensor<512x!tile.ptr<f32>, #[[W:blocked[0-9]*]]>
// CHECK: %[[YC:.*]] = tgpu.convert_layout %[[Y]] : tensor<512xf32, #[[W]]> -> tensor<512xf32, #[[V]]>
// CHECK: arith.addf %[[X]], %[[YC]] : tensor<512xf32, #[[V]]>
tile.func private @conflict(%p: !tile.ptr<f32>, %q: !tile.ptr<f32>) -> tensor<512xf32, #v>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %r = tile.make_range {start = 0 : i32, end = 512 : i32} : tensor<512xi32, #v>
  %b = tile.splat %p : tensor<512x!tile.ptr<f32>, #v>
  %a = tile.addptr %b, %r : tensor<512x!tile.ptr<f32>, #v>, tensor<512xi32, #v>
  %x = tile.load %a : tensor<512x!tile.ptr<f32>, #v>
  %r2 = tile.make_range {start = 0 : i32, end = 512 : i32} : tensor<512xi32, #w>
  %b2 = tile.splat %q : tensor<512x!tile.ptr<f32>, #w>
  %a2 = tile.addptr %b2, %r2 : tensor<512x!tile.ptr<f32>, #w>, tensor<512xi32, #w>
  %y = tile.load %a2 : tensor<512x!tile.ptr<f32>, #w>
  // expected-remark @+2 {{layout conversion kept: its slice reaches an anchor (a load of at least one element per thread) ('tile.load')}}
  // expected-remark @+1 {{layout conversion moved by forward propagation to the users that need its layout}}
  %yc = tgpu.convert_layout %y : tensor<512xf32, #w> -> tensor<512xf32, #v>
  // expected-remark @+1 {{layout conflict: several anchor layouts reach this value; it keeps the costliest anchor's, the others are converted}}
  %s = arith.addf %x, %yc : tensor<512xf32, #v>
  tile.return %s : tensor<512xf32, #v>
}
}

// -----

// A reduction result converted away for elementwise math and back for
// expand_dims: the math is rebuilt in the reduction's layout and both
// conversions go (the reduction itself is not duplicated).

#t = #tgpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#r = #tgpu.slice<{dim = 1, parent = #t}>
#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @round_trip
// CHECK: %[[S:.*]] = reduce
// CHECK: %[[E:.*]] = splat %{{.*}} : tensor<16xf32, #[[R:.*]]>
// CHECK: %[[A:.*]] = arith.addf %[[S]], %[[E]] : tensor<16xf32, #[[R]]>
// CHECK: %[[Q:.*]] = math.rsqrt %[[A]] : tensor<16xf32, #[[R]]>
// CHECK: expand_dims %[[Q]]
// CHECK-NOT: convert_layout
tile.func private @round_trip(%x: tensor<16x64xf32, #t>, %eps: f32) -> tensor<16x1xf32, #t>
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %s = tile.reduce %x axis = 1 : (tensor<16x64xf32, #t>) -> tensor<16xf32, #r> {
  ^bb0(%a: f32, %b: f32):
    %m = arith.addf %a, %b : f32
    tile.reduce.return %m : f32
  }
  // expected-remark @+1 {{layout conversion removed: every user was rematerialized in another layout}}
  %c = tgpu.convert_layout %s : tensor<16xf32, #r> -> tensor<16xf32, #v>
  %e = tile.splat %eps : tensor<16xf32, #v>
  %a = arith.addf %c, %e : tensor<16xf32, #v>
  %q = math.rsqrt %a : tensor<16xf32, #v>
  // expected-remark @+1 {{layout conversion rematerialized: 3 ops rebuilt in the target layout, cost 0 vs conversion cost 2}}
  %back = tgpu.convert_layout %q : tensor<16xf32, #v> -> tensor<16xf32, #r>
  %e2 = tile.expand_dims %back {axis = 1 : i32} : tensor<16xf32, #r> -> tensor<16x1xf32, #t>
  tile.return %e2 : tensor<16x1xf32, #t>
}
}

// -----

// A slice through a loop-carried value: the loop carries the value a second
// time, in the target layout (a new iter-arg whose init and body are rebuilt
// there). Elementwise work is the same in any layout, so both copies agree.
// Through an scf.if result: a second result, each branch yielding its value
// rebuilt in the target layout. A float-add reduction in a loop body is not
// rebuilt: the conversion stays.

#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#w = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#t = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#u = #tgpu.blocked<{sizePerThread = [1, 2], threadsPerWarp = [2, 16], warpsPerCTA = [4, 1], order = [1, 0]}>
#r = #tgpu.slice<{dim = 1, parent = #t}>
#s = #tgpu.slice<{dim = 1, parent = #u}>
module attributes {tgpu.target = "sm_80"} {
// CHECK-LABEL: tile.func private @new_iter_arg
// CHECK: %[[L:.*]]:2 = scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}, %[[ACC:.*]] = %{{.*}}) -> (tensor<512xf32, #{{.*}}>, tensor<512xf32, #[[W:blocked[0-9]*]]>)
// CHECK: %[[S:.*]] = tile.splat %{{.*}} : tensor<512xf32, #[[W]]>
// CHECK: %[[A:.*]] = arith.addf %[[ACC]], %[[S]] : tensor<512xf32, #[[W]]>
// CHECK: scf.yield %{{.*}}, %[[A]]
// CHECK-NOT: convert_layout
// CHECK: return %[[L]]#0, %[[L]]#1
tile.func private @new_iter_arg(%f: f32, %n: i32) -> (tensor<512xf32, #v>, tensor<512xf32, #w>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %zero = arith.constant dense<0.0> : tensor<512xf32, #v>
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (tensor<512xf32, #v>) : i32 {
    %s = tile.splat %f : tensor<512xf32, #v>
    %a = arith.addf %acc, %s : tensor<512xf32, #v>
    scf.yield %a : tensor<512xf32, #v>
  }
  // expected-remark @+1 {{layout conversion rematerialized: 3 ops rebuilt in the target layout and 1 loop-carried values added, cost 32 vs conversion cost 48}}
  %c = tgpu.convert_layout %r : tensor<512xf32, #v> -> tensor<512xf32, #w>
  tile.return %r, %c : tensor<512xf32, #v>, tensor<512xf32, #w>
}

// CHECK-LABEL: tile.func private @new_if_result
// CHECK: %[[IF:.*]]:2 = scf.if %{{.*}} -> (tensor<512xf32, #{{.*}}>, tensor<512xf32, #[[W:blocked[0-9]*]]>)
// CHECK: math.exp %{{.*}} : tensor<512xf32, #[[W]]>
// CHECK: scf.yield
// CHECK: } else {
// CHECK: scf.yield
// CHECK: %[[N:.*]] = arith.negf %[[IF]]#1 : tensor<512xf32, #[[W]]>
// CHECK-NOT: convert_layout
// CHECK: return %[[IF]]#0, %[[N]]
tile.func private @new_if_result(%f: f32, %g: f32, %cond: i1) -> (tensor<512xf32, #v>, tensor<512xf32, #w>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %y = scf.if %cond -> tensor<512xf32, #v> {
    %s = tile.splat %f : tensor<512xf32, #v>
    %e = math.exp %s : tensor<512xf32, #v>
    scf.yield %e : tensor<512xf32, #v>
  } else {
    %s = tile.splat %g : tensor<512xf32, #v>
    scf.yield %s : tensor<512xf32, #v>
  }
  %n = arith.negf %y : tensor<512xf32, #v>
  // expected-remark @+1 {{layout conversion rematerialized: 4 ops rebuilt in the target layout and 1 scf.if results added, cost 32 vs conversion cost 48}}
  %c = tgpu.convert_layout %n : tensor<512xf32, #v> -> tensor<512xf32, #w>
  tile.return %y, %c : tensor<512xf32, #v>, tensor<512xf32, #w>
}

// CHECK-LABEL: tile.func private @loop_fadd_reduce
// CHECK-COUNT-1: reduce %{{.*}} axis
// CHECK-NOT: reduce %{{.*}} axis
// CHECK: tgpu.convert_layout
tile.func private @loop_fadd_reduce(%f: f32, %n: i32) -> (tensor<16xf32, #r>, tensor<16xf32, #s>)
    attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 32 : i32} {
  %zero = arith.constant dense<0.0> : tensor<16xf32, #r>
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (tensor<16xf32, #r>) : i32 {
    %x = tile.splat %f : tensor<16x64xf32, #t>
    %sum = tile.reduce %x axis = 1 : (tensor<16x64xf32, #t>) -> tensor<16xf32, #r> {
    ^bb0(%a: f32, %b: f32):
      %m = arith.addf %a, %b : f32
      tile.reduce.return %m : f32
    }
    %a = arith.addf %acc, %sum : tensor<16xf32, #r>
    scf.yield %a : tensor<16xf32, #r>
  }
  // expected-remark @+1 {{layout conversion kept: rematerializing would compute the non-associative 'tile.reduce' a second time, in another order}}
  %c = tgpu.convert_layout %r : tensor<16xf32, #r> -> tensor<16xf32, #s>
  tile.return %r, %c : tensor<16xf32, #r>, tensor<16xf32, #s>
}
}
