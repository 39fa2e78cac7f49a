// --tessera-to-cubin runs ptxas in process and writes the ELF it produced.
// REQUIRES: ptxas
// RUN: tessera-translate %S/Inputs/kernels.mlir --tessera-to-cubin --sm=90a -o %t.cubin
// RUN: od -An -c -N4 %t.cubin | FileCheck %s --check-prefix=ELF
// RUN: grep -c rmsnorm %t.cubin | FileCheck %s --check-prefix=NAME
// RUN: tessera-translate %S/Inputs/kernels.mlir --tessera-to-cubin --sm=80 -o %t.80.cubin
// RUN: od -An -c -N4 %t.80.cubin | FileCheck %s --check-prefix=ELF
// Extra ptxas arguments pass through; what ptxas prints is a remark.
// RUN: tessera-translate %S/Inputs/kernels.mlir --tessera-to-cubin --sm=90a --ptxas-opt=-v,-lineinfo -o %t.v.cubin 2>&1 | FileCheck %s --check-prefix=VERBOSE

// ELF: 177 E L F
// NAME: {{[1-9]}}
// VERBOSE: kernels.mlir:{{[0-9]+}}:{{[0-9]+}}: remark: ptxas: ptxas info
// VERBOSE: ptxas info : Compiling entry function 'rmsnorm' for 'sm_90a'
