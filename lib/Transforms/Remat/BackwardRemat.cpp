//===- BackwardRemat.cpp - rebuild a conversion's slice in its layout -----===//
//
// For each conversion, the backward slice of its source is collected in the
// target layout (each value with the layout its user's rule demands), then
// the three questions are asked separately: legal (Legality.h: no side
// effects, atomics, anchors or foreign regions in the slice), numerically
// safe (Associativity.h: an order-sensitive op that would survive next to
// its copy must have an exact combiner) and profitable (CostModel.h: what
// the slice adds against what the conversion costs). Only then is the slice
// cloned, each op right after its original so dominance holds, and values
// rebuilt earlier are reused through RematState when they dominate.
//
//===----------------------------------------------------------------------===//
#include "tessera/Transforms/Remat/Rewrites.h"

#include "tessera/Dialect/TileGPU/IR/TileGPU.h"
#include "tessera/Transforms/Remat/Associativity.h"
#include "tessera/Transforms/Remat/LayoutRules.h"
#include "tessera/Transforms/Remat/Legality.h"
#include "tessera/Transforms/Remat/RematState.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::tessera;
using namespace mlir::tessera::remat;

namespace {

/// What rebuilding one conversion's source in the target layout takes.
struct Slice {
  /// Every value to have in another layout, and that layout.
  llvm::MapVector<Value, Attribute> wanted;
  /// The ops to clone, operands' producers first.
  llvm::SetVector<Operation *> ops;
  /// Values that are another value in the wanted layout already: a
  /// conversion's source, or a value rebuilt for an earlier conversion.
  llvm::DenseMap<Value, Value> existing;
  /// Conversion results met in the slice, stand-ins for their sources.
  llvm::DenseMap<Value, Value> aliases;
  /// Ops of the slice that no one needs once the conversion is gone.
  llvm::DenseSet<Operation *> dying;
};

class BackwardRemat {
public:
  BackwardRemat(Operation *func, RematContext &ctx)
      : func(func), ctx(ctx), state(func), rewriter(func->getContext()) {}
  LogicalResult run();

private:
  /// The slice, or the reason it cannot be rebuilt.
  FailureOr<Slice> collect(tgpu::ConvertLayoutOp cvt, std::string &reason);
  void order(Slice &slice);
  void findDying(Slice &slice, tgpu::ConvertLayoutOp cvt);
  Value rewrite(Slice &slice, tgpu::ConvertLayoutOp cvt);
  void erase(Operation *op);

  Operation *func;
  RematContext &ctx;
  RematState state;
  IRRewriter rewriter;
};

FailureOr<Slice> BackwardRemat::collect(tgpu::ConvertLayoutOp cvt,
                                        std::string &reason) {
  Slice slice;
  struct Item {
    Value value;
    Attribute layout;
    Operation *user;
  };
  SmallVector<Item> worklist{{cvt.getSrc(), getLayout(cvt.getType()), cvt}};
  while (!worklist.empty()) {
    Item item = worklist.pop_back_val();
    Value v = item.value;
    if (getLayout(v.getType()) == item.layout)
      continue;
    if (auto it = slice.wanted.find(v); it != slice.wanted.end()) {
      if (it->second == item.layout)
        continue;
      reason = "its slice needs one value in two layouts";
      return failure();
    }
    slice.wanted[v] = item.layout;
    if (Value rebuilt = state.lookup(v, item.layout, item.user)) {
      slice.existing[v] = rebuilt;
      continue;
    }
    Operation *def = v.getDefiningOp();
    if (!def) {
      reason = "its slice reaches a block argument";
      return failure();
    }
    if (auto inner = dyn_cast<tgpu::ConvertLayoutOp>(def)) {
      slice.aliases[v] = inner.getSrc();
      worklist.push_back({inner.getSrc(), item.layout, item.user});
      continue;
    }
    if (std::optional<StringRef> why =
            whyNotRematerializable(def, ctx.numThreads)) {
      reason = llvm::formatv("its slice reaches {0} ('{1}')", *why,
                             def->getName().getStringRef())
                   .str();
      return failure();
    }
    // An order-sensitive op whose value is also used as it is would exist
    // twice: say so now, before legality further up hides the reason.
    if (!isSafeToDuplicate(def) && !v.hasOneUse()) {
      reason = llvm::formatv("rematerializing would compute the "
                             "non-associative '{0}' a second time, in "
                             "another order",
                             def->getName().getStringRef())
                   .str();
      return failure();
    }
    std::optional<SmallVector<Attribute>> layouts =
        inferOperandLayouts(def, item.layout);
    if (!layouts) {
      reason = llvm::formatv("'{0}' cannot produce the target layout",
                             def->getName().getStringRef())
                   .str();
      return failure();
    }
    for (Value result : def->getResults()) {
      if (result == v || !isa<RankedTensorType>(result.getType()))
        continue;
      auto [it, inserted] = slice.wanted.try_emplace(result, item.layout);
      if (!inserted && it->second != item.layout) {
        reason = "its slice needs one value in two layouts";
        return failure();
      }
    }
    slice.ops.insert(def);
    for (auto [operand, layout] : llvm::zip(def->getOperands(), *layouts))
      if (layout)
        worklist.push_back({operand, layout, def});
  }
  order(slice);
  findDying(slice, cvt);
  return slice;
}

/// Producers before users: a post-order walk over operands (looking
/// through conversions, which are not cloned).
void BackwardRemat::order(Slice &slice) {
  llvm::SetVector<Operation *> ordered;
  llvm::DenseSet<Operation *> inSlice(slice.ops.begin(), slice.ops.end());
  std::function<void(Operation *)> visit = [&](Operation *op) {
    if (!inSlice.contains(op) || ordered.contains(op))
      return;
    for (Value operand : op->getOperands()) {
      Value v = operand;
      while (slice.aliases.count(v))
        v = slice.aliases.lookup(v);
      if (Operation *def = v.getDefiningOp())
        visit(def);
    }
    ordered.insert(op);
  };
  for (Operation *op : slice.ops)
    visit(op);
  slice.ops = std::move(ordered);
}

/// An op dies when every user is the conversion or another dying op of the
/// slice; the rest survive next to their copies.
void BackwardRemat::findDying(Slice &slice, tgpu::ConvertLayoutOp cvt) {
  slice.dying.insert(slice.ops.begin(), slice.ops.end());
  for (bool changed = true; changed;) {
    changed = false;
    for (Operation *op : slice.ops) {
      if (!slice.dying.contains(op))
        continue;
      for (Operation *user : op->getUsers()) {
        if (user == cvt.getOperation() || slice.dying.contains(user))
          continue;
        slice.dying.erase(op);
        changed = true;
        break;
      }
    }
  }
}

Value BackwardRemat::rewrite(Slice &slice, tgpu::ConvertLayoutOp cvt) {
  IRMapping mapping;
  std::function<Value(Value)> resolve = [&](Value v) -> Value {
    if (Value e = slice.existing.lookup(v))
      return e;
    if (Value a = slice.aliases.lookup(v))
      return resolve(a);
    return mapping.lookupOrDefault(v);
  };
  for (Operation *op : slice.ops) {
    rewriter.setInsertionPointAfter(op);
    for (Value operand : op->getOperands())
      if (slice.wanted.count(operand))
        mapping.map(operand, resolve(operand));
    Operation *clone = rewriter.clone(*op, mapping);
    for (auto [result, copy] : llvm::zip(op->getResults(), clone->getResults())) {
      Attribute layout = slice.wanted.lookup(result);
      if (!layout)
        continue;
      copy.setType(withLayout(result.getType(), layout));
      state.record(result, layout, copy);
    }
    if (auto constant = dyn_cast<arith::ConstantOp>(clone))
      constant.setValueAttr(cast<DenseElementsAttr>(constant.getValue())
                                .reshape(cast<ShapedType>(constant.getType())));
  }
  return resolve(cvt.getSrc());
}

void BackwardRemat::erase(Operation *op) {
  ctx.kept.erase(op);
  state.eraseOp(rewriter, op);
}

LogicalResult BackwardRemat::run() {
  llvm::DenseSet<Operation *> done;
  while (true) {
    tgpu::ConvertLayoutOp cvt;
    func->walk([&](tgpu::ConvertLayoutOp op) {
      if (!cvt && !done.contains(op))
        cvt = op;
    });
    if (!cvt)
      break;
    done.insert(cvt);
    auto srcType = cvt.getSrc().getType();
    auto dstType = cvt.getType();
    std::string reason;
    FailureOr<Slice> slice = collect(cvt, reason);
    if (failed(slice)) {
      ctx.kept[cvt] = reason;
      continue;
    }
    // Numerically safe: nothing order-sensitive computed twice inexactly.
    Operation *unsafe = nullptr;
    for (Operation *op : slice->ops)
      if (!slice->dying.contains(op) && !isSafeToDuplicate(op))
        unsafe = op;
    if (unsafe) {
      ctx.kept[cvt] = llvm::formatv("rematerializing would compute the "
                                    "non-associative '{0}' a second time, in "
                                    "another order",
                                    unsafe->getName().getStringRef())
                          .str();
      continue;
    }
    // Profitable: what the slice adds against what the conversion costs.
    int64_t sliceCost = 0;
    for (Operation *op : slice->ops) {
      SmallVector<Type> types;
      for (Value result : op->getResults())
        types.push_back(slice->wanted.count(result)
                            ? withLayout(result.getType(),
                                         slice->wanted.lookup(result))
                            : result.getType());
      int64_t cost = ctx.model.opCost(op, types);
      if (slice->dying.contains(op))
        cost = std::max<int64_t>(0, cost - ctx.model.opCost(op));
      sliceCost += cost;
    }
    int64_t conversionCost = ctx.model.conversionCost(srcType, dstType);
    if (sliceCost != 0 && sliceCost >= conversionCost) {
      ctx.kept[cvt] = llvm::formatv("rematerializing {0} ops costs {1} >= "
                                    "conversion cost {2}",
                                    slice->ops.size(), sliceCost,
                                    conversionCost)
                          .str();
      continue;
    }
    ctx.remarks.emit(cvt, llvm::formatv("layout conversion rematerialized: {0} "
                                        "ops rebuilt in the target layout, "
                                        "cost {1} vs conversion cost {2}",
                                        slice->ops.size(), sliceCost,
                                        conversionCost));
    Value replacement = rewrite(*slice, cvt);
    rewriter.replaceAllUsesWith(cvt.getResult(), replacement);
    erase(cvt);
    // Originals nobody uses any more, users before producers; conversions
    // of the slice whose users were all rebuilt go too.
    llvm::SetVector<Operation *> candidates;
    for (auto &[alias, src] : slice->aliases)
      candidates.insert(alias.getDefiningOp());
    for (Operation *op : llvm::reverse(slice->ops))
      candidates.insert(op);
    for (bool changed = true; changed;) {
      changed = false;
      for (Operation *op : llvm::make_early_inc_range(candidates)) {
        if (!op->use_empty())
          continue;
        candidates.remove(op);
        if (isa<tgpu::ConvertLayoutOp>(op) && done.erase(op))
          ctx.remarks.emit(op, "layout conversion removed: every user was "
                               "rematerialized in another layout");
        erase(op);
        changed = true;
      }
    }
    if (failed(state.verify()))
      return failure();
  }
  return success();
}

} // namespace

LogicalResult remat::rematerializeConversions(Operation *func,
                                              RematContext &ctx) {
  return BackwardRemat(func, ctx).run();
}
