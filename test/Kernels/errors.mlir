// tessera-compile reports bad specialisations with a location.
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=4096 -o %t.ptx 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=3000 -D WARPS=8 -D NDIV=16 -o %t.ptx 2>&1 | FileCheck %s --check-prefix=POW2
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=4096 -D WARPS=8 -D NDIV=16 --sm=75 -o %t.ptx 2>&1 | FileCheck %s --check-prefix=SM
// RUN: not tessera-compile %t.does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=NOFILE
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=1024 -D WARPS=4 -D NDIV=16 --emit=sass -o %t.x 2>&1 | FileCheck %s --check-prefix=EMIT
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=1024 -D WARPS=4 -D NDIV=16 --opt-level=4 -o %t.ptx 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK -D WARPS=4 -D NDIV=16 -o %t.ptx 2>&1 | FileCheck %s --check-prefix=BADDEF
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D =4 -D WARPS=4 -D NDIV=16 -o %t.ptx 2>&1 | FileCheck %s --check-prefix=BADNAME
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=1024 -D WARPS=4 -D NDIV=16 --cubin -o - 2>&1 | FileCheck %s --check-prefix=STDOUT-CUBIN
// RUN: not tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=1024 -D WARPS=4 -D NDIV=16 --header -o - 2>&1 | FileCheck %s --check-prefix=STDOUT-HEADER
// `-o -` prints the PTX and writes no metadata file (no "-.json").
// RUN: rm -rf %t.dir && mkdir %t.dir && cd %t.dir && tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=1024 -D WARPS=4 -D NDIV=16 -o - | FileCheck %s --check-prefix=STDOUT
// RUN: ls -A %t.dir | count 0

// MISSING: rmsnorm.mlir.in:{{[0-9]+}}:{{[0-9]+}}: error: placeholder ${NDIV} has no value; pass -D NDIV=...
// POW2: error: 'tile.make_range' op range length 3000 must be a power of two
// SM: error: unsupported --sm=75
// NOFILE: error: cannot open input file
// EMIT: error: unknown --emit=sass (use ptx, llvm, mlir or tgpu)
// OPT: error: optimisation level 4 not in 0..3
// BADDEF: error: -D expects NAME=VALUE, got 'BLOCK'
// BADNAME: error: -D expects NAME=VALUE, got '=4'
// STDOUT-CUBIN: error: --cubin writes a file named after -o: give -o a file name, not '-'
// STDOUT-HEADER: error: --header writes a file named after -o: give -o a file name, not '-'
// STDOUT: .entry rmsnorm(
