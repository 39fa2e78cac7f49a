//===- LayoutRules.cpp - how layouts flow through one op ------------------===//
#include "tessera/Transforms/Remat/LayoutRules.h"

#include "tessera/Dialect/Tile/IR/Tile.h"
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::tessera;

Attribute remat::getLayout(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor ? tensor.getEncoding() : Attribute();
}

Type remat::withLayout(Type type, Attribute layout) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor ? tensor.cloneWithEncoding(layout) : type;
}

bool remat::isElementwiseLike(Operation *op) {
  if (isa<tile::AddPtrOp, tile::LoadOp>(op))
    return true;
  if (!isa<arith::ArithDialect, math::MathDialect>(op->getDialect()) ||
      op->getNumRegions() != 0 || op->getNumResults() != 1 ||
      isa<arith::ConstantOp>(op))
    return false;
  // Every tensor operand has the result's shape (no broadcasting in arith).
  auto result = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  return result && op->hasTrait<OpTrait::Elementwise>();
}

bool remat::isLayoutFree(Operation *op) {
  if (isa<tile::SplatOp, tile::MakeRangeOp>(op))
    return true;
  if (auto constant = dyn_cast<arith::ConstantOp>(op))
    return isa<RankedTensorType>(constant.getType());
  return false;
}

static SmallVector<int32_t> inverse(ArrayRef<int32_t> order) {
  SmallVector<int32_t> inv(order.size());
  for (auto [i, d] : llvm::enumerate(order))
    inv[d] = i;
  return inv;
}

std::optional<Attribute> remat::inferResultLayout(Operation *op,
                                                  unsigned operandIdx,
                                                  Attribute layout) {
  if (!layout || !isa<RankedTensorType>(op->getOperand(operandIdx).getType()))
    return std::nullopt;
  if (isElementwiseLike(op) || isa<tile::ScanOp, tile::BroadcastOp>(op))
    return layout;
  if (auto reduce = dyn_cast<tile::ReduceOp>(op)) {
    auto parent = dyn_cast<tgpu::DistributedLayoutAttr>(layout);
    if (!parent)
      return std::nullopt;
    return Attribute(
        tgpu::SliceEncodingAttr::get(op->getContext(), reduce.getAxis(), parent));
  }
  if (auto expand = dyn_cast<tile::ExpandDimsOp>(op)) {
    auto slice = dyn_cast<tgpu::SliceEncodingAttr>(layout);
    if (!slice || slice.getDim() != expand.getAxis())
      return std::nullopt;
    return Attribute(slice.getParent());
  }
  if (auto trans = dyn_cast<tile::TransOp>(op)) {
    auto blocked = dyn_cast<tgpu::BlockedEncodingAttr>(layout);
    if (!blocked)
      return std::nullopt;
    return Attribute(tgpu::permuteBlockedLayout(blocked, trans.getOrder()));
  }
  // reshape: a blocked layout reshaped is in general no blocked layout, and
  // there is no attribute for arbitrary linear layouts yet.
  return std::nullopt;
}

std::optional<SmallVector<Attribute>>
remat::inferOperandLayouts(Operation *op, Attribute layout) {
  SmallVector<Attribute> result(op->getNumOperands());
  auto forTensors = [&](Attribute operandLayout) {
    for (auto [i, operand] : llvm::enumerate(op->getOperands()))
      if (isa<RankedTensorType>(operand.getType()))
        result[i] = operandLayout;
    return result;
  };
  if (isLayoutFree(op) || isElementwiseLike(op) ||
      isa<tile::ScanOp, tile::BroadcastOp>(op))
    return forTensors(layout);
  if (auto reduce = dyn_cast<tile::ReduceOp>(op)) {
    auto slice = dyn_cast<tgpu::SliceEncodingAttr>(layout);
    if (!slice || slice.getDim() != reduce.getAxis())
      return std::nullopt;
    return forTensors(slice.getParent());
  }
  if (auto expand = dyn_cast<tile::ExpandDimsOp>(op)) {
    auto parent = dyn_cast<tgpu::DistributedLayoutAttr>(layout);
    if (!parent)
      return std::nullopt;
    return forTensors(
        tgpu::SliceEncodingAttr::get(op->getContext(), expand.getAxis(), parent));
  }
  if (auto trans = dyn_cast<tile::TransOp>(op)) {
    auto blocked = dyn_cast<tgpu::BlockedEncodingAttr>(layout);
    if (!blocked)
      return std::nullopt;
    return forTensors(
        tgpu::permuteBlockedLayout(blocked, inverse(trans.getOrder())));
  }
  return std::nullopt;
}
