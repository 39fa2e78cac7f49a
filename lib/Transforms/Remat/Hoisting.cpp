//===- Hoisting.cpp - convert the narrower tile -----------------------------===//
//
// convert(ext(x)) -> ext(convert(x)) and convert(broadcast(x)) ->
// broadcast(convert(x)): the conversion then moves fewer bytes (a narrower
// element) or fewer registers (the tile before broadcasting). The cost model
// decides; an extension that other users keep is computed a second time and
// paid for. A truncation is never crossed: converting before it would move
// more bytes, and duplicating it would round twice.
//
//===----------------------------------------------------------------------===//
#include "tessera/Transforms/Remat/Rewrites.h"

#include "tessera/Dialect/Tile/IR/Tile.h"
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"
#include "tessera/Transforms/Remat/LayoutRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::tessera;
using namespace mlir::tessera::remat;

/// An elementwise cast whose result has more bits per element than its
/// operand.
static bool isWidening(Operation *op) {
  if (!isa<arith::ExtFOp, arith::ExtSIOp, arith::ExtUIOp, arith::SIToFPOp,
           arith::UIToFPOp>(op))
    return false;
  auto in = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  auto out = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  return in && out &&
         tile::getElementBitWidth(in.getElementType()) <
             tile::getElementBitWidth(out.getElementType());
}

LogicalResult remat::hoistConversions(Operation *func, RematContext &ctx) {
  IRRewriter rewriter(func->getContext());
  for (bool changed = true; changed;) {
    changed = false;
    SmallVector<tgpu::ConvertLayoutOp> conversions;
    func->walk([&](tgpu::ConvertLayoutOp op) { conversions.push_back(op); });
    for (tgpu::ConvertLayoutOp cvt : conversions) {
      Operation *def = cvt.getSrc().getDefiningOp();
      if (!def || (!isWidening(def) && !isa<tile::BroadcastOp>(def)))
        continue;
      Attribute target = getLayout(cvt.getType());
      Value narrow = def->getOperand(0);
      auto narrowType = cast<RankedTensorType>(narrow.getType());
      int64_t before = ctx.model.conversionCost(cvt.getSrc().getType(),
                                                cvt.getType());
      int64_t after = ctx.model.conversionCost(
          narrowType, cast<RankedTensorType>(withLayout(narrowType, target)));
      // The op is rebuilt in the target layout; it is extra work when the
      // original stays for other users.
      int64_t rebuilt =
          ctx.model.opCost(def, {withLayout(def->getResult(0).getType(), target)});
      if (!def->hasOneUse())
        after += rebuilt;
      else
        after += std::max<int64_t>(0, rebuilt - ctx.model.opCost(def));
      StringRef name = def->getName().getStringRef();
      if (after >= before) {
        auto it = ctx.kept.find(cvt);
        if (it != ctx.kept.end())
          it->second += llvm::formatv("; hoisting above '{0}' would cost {1} "
                                      ">= {2}",
                                      name, after, before)
                            .str();
        continue;
      }
      rewriter.setInsertionPoint(cvt);
      auto moved = tgpu::ConvertLayoutOp::create(
          rewriter, cvt.getLoc(), withLayout(narrowType, target), narrow);
      IRMapping mapping;
      mapping.map(narrow, moved.getResult());
      Operation *clone = rewriter.clone(*def, mapping);
      clone->getResult(0).setType(cvt.getType());
      ctx.remarks.emit(cvt, llvm::formatv("layout conversion hoisted above "
                                          "'{0}': conversion cost {1} -> {2}",
                                          name, before, after));
      // The moved conversion inherits the verdict the original had.
      auto it = ctx.kept.find(cvt);
      if (it != ctx.kept.end()) {
        SmallString<64> reason = it->second;
        ctx.kept.erase(it);
        ctx.kept[moved] = reason;
      }
      rewriter.replaceOp(cvt, clone->getResults());
      if (def->use_empty())
        rewriter.eraseOp(def);
      changed = true;
    }
  }
  return success();
}
