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

def Coalesce : Pass<"tgpu-coalesce", "::mlir::ModuleOp"> {
  let summary = "Give global accesses the layout that makes them 16-byte vectors";
  let description = [{
    For every global `tile.load`, `tile.store`, `tile.atomic_rmw` and
    `tile.atomic_cas` through a tensor of pointers, the axis analysis names
    the most contiguous dimension and how many elements along it may be
    accessed as one vector (contiguity, alignment, mask constancy, at most
    16 bytes; one element for atomics, which are per element). When the
    access's layout gives a thread fewer consecutive elements than that, or
    makes lanes walk another dimension, the access gets a blocked layout with
    that many elements per thread along the contiguous dimension, lanes and
    warps after it. Its operands are converted to that layout and its result
    back, so the pass is correct on its own; `tgpu-remat-layouts` then
    removes the conversions that do not pay. `tile-to-tgpu` already gives
    the usual row-major shapes such layouts, so on its output this pass
    mostly finds nothing to do.
  }];
}

def RematerializeLayouts : Pass<"tgpu-remat-layouts", "::mlir::ModuleOp"> {
  let summary = "Remove layout conversions: propagation, rematerialization, hoisting";
  let description = [{
    Three rewrites per function, in this order:
    1. forward propagation: the layouts of anchors (loads of at least one
       element per thread, dots, atomics) flow through elementwise ops,
       reductions, scans, expand_dims, broadcast, trans, conversions and
       scf.for/if/while, loop-carried values included; every value gets one
       layout (a conflict keeps the costliest anchor's), and conversions are
       inserted only where a user needs another layout;
    2. backward rematerialization: a conversion whose source slice is legal
       (no side effects, atomics, anchors, foreign regions), numerically
       safe (no reduction, scan or dot whose combiner is not exactly
       associative computed twice) and cheaper than the conversion under
       the cost model is replaced by the slice rebuilt in the target layout
       (a loop-carried scf.for value or an scf.if result in the slice gets a
       second iter-arg or result in that layout);
    3. hoisting: a conversion of an extension or a broadcast moves above it
       when that converts fewer bytes; never above a truncation.
    With `remarks=true`, each conversion gets a remark saying what happened
    to it and why.
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark for every conversion: removed, rematerialized, "
           "hoisted or kept, and why">,
  ];
}

#endif // TESSERA_TRANSFORMS_PASSES
