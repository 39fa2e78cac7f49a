//===- Passes.td - Tessera tgpu transformations ------------*- tablegen -*-===//
#ifndef TESSERA_TRANSFORMS_PASSES
#define TESSERA_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def AllocateSharedMemory : Pass<"tgpu-allocate-shared-memory", "::mlir::ModuleOp"> {
  let summary = "Give every op that needs shared memory its offset";
  let description = [{
    Reductions whose warps split the reduced axis, and layout conversions
    that move data between warps, need shared-memory scratch. Each buffer is
    live over an interval of the function (today: the op itself), and
    buffers whose intervals do not overlap share bytes: offsets are chosen
    first-fit in order of interval start, aligned to 16 bytes. The op gets
    `tgpu.scratch_offset`, the function `tgpu.shared_bytes` (the high-water
    mark), which becomes the kernel's dynamic shared memory in its metadata.
    The lowering puts a barrier before each scratch write, so reuse across
    ops is race-free.
  }];
}

#endif // TESSERA_TRANSFORMS_PASSES
