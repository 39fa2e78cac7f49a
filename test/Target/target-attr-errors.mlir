// RUN: not tessera-translate %s --tessera-to-ptx 2>&1 | FileCheck %s

// CHECK: error: unsupported tessera.target "sm_75"; expected one of sm_80, sm_90, sm_90a
module attributes {tessera.target = "sm_75"} {
  llvm.func @k() attributes {nvvm.kernel, tessera.num_warps = 1 : i32} {
    llvm.return
  }
}
