// Every broken piece of the kernel contract is an error on the kernel.
// RUN: tessera-translate %s --tessera-to-metadata -split-input-file -verify-diagnostics

// expected-error @+1 {{'tessera.param_types'[1] = "ptr:bf16" disagrees with the parameter's LLVM type (i32)}}
llvm.func @wrong_kind(%x: !llvm.ptr<1>, %n: i32) attributes {
    nvvm.kernel, tessera.num_warps = 4 : i32, tessera.param_types = ["ptr:bf16", "ptr:bf16"]} {
  llvm.return
}

// -----

// expected-error @+1 {{'tessera.param_types'[0] = "ptr:b16" is not 'ptr', 'ptr:<elem>' or a scalar type}}
llvm.func @bad_elem(%x: !llvm.ptr<1>) attributes {
    nvvm.kernel, tessera.num_warps = 4 : i32, tessera.param_types = ["ptr:b16"]} {
  llvm.return
}

// -----

// expected-error @+1 {{'tessera.param_types'[0] = "i32:u8" is not 'ptr'}}
llvm.func @elem_on_scalar(%n: i32) attributes {
    nvvm.kernel, tessera.num_warps = 4 : i32, tessera.param_types = ["i32:u8"]} {
  llvm.return
}

// -----

// expected-error @+1 {{'tessera.param_types' has 1 entries for 2 parameters}}
llvm.func @too_few(%x: !llvm.ptr<1>, %n: i32) attributes {
    nvvm.kernel, tessera.num_warps = 4 : i32, tessera.param_types = ["ptr"]} {
  llvm.return
}

// -----

// expected-error @+1 {{'tessera.param_names' must be an array of strings, got ["x", 1 : i32]}}
llvm.func @bad_names(%x: !llvm.ptr<1>, %n: i32) attributes {
    nvvm.kernel, tessera.num_warps = 4 : i32, tessera.param_names = ["x", 1 : i32]} {
  llvm.return
}

// -----

// expected-error @+1 {{parameter 0 has type 'vector<4xf32>', which a launcher cannot pass}}
llvm.func @vector_param(%v: vector<4xf32>) attributes {nvvm.kernel, tessera.num_warps = 4 : i32} {
  llvm.return
}

// -----

// expected-error @+1 {{'tessera.threads_per_warp' must be 32 on NVIDIA GPUs, got 64}}
llvm.func @wide_warp() attributes {
    nvvm.kernel, tessera.num_warps = 4 : i32, tessera.threads_per_warp = 64 : i32} {
  llvm.return
}

// -----

// expected-error @+1 {{'tessera.num_warps' must be in 1..32 (at most 1024 threads), got 0}}
llvm.func @no_warps() attributes {nvvm.kernel, tessera.num_warps = 0 : i32} {
  llvm.return
}

// -----

// expected-error @+1 {{'tessera.num_warps' must be a non-negative i32, got "4"}}
llvm.func @string_warps() attributes {nvvm.kernel, tessera.num_warps = "4"} {
  llvm.return
}

// -----

// expected-error @+1 {{'tessera.shared_bytes' must be a non-negative i32, got -1 : i32}}
llvm.func @negative_shared() attributes {
    nvvm.kernel, tessera.num_warps = 4 : i32, tessera.shared_bytes = -1 : i32} {
  llvm.return
}

// -----

// expected-error @+1 {{kernel has no block size: set 'tessera.num_warps' (or nvvm.reqntid)}}
llvm.func @no_block_size() attributes {nvvm.kernel} {
  llvm.return
}

// -----

// expected-error @+1 {{'nvvm.reqntid' must describe a 1-D block (array<i32: T, 1, 1>), got array<i32: 16, 16, 1>}}
llvm.func @two_d() attributes {nvvm.kernel, nvvm.reqntid = array<i32: 16, 16, 1>} {
  llvm.return
}

// -----

// expected-error @+1 {{'tessera.num_warps' asks for 256 threads per block, which the kernel's nvvm.reqntid/maxntid does not allow}}
llvm.func @disagree() attributes {
    nvvm.kernel, tessera.num_warps = 8 : i32, nvvm.reqntid = array<i32: 128, 1, 1>} {
  llvm.return
}

// -----

// Both broken kernels are reported, not only the first.
// expected-error @+1 {{kernel has no block size}}
llvm.func @first() attributes {nvvm.kernel} {
  llvm.return
}
// expected-error @+1 {{kernel has no block size}}
llvm.func @second() attributes {nvvm.kernel} {
  llvm.return
}

// -----

// expected-error @+1 {{kernel name 'attn.fwd' is not a PTX identifier ([a-zA-Z_$][a-zA-Z0-9_$]*); the PTX would rename it}}
llvm.func @"attn.fwd"() attributes {nvvm.kernel, tessera.num_warps = 4 : i32} {
  llvm.return
}

// -----

// expected-error @+1 {{'tessera.target' must be a string such as "sm_90a"}}
module attributes {tessera.target = 90 : i32} {
}
