//===- RematerializeSingleUse.cpp - conversions removed without duplication ===//
#include "tessera/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_REMATERIALIZESINGLEUSE
#include "tessera/Transforms/Passes.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// Ops whose meaning does not depend on the layout of their tiles, and that
/// can therefore be rebuilt in another one: elementwise math and casts,
/// splats, ranges, address arithmetic, and loads (which read, never write).
bool isRelayoutable(Operation *op) {
  if (isa<tile::SplatOp, tile::MakeRangeOp, tile::AddPtrOp, tile::LoadOp>(op))
    return true;
  if (auto constant = dyn_cast<arith::ConstantOp>(op))
    return isa<SplatElementsAttr>(constant.getValue());
  if (!isa<arith::ArithDialect, math::MathDialect>(op->getDialect()))
    return false;
  return op->getNumRegions() == 0 && op->getNumResults() == 1 &&
         isMemoryEffectFree(op);
}

/// Ops every thread computes for itself from scalars: rebuilding them costs
/// nothing, so they may be copied even when other users keep the original.
bool isFree(Operation *op) {
  if (isa<tile::SplatOp, tile::MakeRangeOp>(op))
    return true;
  if (auto constant = dyn_cast<arith::ConstantOp>(op))
    return isa<SplatElementsAttr>(constant.getValue());
  return false;
}

RankedTensorType withLayout(Type type, Attribute layout) {
  return cast<RankedTensorType>(type).cloneWithEncoding(layout);
}

/// convert(f(single-use chain)) -> f(chain) built in the target layout.
struct RebuildChainInTargetLayout : OpRewritePattern<tgpu::ConvertLayoutOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tgpu::ConvertLayoutOp convert,
                                PatternRewriter &rewriter) const override {
    Attribute target = convert.getType().getEncoding();
    // The chain, producers before users; stop at values that are not
    // tiles (scalars are layout-free) or are block arguments.
    llvm::SetVector<Operation *> chain;
    SmallVector<Value> worklist{convert.getSrc()};
    while (!worklist.empty()) {
      Value v = worklist.pop_back_val();
      if (!isa<RankedTensorType>(v.getType()))
        continue;
      Operation *def = v.getDefiningOp();
      if (!def || !isRelayoutable(def) ||
          (!def->hasOneUse() && !isFree(def)) ||
          def->getBlock() != convert->getBlock())
        return failure();
      if (!chain.insert(def))
        continue;
      for (Value operand : def->getOperands())
        worklist.push_back(operand);
    }
    // Rebuild in program order so operands exist before their users.
    SmallVector<Operation *> ordered(chain.begin(), chain.end());
    llvm::sort(ordered, [](Operation *a, Operation *b) {
      return a->isBeforeInBlock(b);
    });
    IRMapping mapping;
    rewriter.setInsertionPoint(convert);
    for (Operation *op : ordered) {
      Operation *clone = rewriter.clone(*op, mapping);
      for (OpResult result : clone->getResults())
        result.setType(withLayout(result.getType(), target));
      if (auto constant = dyn_cast<arith::ConstantOp>(clone))
        constant.setValueAttr(SplatElementsAttr::get(
            withLayout(constant.getType(), target),
            cast<SplatElementsAttr>(constant.getValue())
                .getSplatValue<Attribute>()));
    }
    rewriter.replaceOp(convert,
                       mapping.lookup(convert.getSrc()));
    // The originals die unless a free op still has other users.
    for (Operation *op : llvm::reverse(ordered))
      if (op->use_empty())
        rewriter.eraseOp(op);
    return success();
  }
};

/// elementwise(convert(x)) whose only user converts straight back to x's
/// layout: compute in x's layout, and the two conversions fold away.
struct SinkConversionThroughElementwise
    : OpRewritePattern<tgpu::ConvertLayoutOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tgpu::ConvertLayoutOp convert,
                                PatternRewriter &rewriter) const override {
    Attribute source = convert.getSrc().getType().getEncoding();
    // Follow the single-use elementwise users to a conversion back.
    SmallVector<Operation *> path;
    Value current = convert.getResult();
    while (current.hasOneUse()) {
      Operation *user = *current.getUsers().begin();
      if (auto back = dyn_cast<tgpu::ConvertLayoutOp>(user)) {
        if (back.getType().getEncoding() != source || path.empty())
          return failure();
        break;
      }
      if (!isRelayoutable(user) || isa<tile::LoadOp, tile::AddPtrOp>(user) ||
          user->getNumResults() != 1 ||
          user->getBlock() != convert->getBlock())
        return failure();
      // Every other tile operand must be free to rebuild in `source`: a
      // splat or a splat constant.
      for (Value operand : user->getOperands()) {
        if (operand == current || !isa<RankedTensorType>(operand.getType()))
          continue;
        Operation *def = operand.getDefiningOp();
        if (!def || !(isa<tile::SplatOp>(def) ||
                      (isa<arith::ConstantOp>(def) &&
                       isa<SplatElementsAttr>(
                           cast<arith::ConstantOp>(def).getValue()))))
          return failure();
      }
      path.push_back(user);
      current = user->getResult(0);
    }
    if (path.empty() || !current.hasOneUse() ||
        !isa<tgpu::ConvertLayoutOp>(*current.getUsers().begin()))
      return failure();
    // Re-create the path in `source`, fed by the unconverted value.
    IRMapping mapping;
    mapping.map(convert.getResult(), convert.getSrc());
    rewriter.setInsertionPoint(path.back());
    for (Operation *op : path) {
      for (Value operand : op->getOperands()) {
        if (mapping.contains(operand) || !isa<RankedTensorType>(operand.getType()))
          continue;
        Operation *def = operand.getDefiningOp();
        Operation *copy = rewriter.clone(*def);
        copy->getResult(0).setType(withLayout(operand.getType(), source));
        if (auto constant = dyn_cast<arith::ConstantOp>(copy))
          constant.setValueAttr(SplatElementsAttr::get(
              withLayout(constant.getType(), source),
              cast<SplatElementsAttr>(constant.getValue())
                  .getSplatValue<Attribute>()));
        mapping.map(operand, copy->getResult(0));
      }
      Operation *clone = rewriter.clone(*op, mapping);
      clone->getResult(0).setType(withLayout(op->getResult(0).getType(), source));
      mapping.map(op->getResult(0), clone->getResult(0));
    }
    auto back = cast<tgpu::ConvertLayoutOp>(*current.getUsers().begin());
    rewriter.replaceOp(back, mapping.lookup(current));
    return success();
  }
};

struct RematerializeSingleUsePass
    : tessera::impl::RematerializeSingleUseBase<RematerializeSingleUsePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RebuildChainInTargetLayout, SinkConversionThroughElementwise>(
        &getContext());
    tgpu::ConvertLayoutOp::getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
