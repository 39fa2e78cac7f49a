// NaN semantics of min/max (kernels/test_minmax.mlir.in, checked on the GPU by
// python/tests/test_nan_minmax_gpu.py): arith.maximumf/minimumf propagate NaN,
// as PTX max.NaN/min.NaN for f16, bf16 and f32 (sm_80+), and for f64, which has
// no max.NaN.f64, as LLVM's expansion: max.f64 plus a setp.nan test selecting a
// NaN. arith.maxnumf/minnumf ignore NaN: plain max/min (PTX returns the other
// operand). Both the tile.reduce combiner and the elementwise op are checked.
//
// RUN: tessera-compile %tessera_src_root/kernels/test_minmax.mlir.in -D ELEM=f32 -D OP=maximumf -D NEUTRAL=0xFF800000 -D BLOCK=1024 -D WARPS=4 --sm=90a -o %t.f32max.ptx
// RUN: FileCheck %s --check-prefix=F32MAX --input-file=%t.f32max.ptx
// RUN: tessera-compile %tessera_src_root/kernels/test_minmax.mlir.in -D ELEM=f32 -D OP=minimumf -D NEUTRAL=0x7F800000 -D BLOCK=256 -D WARPS=2 --sm=80 -o %t.f32min.ptx
// RUN: FileCheck %s --check-prefix=F32MIN --input-file=%t.f32min.ptx
// RUN: tessera-compile %tessera_src_root/kernels/test_minmax.mlir.in -D ELEM=f16 -D OP=maximumf -D NEUTRAL=0xFC00 -D BLOCK=1024 -D WARPS=4 --sm=90a -o %t.f16max.ptx
// RUN: FileCheck %s --check-prefix=F16MAX --input-file=%t.f16max.ptx
// RUN: tessera-compile %tessera_src_root/kernels/test_minmax.mlir.in -D ELEM=bf16 -D OP=maximumf -D NEUTRAL=0xFF80 -D BLOCK=1024 -D WARPS=4 --sm=90a -o %t.bf16max.ptx
// RUN: FileCheck %s --check-prefix=BF16MAX --input-file=%t.bf16max.ptx
// RUN: tessera-compile %tessera_src_root/kernels/test_minmax.mlir.in -D ELEM=f32 -D OP=maxnumf -D NEUTRAL=0x7FC00000 -D BLOCK=1024 -D WARPS=4 --sm=90a -o %t.f32maxnum.ptx
// RUN: FileCheck %s --check-prefix=F32MAXNUM --input-file=%t.f32maxnum.ptx
// RUN: tessera-compile %tessera_src_root/kernels/test_minmax.mlir.in -D ELEM=bf16 -D OP=minnumf -D NEUTRAL=0x7FC0 -D BLOCK=1024 -D WARPS=4 --sm=90a -o %t.bf16minnum.ptx
// RUN: FileCheck %s --check-prefix=BF16MINNUM --input-file=%t.bf16minnum.ptx
// RUN: tessera-compile %tessera_src_root/kernels/test_minmax.mlir.in -D ELEM=f64 -D OP=maximumf -D NEUTRAL=0xFFF0000000000000 -D BLOCK=1024 -D WARPS=4 --sm=90a -o %t.f64max.ptx
// RUN: FileCheck %s --check-prefix=F64MAX --input-file=%t.f64max.ptx
// RUN: tessera-compile %tessera_src_root/kernels/test_minmax.mlir.in -D ELEM=f64 -D OP=maxnumf -D NEUTRAL=0x7FF8000000000000 -D BLOCK=1024 -D WARPS=4 --sm=90a -o %t.f64maxnum.ptx
// RUN: FileCheck %s --check-prefix=F64MAXNUM --input-file=%t.f64maxnum.ptx
//
// Where ptxas is installed (the lit feature `ptxas`; the FileCheck RUNs above need
// no CUDA), the f64 and bf16 variants assemble for sm_80 and sm_90a:
// RUN: %if ptxas %{ for sm in 80 90a; do \
// RUN:   tessera-compile %tessera_src_root/kernels/test_minmax.mlir.in -D ELEM=f64 -D OP=minimumf -D NEUTRAL=0x7FF0000000000000 -D BLOCK=1024 -D WARPS=4 --sm=$sm -o %t.f64.$sm.ptx && \
// RUN:   %ptxas -arch=sm_$sm -o %t.f64.$sm.cubin %t.f64.$sm.ptx && \
// RUN:   tessera-compile %tessera_src_root/kernels/test_minmax.mlir.in -D ELEM=bf16 -D OP=maximumf -D NEUTRAL=0xFF80 -D BLOCK=1024 -D WARPS=4 --sm=$sm -o %t.bf16.$sm.ptx && \
// RUN:   %ptxas -arch=sm_$sm -o %t.bf16.$sm.cubin %t.bf16.$sm.ptx || exit 1; \
// RUN: done %}
// RUN: %if ptxas %{ ls %t.f64.80.cubin %t.f64.90a.cubin %t.bf16.80.cubin %t.bf16.90a.cubin | count 4 %}

// F32MAX-LABEL: .entry test_minmax(
// F32MAX:       max.NaN.f32
// F32MAX-NOT:   {{[[:space:]]}}max.f32
// F32MAX-NOT:   {{[[:space:]]}}min.

// F32MIN-LABEL: .entry test_minmax(
// F32MIN:       min.NaN.f32
// F32MIN-NOT:   {{[[:space:]]}}min.f32
// F32MIN-NOT:   {{[[:space:]]}}max.

// F16MAX-LABEL: .entry test_minmax(
// F16MAX:       max.NaN.f16
// F16MAX-NOT:   {{[[:space:]]}}max.f16

// BF16MAX-LABEL: .entry test_minmax(
// BF16MAX:       max.NaN.bf16
// BF16MAX-NOT:   {{[[:space:]]}}max.bf16

// F32MAXNUM-LABEL: .entry test_minmax(
// F32MAXNUM:       {{[[:space:]]}}max.f32
// F32MAXNUM-NOT:   .NaN

// BF16MINNUM-LABEL: .entry test_minmax(
// BF16MINNUM:       {{[[:space:]]}}min.bf16
// BF16MINNUM-NOT:   .NaN

// F64MAX-LABEL: .entry test_minmax(
// F64MAX-NOT:   max.NaN
// F64MAX:       setp.nan.f64 [[P:%p[0-9]+]], [[A:%rd[0-9]+]], [[B:%rd[0-9]+]];
// F64MAX-NEXT:  max.f64 [[M:%rd[0-9]+]], [[A]], [[B]];
// F64MAX-NEXT:  selp.f64 {{%rd[0-9]+}}, 0d7FF8000000000000, [[M]], [[P]];
// F64MAX-NOT:   max.NaN

// F64MAXNUM-LABEL: .entry test_minmax(
// F64MAXNUM:       {{[[:space:]]}}max.f64
// F64MAXNUM-NOT:   setp.nan
