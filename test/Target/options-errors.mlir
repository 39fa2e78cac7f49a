// Bad target options are diagnostics on the module and a non-zero exit.
// RUN: not tessera-translate %s --tessera-to-ptx --sm=75 2>&1 | FileCheck %s --check-prefix=BAD-SM
// RUN: not tessera-translate %s --tessera-to-cubin --sm=sm_100x 2>&1 | FileCheck %s --check-prefix=BAD-SM2
// RUN: not tessera-translate %s --tessera-to-header --sm=90b 2>&1 | FileCheck %s --check-prefix=BAD-SM3
// RUN: not tessera-translate %s --tessera-to-ptx 2>&1 | FileCheck %s --check-prefix=NO-SM
// RUN: not tessera-translate %s --tessera-to-ptx --sm=90a --ptx-version=95 2>&1 | FileCheck %s --check-prefix=BAD-PTX
// RUN: not tessera-translate %s --tessera-to-ptx --sm=90a --ptx-version=78 2>&1 | FileCheck %s --check-prefix=OLD-PTX
// RUN: not tessera-translate %s --tessera-to-ptx --sm=80 --opt-level=4 2>&1 | FileCheck %s --check-prefix=BAD-OPT
// Metadata does not need an SM, but a bad one is still an error.
// RUN: tessera-translate %s --tessera-to-metadata | FileCheck %s --check-prefix=NO-TARGET
// RUN: not tessera-translate %s --tessera-to-metadata --sm=75 2>&1 | FileCheck %s --check-prefix=BAD-SM

// BAD-SM: options-errors.mlir:{{[0-9]+}}:{{[0-9]+}}: error: unsupported --sm value '75'; expected one of sm_80, sm_90, sm_90a (the 'sm_' may be left out)
// BAD-SM2: error: unsupported --sm value 'sm_100x'
// BAD-SM3: error: unsupported --sm value '90b'
// NO-SM: error: no target SM: pass --sm (sm_80, sm_90, sm_90a) or set tessera.target on the module
// BAD-PTX: error: unsupported PTX version 95; expected 70-78, 80-88 or 90
// OLD-PTX: error: sm_90a needs PTX version 80 or newer, got 78
// BAD-OPT: error: optimisation level 4 not in 0..3

// NO-TARGET:     {
// NO-TARGET-NOT: "target"
// NO-TARGET:     "kernels": [
// NO-TARGET-NOT: "target"
// NO-TARGET:     }

module {
  llvm.func @k() attributes {nvvm.kernel, tessera.num_warps = 1 : i32} {
    llvm.return
  }
}
