//===- Legality.cpp - may an op be computed again elsewhere? --------------===//
#include "tessera/Transforms/Remat/Legality.h"

#include "tessera/Dialect/Tile/IR/Tile.h"
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"
#include "tessera/Transforms/Remat/LayoutRules.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::tessera;

bool remat::isAnchor(Operation *op, int64_t numThreads) {
  if (isa<tile::DotOp, tile::StoreOp, tile::AtomicRMWOp, tile::AtomicCASOp>(op))
    return true;
  // A load of fewer elements than threads is mostly broadcast copies: cheap
  // to repeat in the layout a user wants. At least one element per thread is
  // real memory traffic whose layout the rest of the kernel should follow.
  if (auto load = dyn_cast<tile::LoadOp>(op)) {
    auto type = dyn_cast<RankedTensorType>(load.getType());
    return type && type.getNumElements() >= numThreads;
  }
  return false;
}

std::optional<StringRef> remat::whyNotRematerializable(Operation *op,
                                                       int64_t numThreads) {
  if (isa<tile::AtomicRMWOp, tile::AtomicCASOp>(op))
    return StringRef("an atomic");
  if (auto load = dyn_cast<tile::LoadOp>(op)) {
    if (load.getIsVolatile())
      return StringRef("a volatile load");
    if (isAnchor(op, numThreads))
      return StringRef("an anchor (a load of at least one element per thread)");
    return std::nullopt;
  }
  if (isAnchor(op, numThreads))
    return StringRef("an anchor");
  // Reductions and scans carry a combine region of pure scalar ops, which
  // clones along; any other region (scf) holds control flow we do not copy.
  if (op->getNumRegions() != 0 && !isa<tile::ReduceOp, tile::ScanOp>(op))
    return StringRef("an op with regions");
  if (!isMemoryEffectFree(op))
    return StringRef("an op with side effects");
  if (isa<tgpu::ConvertLayoutOp>(op))
    return std::nullopt;
  if (!isLayoutFree(op) && !isElementwiseLike(op) &&
      !isa<tile::ReduceOp, tile::ScanOp, tile::ExpandDimsOp, tile::BroadcastOp,
           tile::TransOp>(op))
    return StringRef("an op without a layout rule");
  return std::nullopt;
}
