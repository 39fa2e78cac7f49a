// NVPTX's straight-line strength reduction (SLSR) costs the square of a
// function's size: it runs on small functions and is skipped on functions
// of more than 32 blocks or 512 instructions (lib/Target/PTXEmission.cpp).
// -opt-bisect-limit lists every pass that the gate lets run.
//
// Small: a 1024-wide RMSNorm (~150 instructions) gets SLSR.
// RUN: tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=1024 -D WARPS=4 -D NDIV=16 --sm=90a -o %t.small.ptx -opt-bisect-limit=100000 2>&1 | FileCheck %s --check-prefix=SMALL
// SMALL: BISECT: running pass ({{[0-9]+}}) slsr on function (rmsnorm)
//
// Large: a ragged 8192-wide RMSNorm (32 elements a thread, ~660 instructions)
// does not, and every other pass still asks the bisect gate.
// RUN: tessera-compile %tessera_src_root/kernels/rmsnorm.mlir.in -D BLOCK=8192 -D WARPS=8 -D NDIV=1 --sm=90a -o %t.large.ptx -opt-bisect-limit=100000 2>&1 | FileCheck %s --check-prefix=LARGE
// LARGE-NOT: slsr
// LARGE: BISECT: running pass ({{[0-9]+}}) {{.*}} on function (rmsnorm)
// LARGE-NOT: slsr
