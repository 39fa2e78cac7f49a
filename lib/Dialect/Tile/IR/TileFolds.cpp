//===- TileFolds.cpp - folders and canonicalization of tile ops -----------===//
//
// Folds that make later layout work easier: splats of constants become
// dense constants, shape ops on splats become splats, identities vanish, and
// masks known at compile time disappear.
//
//===----------------------------------------------------------------------===//
#include "tessera/Dialect/Tile/IR/Tile.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::tessera::tile;

OpFoldResult SplatOp::fold(FoldAdaptor adaptor) {
  Attribute value = adaptor.getSrc();
  if (!value || !isa<IntegerAttr, FloatAttr>(value))
    return {};
  return SplatElementsAttr::get(getResult().getType(), value);
}

/// A splat of `x` in the shape of `type`, or a splatted constant.
static Value makeSplatLike(PatternRewriter &rewriter, Location loc,
                           Value scalar, RankedTensorType type) {
  return SplatOp::create(rewriter, loc, type, scalar);
}

namespace {

/// Shape ops whose source is a splat are splats of the result shape; shape
/// ops whose source is a splat constant are constants.
template <typename ShapeOp>
struct FoldShapeOfSplat : OpRewritePattern<ShapeOp> {
  using OpRewritePattern<ShapeOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ShapeOp op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    if (auto splat = op.getSrc().template getDefiningOp<SplatOp>()) {
      rewriter.replaceOp(op, makeSplatLike(rewriter, op.getLoc(),
                                           splat.getSrc(), type));
      return success();
    }
    SplatElementsAttr constant;
    if (matchPattern(op.getSrc(), m_Constant(&constant))) {
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(
          op, type, SplatElementsAttr::get(type, constant.getSplatValue<Attribute>()));
      return success();
    }
    return failure();
  }
};

/// broadcast(broadcast(x)) -> broadcast(x).
struct FoldBroadcastOfBroadcast : OpRewritePattern<BroadcastOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BroadcastOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getSrc().getDefiningOp<BroadcastOp>();
    if (!inner)
      return failure();
    rewriter.replaceOpWithNewOp<BroadcastOp>(op, op.getType(), inner.getSrc());
    return success();
  }
};

/// reshape(reshape(x)) -> reshape(x); the order may be relaxed only if both
/// allowed it.
struct FoldReshapeOfReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getSrc().getDefiningOp<ReshapeOp>();
    if (!inner)
      return failure();
    rewriter.replaceOpWithNewOp<ReshapeOp>(
        op, op.getType(), inner.getSrc(),
        op.getAllowReorder() && inner.getAllowReorder());
    return success();
  }
};

/// The value of a mask when it is the same constant everywhere.
std::optional<bool> getConstantMask(Value mask) {
  if (!mask)
    return std::nullopt;
  SplatElementsAttr splat;
  if (matchPattern(mask, m_Constant(&splat)))
    return splat.getSplatValue<bool>();
  IntegerAttr scalar;
  if (matchPattern(mask, m_Constant(&scalar)))
    return scalar.getValue().getBoolValue();
  return std::nullopt;
}

/// A load whose mask is all true needs no mask; one whose mask is all false
/// yields `other` and touches no memory (volatile loads are left alone).
struct CanonicalizeMaskedLoad : OpRewritePattern<LoadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LoadOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<bool> mask = getConstantMask(op.getMask());
    if (!mask)
      return failure();
    if (*mask) {
      rewriter.modifyOpInPlace(op, [&] {
        op.getMaskMutable().clear();
        op.getOtherMutable().clear();
      });
      return success();
    }
    if (!op.getOther() || op.getIsVolatile())
      return failure();
    rewriter.replaceOp(op, op.getOther());
    return success();
  }
};

/// A store whose mask is all true needs no mask; all false, no store.
struct CanonicalizeMaskedStore : OpRewritePattern<StoreOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(StoreOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<bool> mask = getConstantMask(op.getMask());
    if (!mask)
      return failure();
    if (*mask)
      rewriter.modifyOpInPlace(op, [&] { op.getMaskMutable().clear(); });
    else
      rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

OpFoldResult BroadcastOp::fold(FoldAdaptor adaptor) {
  if (getSrc().getType() == getType())
    return getSrc();
  if (auto splat = dyn_cast_or_null<SplatElementsAttr>(adaptor.getSrc()))
    return SplatElementsAttr::get(getType(), splat.getSplatValue<Attribute>());
  return {};
}

void BroadcastOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<FoldShapeOfSplat<BroadcastOp>, FoldBroadcastOfBroadcast>(context);
}

void ExpandDimsOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                               MLIRContext *context) {
  results.add<FoldShapeOfSplat<ExpandDimsOp>>(context);
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getSrc().getType() == getType())
    return getSrc();
  if (auto splat = dyn_cast_or_null<SplatElementsAttr>(adaptor.getSrc()))
    return SplatElementsAttr::get(getType(), splat.getSplatValue<Attribute>());
  return {};
}

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<FoldShapeOfSplat<ReshapeOp>, FoldReshapeOfReshape>(context);
}

OpFoldResult TransOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int32_t> order = getOrder();
  // The identity permutation.
  if (llvm::all_of(llvm::enumerate(order),
                   [](auto it) { return it.value() == (int32_t)it.index(); }) &&
      getSrc().getType() == getType())
    return getSrc();
  // trans(trans(x, inner), outer) = trans(x, inner[outer[i]]).
  if (auto inner = getSrc().getDefiningOp<TransOp>()) {
    SmallVector<int32_t> composed;
    for (int32_t d : order)
      composed.push_back(inner.getOrder()[d]);
    setOrder(composed);
    getSrcMutable().assign(inner.getSrc());
    return getResult();
  }
  if (auto splat = dyn_cast_or_null<SplatElementsAttr>(adaptor.getSrc()))
    return SplatElementsAttr::get(getType(), splat.getSplatValue<Attribute>());
  return {};
}

OpFoldResult AddPtrOp::fold(FoldAdaptor adaptor) {
  // p + 0 = p.
  if (matchPattern(getOffset(), m_Zero()))
    return getPtr();
  return {};
}

void LoadOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *context) {
  results.add<CanonicalizeMaskedLoad>(context);
}

void StoreOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                          MLIRContext *context) {
  results.add<CanonicalizeMaskedStore>(context);
}
