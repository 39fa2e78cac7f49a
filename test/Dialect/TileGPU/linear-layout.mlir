// RUN: tessera-opt %s -split-input-file -test-print-layouts -verify-diagnostics -o /dev/null

// Which element does (register, lane, warp) hold? Each remark lists the bases
// of the linear layout: the coordinates reached by register/lane/warp bit i
// alone; any other index holds the XOR of its bits' bases. A zero basis is a
// copy (broadcast).

#blocked = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
// The tensor is exactly the CTA tile: 4 consecutive columns per thread, 8
// lanes across the row, 4 lanes and 4 warps down the columns.
tile.func @exact_tile(%x: tensor<16x32xf32, #blocked>) attributes {tgpu.num_warps = 4 : i32} {
  // expected-remark @below {{result #0: register: [[0,1],[0,2]] lane: [[0,4],[0,8],[0,16],[1,0],[2,0]] warp: [[4,0],[8,0]] out: [16,32]}}
  %y = arith.negf %x : tensor<16x32xf32, #blocked>
  tile.return
}

// -----

#blocked = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
// Larger than the tile: the tile repeats in more registers, the fastest
// dimension first.
tile.func @repeated(%x: tensor<32x64xf32, #blocked>) attributes {tgpu.num_warps = 4 : i32} {
  // expected-remark @below {{result #0: register: [[0,1],[0,2],[0,32],[16,0]] lane: [[0,4],[0,8],[0,16],[1,0],[2,0]] warp: [[4,0],[8,0]] out: [32,64]}}
  %y = arith.negf %x : tensor<32x64xf32, #blocked>
  tile.return
}

// -----

#blocked = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// Smaller than the tile: lanes 16..31 and warps 1..3 hold copies.
tile.func @broadcast() attributes {tgpu.num_warps = 4 : i32} {
  // expected-remark @below {{result #0: register: [] lane: [[1],[2],[4],[8],[0]] warp: [[0],[0]] out: [16]}}
  %r = tile.make_range {start = 0 : i32, end = 16 : i32} : tensor<16xi32, #blocked>
  tile.return
}

// -----

#blocked = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#rows = #tgpu.slice<{dim = 1, parent = #blocked}>
#cols = #tgpu.slice<{dim = 0, parent = #blocked}>
// Slices: the lanes and warps that walked the removed dimension hold copies;
// its registers are gone (one value per row per thread).
tile.func @slices(%x: tensor<16x32xf32, #blocked>) attributes {tgpu.num_warps = 4 : i32} {
  // expected-remark @below {{result #0: register: [] lane: [[0],[0],[0],[1],[2]] warp: [[4],[8]] out: [16]}}
  %r = tile.make_range {start = 0 : i32, end = 16 : i32} : tensor<16xi32, #rows>
  // expected-remark @below {{result #0: register: [[1],[2]] lane: [[4],[8],[16],[0],[0]] warp: [[0],[0]] out: [32]}}
  %c = tile.make_range {start = 0 : i32, end = 32 : i32} : tensor<32xi32, #cols>
  tile.return
}

// -----

#blocked = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#rows = #tgpu.slice<{dim = 1, parent = #blocked}>
// Every result of a multi-result op gets its own remark; scalars get none.
tile.func @reduce_two(%x: tensor<16x32xf32, #blocked>, %i: tensor<16x32xi32, #blocked>) attributes {tgpu.num_warps = 4 : i32} {
  // expected-remark @below {{result #0: register: [] lane: [[0],[0],[0],[1],[2]] warp: [[4],[8]] out: [16]}}
  // expected-remark @below {{result #1: register: [] lane: [[0],[0],[0],[1],[2]] warp: [[4],[8]] out: [16]}}
  %m:2 = tile.reduce %x, %i axis = 1 : (tensor<16x32xf32, #blocked>, tensor<16x32xi32, #blocked>) -> (tensor<16xf32, #rows>, tensor<16xi32, #rows>) {
  ^bb0(%a: f32, %ai: i32, %b: f32, %bi: i32):
    %gt = arith.cmpf ogt, %a, %b : f32
    %v = arith.select %gt, %a, %b : f32
    %vi = arith.select %gt, %ai, %bi : i32
    tile.reduce.return %v, %vi : f32, i32
  }
  %s = arith.constant 1.0 : f32
  tile.return
}

// -----

#row = #tgpu.blocked<{sizePerThread = [2, 2], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [1, 0]}>
#col = #tgpu.blocked<{sizePerThread = [2, 2], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [0, 1]}>
// Same threads, same elements, registers in another order: no data moves.
tile.func @register_permutation(%x: tensor<4x256xf32, #row>) attributes {tgpu.num_warps = 4 : i32} {
  // expected-remark @below {{result #0: register: [[1,0],[0,1],[2,0]] lane: [[0,2],[0,4],[0,8],[0,16],[0,32]] warp: [[0,64],[0,128]] out: [4,256]}}
  // expected-remark @below {{conversion: register permutation}}
  %y = tgpu.convert_layout %x : tensor<4x256xf32, #row> -> tensor<4x256xf32, #col>
  tile.return
}

// -----

#a = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#b = #tgpu.blocked<{sizePerThread = [4, 1], threadsPerWarp = [2, 16], warpsPerCTA = [4, 1], order = [1, 0]}>
// Warp w holds rows [8w, 8w + 8) in both: shuffles within each warp suffice.
tile.func @warp_shuffle(%x: tensor<32x16xf32, #a>) attributes {tgpu.num_warps = 4 : i32} {
  // expected-remark @below {{result #0: register: [[1,0],[2,0]] lane: [[0,1],[0,2],[0,4],[0,8],[4,0]] warp: [[8,0],[16,0]] out: [32,16]}}
  // expected-remark @below {{conversion: warp shuffle}}
  %y = tgpu.convert_layout %x : tensor<32x16xf32, #a> -> tensor<32x16xf32, #b>
  tile.return
}

// -----

#a = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#b = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [32, 1], warpsPerCTA = [1, 4], order = [0, 1]}>
// Warps along rows, then along columns: data crosses warps.
tile.func @shared_memory(%x: tensor<32x16xf32, #a>) attributes {tgpu.num_warps = 4 : i32} {
  // expected-remark @below {{result #0: register: [[0,4],[0,8]] lane: [[1,0],[2,0],[4,0],[8,0],[16,0]] warp: [[0,1],[0,2]] out: [32,16]}}
  // expected-remark @below {{conversion: shared memory}}
  %y = tgpu.convert_layout %x : tensor<32x16xf32, #a> -> tensor<32x16xf32, #b>
  tile.return
}

// -----

// Tensors without a layout and scalars: nothing to say.
tile.func @no_layout(%x: tensor<16xf32>, %s: f32) {
  %y = arith.negf %x : tensor<16xf32>
  %t = arith.negf %s : f32
  tile.return
}
