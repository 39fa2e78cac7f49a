// --tessera-timing reports each compile stage.
// RUN: tessera-translate %s --tessera-to-ptx --sm=90a --tessera-timing -o /dev/null 2>&1 | FileCheck %s

// CHECK: Execution time report
// CHECK-DAG: NVPTX target machine
// CHECK-DAG: Translate to LLVM IR
// CHECK-DAG: LLVM O2
// CHECK-DAG: NVPTX codegen

module {
  llvm.func @k() attributes {nvvm.kernel, tessera.num_warps = 1 : i32} {
    llvm.return
  }
}
