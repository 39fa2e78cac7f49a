// Calls to libdevice (__nv_*) are linked in, inlined and internalized: no
// .extern .func is left for ptxas or the driver to resolve.
// REQUIRES: libdevice
// RUN: tessera-translate %s --tessera-to-ptx --sm=90a | FileCheck %s
// RUN: tessera-translate %s --tessera-to-llvmir --sm=90a | FileCheck %s --check-prefix=IR
// RUN: env TESSERA_LIBDEVICE=/nonexistent/libdevice.10.bc not tessera-translate %s --tessera-to-ptx --sm=90a 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: env TESSERA_LIBDEVICE=%s not tessera-translate %s --tessera-to-ptx --sm=90a 2>&1 | FileCheck %s --check-prefix=NOT-BITCODE
// RUN: %if ptxas %{ tessera-translate %s --tessera-to-ptx --sm=80 -o %t.ptx && %ptxas -arch=sm_80 %t.ptx -o %t.cubin %}

// CHECK-NOT:   __nv_expf
// CHECK-LABEL: .visible .entry exp_kernel(
// CHECK:       ex2.approx
// CHECK-NOT:   call
// CHECK:       ret;
// CHECK-NOT:   __nv_

// IR: define internal float @__nv_expf(float
// IR-NOT: define {{.*}}@__nv_erff

// MISSING: error: cannot read libdevice /nonexistent/libdevice.10.bc: No such file or directory
// NOT-BITCODE: error: cannot parse libdevice {{.*}}libdevice.mlir: Invalid bitcode signature

module attributes {tessera.target = "sm_90a"} {
  llvm.func @__nv_expf(f32) -> f32

  llvm.func @exp_kernel(%x: !llvm.ptr<1>) attributes {nvvm.kernel, tessera.num_warps = 1 : i32} {
    %tid = nvvm.read.ptx.sreg.tid.x : i32
    %p = llvm.getelementptr %x[%tid] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, f32
    %v = llvm.load %p : !llvm.ptr<1> -> f32
    %e = llvm.call @__nv_expf(%v) : (f32) -> f32
    llvm.store %e, %p : f32, !llvm.ptr<1>
    llvm.return
  }
}
