// When ptxas rejects the PTX, its own message is part of the error.
// REQUIRES: ptxas
// The kept PTX lands in TMPDIR: the test's own folder, not /tmp.
// RUN: rm -rf %t.tmp && mkdir -p %t.tmp
// RUN: env TMPDIR=%t.tmp not tessera-translate %s --tessera-to-cubin --sm=90a -o %t.cubin 2>&1 | FileCheck %s
// RUN: ls %t.tmp | FileCheck %s --check-prefix=KEPT

// CHECK: error: ptxas -arch=sm_90a failed (exit code {{[0-9]+}}; the PTX is kept at [[PTX:.*\.ptx]]):
// CHECK-NEXT: ptxas [[PTX]], line {{[0-9]+}}; error : Not a name of any known instruction: 'not_an_instruction'

// Only the PTX is kept; the cubin and log files are gone.
// KEPT-NOT: {{.}}
// KEPT: tessera-{{.*}}.ptx
// KEPT-NOT: {{.}}

module {
  llvm.func @k() attributes {nvvm.kernel, tessera.num_warps = 1 : i32} {
    llvm.inline_asm has_side_effects "not_an_instruction.b32 0;", "" : () -> ()
    llvm.return
  }
}
