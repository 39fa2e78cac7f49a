// A missing or failing ptxas is a diagnostic and a non-zero exit, never a
// crash (`not` without --crash fails on a signal).
// RUN: env TESSERA_PTXAS=/nonexistent/ptxas not tessera-translate %s --tessera-to-cubin --sm=90a -o %t.cubin 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: env TESSERA_PTXAS=no-such-ptxas-anywhere not tessera-translate %s --tessera-to-cubin --sm=90a -o %t.cubin 2>&1 | FileCheck %s --check-prefix=NOT-ON-PATH
// RUN: rm -rf %t.tmp && mkdir -p %t.tmp
// RUN: env TESSERA_PTXAS=false TMPDIR=%t.tmp not tessera-translate %s --tessera-to-cubin --sm=90a -o %t.cubin 2>&1 | FileCheck %s --check-prefix=FAILS

// MISSING: cubin-errors.mlir:{{[0-9]+}}:{{[0-9]+}}: error: TESSERA_PTXAS=/nonexistent/ptxas is not an executable file
// NOT-ON-PATH: error: TESSERA_PTXAS=no-such-ptxas-anywhere is not on PATH
// FAILS: error: ptxas -arch=sm_90a failed (exit code 1; the PTX is kept at {{.*}}.ptx)

module {
  llvm.func @k() attributes {nvvm.kernel, tessera.num_warps = 1 : i32} {
    llvm.return
  }
}
