//===- LinearLayoutConversions.cpp - layouts as linear layouts ------------===//
//
// Each distributed layout attribute states its definition once, here, as a
// linear layout; every later question (lowering, conversions, duplication) is
// answered from that map.
//
//===----------------------------------------------------------------------===//
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"

using namespace mlir;
using namespace mlir::tessera::tgpu;

/// Blocked: registers walk sizePerThread, then lanes walk threadsPerWarp,
/// then warps walk warpsPerCTA, each over the dimensions in `order` (fastest
/// first); the resulting CTA tile is fitted to the shape (wrap-around
/// broadcast where the tensor is smaller, repetition in more registers where
/// it is larger).
LinearLayout BlockedEncodingAttr::toLinearLayout(ArrayRef<int64_t> shape) const {
  unsigned rank = getRank();
  LinearLayout tile = LinearLayout::empty(rank);
  auto walk = [&](InDim in, ArrayRef<unsigned> sizes) {
    for (unsigned d : getOrder())
      tile = tile * LinearLayout::identity1D(rank, in, d, sizes[d]);
  };
  walk(InDim::Register, getSizePerThread());
  walk(InDim::Lane, getThreadsPerWarp());
  walk(InDim::Warp, getWarpsPerCTA());
  return tile.fitToShape(shape, getOrder());
}

/// Slice: the parent over the shape with a size-1 dimension inserted at
/// `dim`, that dimension then removed. Lanes and warps that walked it now hold
/// copies (zero bases: free variables); registers that walked it are dropped,
/// so a thread keeps each element once.
LinearLayout SliceEncodingAttr::toLinearLayout(ArrayRef<int64_t> shape) const {
  SmallVector<int64_t> parentShape(shape);
  parentShape.insert(parentShape.begin() + getDim(), 1);
  return getParent()
      .toLinearLayout(parentShape)
      .removeOutDim(getDim())
      .removeZeroBases(InDim::Register);
}

namespace mlir::tessera::tgpu {

std::optional<LinearLayout> getLinearLayout(Type type) {
  DistributedLayoutAttr layout = getDistributedLayout(type);
  if (!layout)
    return std::nullopt;
  return layout.toLinearLayout(cast<RankedTensorType>(type).getShape());
}

unsigned getElemsPerThread(Type type) {
  DistributedLayoutAttr layout = getDistributedLayout(type);
  if (!layout)
    return 1;
  return layout.getElemsPerThread(cast<RankedTensorType>(type).getShape());
}

} // namespace mlir::tessera::tgpu
