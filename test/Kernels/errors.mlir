// tessera-compile reports bad specialisations with a location.
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=4096 -o %t.ptx 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=3000 -D WARPS=8 -D NDIV=16 -o %t.ptx 2>&1 | FileCheck %s --check-prefix=POW2
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=4096 -D WARPS=8 -D NDIV=16 --sm=75 -o %t.ptx 2>&1 | FileCheck %s --check-prefix=SM
// RUN: not tessera-compile %t.does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=NOFILE
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=1024 -D WARPS=4 -D NDIV=16 --emit=sass -o %t.x 2>&1 | FileCheck %s --check-prefix=EMIT
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=1024 -D WARPS=4 -D NDIV=16 --opt-level=4 -o %t.ptx 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK -D WARPS=4 -D NDIV=16 -o %t.ptx 2>&1 | FileCheck %s --check-prefix=BADDEF
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D =4 -D WARPS=4 -D NDIV=16 -o %t.ptx 2>&1 | FileCheck %s --check-prefix=BADNAME

// MISSING: rmsnorm.mlir.in:{{[0-9]+}}:{{[0-9]+}}: error: placeholder ${NDIV} has no value; pass -D NDIV=...
// POW2: error: 'tile.make_range' op range length 3000 must be a power of two
// SM: error: unsupported --sm=75
// NOFILE: error: cannot open input file
// EMIT: error: unknown --emit=sass (use ptx, llvm, mlir or tgpu)
// OPT: error: optimisation level 4 not in 0..3
// BADDEF: error: -D expects NAME=VALUE, got 'BLOCK'
// BADNAME: error: -D expects NAME=VALUE, got '=4'
