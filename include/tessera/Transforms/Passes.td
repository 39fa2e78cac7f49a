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
    An op whose bytes an earlier scratch user of the function may still be
    reading (an overlapping earlier buffer, its own previous loop iteration,
    or any use in a device function) gets `tgpu.scratch_fence`: the lowering
    then puts a barrier before writing, so reuse is race-free, and the first
    user of shared memory in a kernel pays no barrier for it. A call takes
    its callee's shared memory for its duration.
  }];
}

def RematerializeSingleUse : Pass<"tgpu-remat-single-use", "::mlir::ModuleOp"> {
  let summary = "Remove layout conversions by recomputing single-use producers";
  let description = [{
    The duplication-free part of layout rematerialization. A
    `tgpu.convert_layout` whose source is computed by a chain of ops that
    each have exactly one user (splats, ranges, constants, address
    arithmetic, loads, extensions, elementwise math) is removed by building
    that chain directly in the target layout: nothing is computed twice, no
    side effect is duplicated, and a shared-memory round trip with its
    barriers disappears. A conversion whose source is a reduction result
    and whose users are elementwise ops feeding a conversion back is pushed
    through them, so the pair cancels. The cost-model parts of
    rematerialization (duplicating cheap work, hoisting over extensions)
    are not done here.
  }];
}

#endif // TESSERA_TRANSFORMS_PASSES
