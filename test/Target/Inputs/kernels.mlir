// Shared input of the ptxas, cubin, header and metadata tests: a contract
// kernel, a kernel sized by nvvm.reqntid only, and a device function that is
// not a kernel.
module @demo attributes {tessera.target = "sm_90a"} {
  llvm.mlir.global external @global_smem() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<0 x i8>

  llvm.func @scale(%v: f32, %s: f32) -> f32 {
    %r = llvm.fmul %v, %s : f32
    llvm.return %r : f32
  }

  llvm.func @rmsnorm(%x: !llvm.ptr<1>, %w: !llvm.ptr<1>, %y: !llvm.ptr<1>, %n: i32, %eps: f32) attributes {
      nvvm.kernel, tessera.num_warps = 8 : i32, tessera.threads_per_warp = 32 : i32,
      tessera.shared_bytes = 1024 : i32,
      tessera.param_types = ["ptr:bf16", "ptr:bf16", "ptr:bf16", "i32", "f32"],
      tessera.param_names = ["x", "w", "y", "n", "eps"]} {
    %tid = nvvm.read.ptx.sreg.tid.x : i32
    %px = llvm.getelementptr %x[%tid] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, bf16
    %vx = llvm.load %px : !llvm.ptr<1> -> bf16
    %fx = llvm.fpext %vx : bf16 to f32
    %sq = llvm.fmul %fx, %fx : f32
    %smem = llvm.mlir.addressof @global_smem : !llvm.ptr<3>
    %slot = llvm.getelementptr %smem[%tid] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, f32
    llvm.store %sq, %slot : f32, !llvm.ptr<3>
    nvvm.barrier0
    %c0 = llvm.mlir.constant(0 : i32) : i32
    %first = llvm.getelementptr %smem[%c0] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, f32
    %sum = llvm.load %first : !llvm.ptr<3> -> f32
    %nf = llvm.sitofp %n : i32 to f32
    %mean = llvm.fdiv %sum, %nf : f32
    %var = llvm.fadd %mean, %eps : f32
    %rs = llvm.intr.sqrt(%var) : (f32) -> f32
    %pw = llvm.getelementptr %w[%tid] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, bf16
    %vw = llvm.load %pw : !llvm.ptr<1> -> bf16
    %fw = llvm.fpext %vw : bf16 to f32
    %a = llvm.fdiv %fx, %rs : f32
    %b = llvm.call @scale(%a, %fw) : (f32, f32) -> f32
    %t = llvm.fptrunc %b : f32 to bf16
    %py = llvm.getelementptr %y[%tid] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, bf16
    llvm.store %t, %py : bf16, !llvm.ptr<1>
    llvm.return
  }

  llvm.func @fill(%out: !llvm.ptr<1>, %value: i64, %flag: i1) attributes {
      nvvm.kernel, nvvm.reqntid = array<i32: 64, 1, 1>} {
    %tid = nvvm.read.ptx.sreg.tid.x : i32
    %p = llvm.getelementptr %out[%tid] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, i64
    %z = llvm.mlir.constant(0 : i64) : i64
    %v = llvm.select %flag, %value, %z : i1, i64
    llvm.store %v, %p : i64, !llvm.ptr<1>
    llvm.return
  }
}
