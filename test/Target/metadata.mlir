// kernel.json: the shape python/tessera/metadata.py parses (docs/embedding.md).
// RUN: tessera-translate %S/Inputs/kernels.mlir --tessera-to-metadata --ptx-file=kernel.ptx | FileCheck %s
// RUN: tessera-translate %S/Inputs/kernels.mlir --tessera-to-metadata --sm=80 | FileCheck %s --check-prefix=SM80
// The consumer itself accepts it.
// RUN: tessera-translate %S/Inputs/kernels.mlir --tessera-to-metadata --ptx-file=kernel.ptx -o %t.json
// RUN: python3 %S/Inputs/parse_metadata.py %tessera_src_root/python %t.json | FileCheck %s --check-prefix=PY

// Keys are printed sorted; the device function @scale is not a kernel.
// CHECK:      {
// CHECK-NEXT:   "kernels": [
// CHECK-NEXT:     {
// CHECK-NEXT:       "name": "rmsnorm",
// CHECK-NEXT:       "num_warps": 8,
// CHECK-NEXT:       "params": [
// CHECK-NEXT:         {
// CHECK-NEXT:           "elem": "bf16",
// CHECK-NEXT:           "name": "x",
// CHECK-NEXT:           "type": "ptr"
// CHECK-NEXT:         },
// CHECK:              "name": "w",
// CHECK:              "name": "y",
// CHECK:            {
// CHECK-NEXT:           "name": "n",
// CHECK-NEXT:           "type": "i32"
// CHECK-NEXT:         },
// CHECK-NEXT:         {
// CHECK-NEXT:           "name": "eps",
// CHECK-NEXT:           "type": "f32"
// CHECK-NEXT:         }
// CHECK-NEXT:       ],
// CHECK-NEXT:       "shared_bytes": 1024,
// CHECK-NEXT:       "threads_per_block": 256
// CHECK-NEXT:     },
// Sized by nvvm.reqntid only: no num_warps; types from the signature.
// CHECK-NEXT:     {
// CHECK-NEXT:       "name": "fill",
// CHECK-NEXT:       "params": [
// CHECK-NEXT:         {
// CHECK-NEXT:           "name": "arg0",
// CHECK-NEXT:           "type": "ptr"
// CHECK-NEXT:         },
// CHECK-NEXT:         {
// CHECK-NEXT:           "name": "arg1",
// CHECK-NEXT:           "type": "i64"
// CHECK-NEXT:         },
// CHECK-NEXT:         {
// CHECK-NEXT:           "name": "arg2",
// CHECK-NEXT:           "type": "i1"
// CHECK-NEXT:         }
// CHECK-NEXT:       ],
// CHECK-NEXT:       "shared_bytes": 0,
// CHECK-NEXT:       "threads_per_block": 64
// CHECK-NEXT:     }
// CHECK-NEXT:   ],
// CHECK-NEXT:   "ptx": "kernel.ptx",
// CHECK-NEXT:   "target": "sm_90a"
// CHECK-NEXT: }

// SM80-NOT: "ptx"
// SM80:     "target": "sm_80"

// PY: target=sm_90a binary=kernel.ptx
// PY-NEXT: rmsnorm(x, w, y, n, eps) threads=256 shared=1024 warps=8 types=ptr:bf16,ptr:bf16,ptr:bf16,i32,f32
// PY-NEXT: fill(arg0, arg1, arg2) threads=64 shared=0 warps=None types=ptr,i64,i1
