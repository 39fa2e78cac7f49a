// RUN: tessera-opt %s -split-input-file -verify-diagnostics

// One case per error the tgpu dialect reports (lib/Dialect/TileGPU/IR).
// "slice parent must be a distributed layout" cannot be written in IR (the
// parser rejects a non-layout parent first); unittests/ covers it.

//===----------------------------------------------------------------------===//
// #tgpu.blocked parameters
//===----------------------------------------------------------------------===//

// expected-error @below {{blocked layout needs rank at least 1}}
#b = #tgpu.blocked<{sizePerThread = [], threadsPerWarp = [], warpsPerCTA = [], order = []}>

// -----

// expected-error @below {{sizePerThread, threadsPerWarp, warpsPerCTA and order must all have 2 entries}}
#b = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [32], warpsPerCTA = [4, 1], order = [1, 0]}>

// -----

// expected-error @below {{sizePerThread entries must be powers of two}}
#b = #tgpu.blocked<{sizePerThread = [3], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>

// -----

// expected-error @below {{threadsPerWarp entries must be powers of two}}
#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [0], warpsPerCTA = [4], order = [0]}>

// -----

// expected-error @below {{warpsPerCTA entries must be powers of two}}
#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [6], order = [0]}>

// -----

// expected-error @below {{order must be a permutation of [0, 2)}}
#b = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 1]}>

// -----

// expected-error @below {{order must be a permutation of [0, 2)}}
#b = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [0, 2]}>

// -----

// expected-error @below {{blocked layout tile of 2^32 elements is too large (at most 2^30)}}
#b = #tgpu.blocked<{sizePerThread = [65536, 65536], threadsPerWarp = [1, 1], warpsPerCTA = [1, 1], order = [1, 0]}>

// -----

//===----------------------------------------------------------------------===//
// #tgpu.slice parameters
//===----------------------------------------------------------------------===//

// expected-error @below {{slice parent must have rank at least 2, got 1}}
#s = #tgpu.slice<{dim = 0, parent = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>}>

// -----

// expected-error @below {{slice dim 2 is out of range for a parent of rank 2}}
#s = #tgpu.slice<{dim = 2, parent = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>}>

// -----

//===----------------------------------------------------------------------===//
// Layouts on tensors
//===----------------------------------------------------------------------===//

#b = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>
// expected-error @below {{blocked layout of rank 2 cannot describe a tensor of rank 1}}
tile.func @blocked_rank(%x: tensor<128xf32, #b>) {
  tile.return
}

// -----

#s = #tgpu.slice<{dim = 1, parent = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>}>
// expected-error @below {{slice layout of rank 1 cannot describe a tensor of rank 2}}
tile.func @slice_rank(%x: tensor<4x128xf32, #s>) {
  tile.return
}

// -----

#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// expected-error @below {{distributed tensors need power-of-two dimensions, got 100}}
tile.func @blocked_not_pow2(%x: tensor<100xf32, #b>) {
  tile.return
}

// -----

#s = #tgpu.slice<{dim = 0, parent = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>}>
// expected-error @below {{distributed tensors need power-of-two dimensions, got 48}}
tile.func @slice_not_pow2(%x: tensor<48xf32, #s>) {
  tile.return
}

// -----

#b = #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>
// expected-error @below {{distributed tensor of 2^32 elements is too large (at most 2^30)}}
tile.func @too_large(%x: tensor<65536x65536xf32, #b>) {
  tile.return
}

// -----

//===----------------------------------------------------------------------===//
// Function and module attributes
//===----------------------------------------------------------------------===//

#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// expected-error @below {{layout of 'tensor<128xf32, #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>>' spans 4 warps but the function runs 8}}
tile.func @wrong_warps(%x: tensor<128xf32, #b>) attributes {tgpu.num_warps = 8 : i32} {
  tile.return
}

// -----

#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
tile.func @wrong_warps_inside() attributes {tgpu.num_warps = 2 : i32} {
  // expected-error @below {{spans 4 warps but the function runs 2}}
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32, #b>
  tile.return
}

// -----

#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
tile.func @wrong_lanes() attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = 64 : i32} {
  // expected-error @below {{spans 32 lanes per warp but a warp has 64}}
  %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32, #b>
  tile.return
}

// -----

#b = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [2, 1], order = [1, 0]}>
#s = #tgpu.slice<{dim = 1, parent = #b}>
// A slice spans its parent's warps.
tile.func @wrong_slice_warps() attributes {tgpu.num_warps = 4 : i32} {
  // expected-error @below {{spans 2 warps but the function runs 4}}
  %r = tile.make_range {start = 0 : i32, end = 16 : i32} : tensor<16xi32, #s>
  tile.return
}

// -----

// expected-error @below {{'tile.func' op 'tgpu.num_warps' must be an i32}}
tile.func @num_warps_type() attributes {tgpu.num_warps = 4 : i64} {
  tile.return
}

// -----

// expected-error @below {{'tgpu.num_warps' must be a power of two in [1, 32], got 3}}
tile.func @num_warps_value() attributes {tgpu.num_warps = 3 : i32} {
  tile.return
}

// -----

// expected-error @below {{'tgpu.threads_per_warp' must be a power of two in [1, 64], got 128}}
tile.func @threads_per_warp_value() attributes {tgpu.threads_per_warp = 128 : i32} {
  tile.return
}

// -----

// A malformed lane count is reported once, not again as a layout mismatch.
#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// expected-error @below {{'tgpu.threads_per_warp' must be an i32}}
tile.func @threads_per_warp_type(%x: tensor<128xf32, #b>) attributes {tgpu.num_warps = 4 : i32, tgpu.threads_per_warp = "32"} {
  tile.return
}

// -----

// expected-error @below {{'tgpu.target' must name a target such as "sm_90a"}}
module attributes {tgpu.target = "sm_60"} {}

// -----

// expected-error @below {{'tgpu.target' must name a target such as "sm_90a"}}
module attributes {tgpu.target = "sm_90aa"} {}

// -----

// expected-error @below {{'tgpu.target' must name a target such as "sm_90a"}}
module attributes {tgpu.target = 90 : i32} {}

// -----

// expected-error @below {{'tgpu.shared_bytes' must be a non-negative i32 byte count}}
tile.func @shared_bytes() attributes {tgpu.shared_bytes = -16 : i32} {
  tile.return
}

// -----

tile.func @scratch_offset() {
  // expected-error @below {{'tgpu.scratch_offset' must be a non-negative i32 byte count}}
  %c = arith.constant {tgpu.scratch_offset = 0 : i64} 0 : i32
  tile.return
}

// -----

// expected-error @below {{unknown tgpu attribute 'tgpu.num_warp'}}
module attributes {tgpu.num_warp = 4 : i32} {}

// -----

//===----------------------------------------------------------------------===//
// tgpu.convert_layout
//===----------------------------------------------------------------------===//

#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
tile.func @convert_from_plain(%x: tensor<128xf32>) {
  // expected-error @below {{'tgpu.convert_layout' op source must carry a distributed layout}}
  %y = tgpu.convert_layout %x : tensor<128xf32> -> tensor<128xf32, #b>
  tile.return
}

// -----

#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
tile.func @convert_to_plain(%x: tensor<128xf32, #b>) {
  // expected-error @below {{'tgpu.convert_layout' op result must carry a distributed layout}}
  %y = tgpu.convert_layout %x : tensor<128xf32, #b> -> tensor<128xf32>
  tile.return
}

// -----

#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#c = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
tile.func @convert_shape(%x: tensor<128xf32, #b>) {
  // expected-error @below {{'tgpu.convert_layout' op requires the same shape for all operands and results}}
  %y = tgpu.convert_layout %x : tensor<128xf32, #b> -> tensor<256xf32, #c>
  tile.return
}

// -----

#b = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#c = #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
tile.func @convert_element_type(%x: tensor<128xf32, #b>) {
  // expected-error @below {{'tgpu.convert_layout' op requires the same element type for all operands and results}}
  %y = tgpu.convert_layout %x : tensor<128xf32, #b> -> tensor<128xf16, #c>
  tile.return
}
