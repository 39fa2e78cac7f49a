// --tessera-to-llvmir: with a target, the NVPTX module PTX emission starts
// from (triple, data layout, launch bounds); without one, the plain export.
// RUN: tessera-translate %s --tessera-to-llvmir --sm=90a | FileCheck %s --check-prefix=NVPTX
// RUN: tessera-translate %s --tessera-to-llvmir --sm=90a --optimize-llvmir | FileCheck %s --check-prefix=OPT
// RUN: tessera-translate %s --tessera-to-llvmir | FileCheck %s --check-prefix=PLAIN

// NVPTX: target datalayout = "e-{{.*}}"
// NVPTX: target triple = "nvptx64-nvidia-cuda"
// NVPTX: define ptx_kernel void @k(ptr addrspace(1) %0) #[[ATTRS:[0-9]+]]
// NVPTX: call float @llvm.maximum.f32
// NVPTX: attributes #[[ATTRS]] = { "nvvm.maxntid"="64,1,1" }

// The dead load and the redundant maximum fold away.
// OPT: define ptx_kernel void @k
// OPT-NOT: load
// OPT: call float @llvm.maximum.f32
// OPT-NOT: call float @llvm.maximum.f32
// OPT: ret void

// PLAIN-NOT: target triple
// PLAIN: define ptx_kernel void @k(ptr addrspace(1) %0) {
// PLAIN-NOT: nvvm.maxntid

module {
  llvm.func @k(%y: !llvm.ptr<1>) attributes {nvvm.kernel, tessera.num_warps = 2 : i32} {
    %tid = nvvm.read.ptx.sreg.tid.x : i32
    %q = llvm.getelementptr %y[%tid] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, f32
    %dead = llvm.load %q : !llvm.ptr<1> -> f32
    %f = llvm.uitofp %tid : i32 to f32
    %c = llvm.mlir.constant(2.0 : f32) : f32
    %m = llvm.intr.maximum(%f, %c) : (f32, f32) -> f32
    %m2 = llvm.intr.maximum(%m, %c) : (f32, f32) -> f32
    llvm.store %m2, %q : f32, !llvm.ptr<1>
    llvm.return
  }
}
