//===- TileGPU.h - the tgpu dialect -----------------------------*- C++ -*-===//
#ifndef TESSERA_DIALECT_TILEGPU_IR_TILEGPU_H
#define TESSERA_DIALECT_TILEGPU_IR_TILEGPU_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TensorEncoding.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "tessera/Dialect/Tile/IR/Tile.h"
#include "tessera/Dialect/TileGPU/IR/LinearLayout.h"

#include "tessera/Dialect/TileGPU/IR/TileGPUDialect.h.inc"
#include "tessera/Dialect/TileGPU/IR/TileGPUAttrInterfaces.h.inc"

namespace mlir::tessera::tgpu {
void printUnsignedList(AsmPrinter &printer, ArrayRef<unsigned> values);
FailureOr<SmallVector<unsigned>> parseUnsignedList(AsmParser &parser);
} // namespace mlir::tessera::tgpu

#define GET_ATTRDEF_CLASSES
#include "tessera/Dialect/TileGPU/IR/TileGPUAttrs.h.inc"

#define GET_OP_CLASSES
#include "tessera/Dialect/TileGPU/IR/TileGPUOps.h.inc"

namespace mlir::tessera::tgpu {

/// The distributed layout of a tensor type, or null.
DistributedLayoutAttr getDistributedLayout(Type type);

/// The linear layout of a tensor type with a distributed layout, or nullopt
/// (scalars, tensors without a layout).
std::optional<LinearLayout> getLinearLayout(Type type);

/// How many values each thread holds for `type`: the register count of its
/// layout for a distributed tensor, 1 for a scalar.
unsigned getElemsPerThread(Type type);

/// The warp count a function was given by `tile-to-tgpu`, or nullopt.
std::optional<unsigned> getNumWarps(Operation *funcLike);

/// The layout `tile-to-tgpu` gives a tensor of `shape` when nothing asks for
/// another: one element per thread per repetition, lanes along the fastest
/// (last) dimension first, then warps; lanes and warps the shape cannot use
/// hold copies of the fastest dimension. Null for rank 0.
/// `elemsPerThread` consecutive elements of the fastest dimension go to each
/// thread first (a power of two; capped so the CTA is not left idle): with
/// 16 bytes' worth, loads and stores become one vector per thread.
BlockedEncodingAttr getDefaultBlockedLayout(MLIRContext *ctx,
                                            ArrayRef<int64_t> shape,
                                            unsigned numWarps,
                                            unsigned threadsPerWarp,
                                            unsigned elemsPerThread = 1);

/// The blocked layout `layout` seen through `tile.trans` with `order`:
/// result dimension i is source dimension order[i]; no data moves.
BlockedEncodingAttr permuteBlockedLayout(BlockedEncodingAttr layout,
                                         ArrayRef<int32_t> order);

} // namespace mlir::tessera::tgpu

#endif // TESSERA_DIALECT_TILEGPU_IR_TILEGPU_H
