// ptxas accepts what we emit, for every SM we support.
// REQUIRES: ptxas
// RUN: tessera-translate %s --tessera-to-ptx --sm=90a -o %t.90a.ptx && %ptxas -arch=sm_90a %t.90a.ptx -o %t.90a.cubin
// RUN: tessera-translate %s --tessera-to-ptx --sm=90 -o %t.90.ptx && %ptxas -arch=sm_90 %t.90.ptx -o %t.90.cubin
// RUN: tessera-translate %s --tessera-to-ptx --sm=80 -o %t.80.ptx && %ptxas -arch=sm_80 %t.80.ptx -o %t.80.cubin
// The newest PTX ISA LLVM 22 and ptxas 13 share.
// RUN: tessera-translate %s --tessera-to-ptx --sm=90a --ptx-version=90 -o %t.v90.ptx && %ptxas -arch=sm_90a %t.v90.ptx -o %t.v90.cubin
// The shared kernels too.
// RUN: tessera-translate %S/Inputs/kernels.mlir --tessera-to-ptx --sm=90a -o %t.k90a.ptx && %ptxas -arch=sm_90a %t.k90a.ptx -o %t.k90a.cubin
// RUN: tessera-translate %S/Inputs/kernels.mlir --tessera-to-ptx --sm=80 -o %t.k80.ptx && %ptxas -arch=sm_80 %t.k80.ptx -o %t.k80.cubin

module attributes {tessera.target = "sm_90a"} {
  llvm.func @add_one(%x: !llvm.ptr<1>, %n: i32) attributes {nvvm.kernel, tessera.num_warps = 4 : i32} {
    %tid = nvvm.read.ptx.sreg.tid.x : i32
    %ctaid = nvvm.read.ptx.sreg.ctaid.x : i32
    %c128 = llvm.mlir.constant(128 : i32) : i32
    %base = llvm.mul %ctaid, %c128 : i32
    %i = llvm.add %base, %tid : i32
    %in = llvm.icmp "slt" %i, %n : i32
    llvm.cond_br %in, ^body, ^done
  ^body:
    %p = llvm.getelementptr %x[%i] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, f32
    %v = llvm.load %p : !llvm.ptr<1> -> f32
    %one = llvm.mlir.constant(1.0 : f32) : f32
    %r = llvm.intr.minimum(%v, %one) : (f32, f32) -> f32
    llvm.store %r, %p : f32, !llvm.ptr<1>
    llvm.br ^done
  ^done:
    llvm.return
  }
}
