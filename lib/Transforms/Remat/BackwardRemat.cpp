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
// A slice may cross an scf.for through a loop-carried value (the loop's
// result or its region argument): the loop then carries the value a second
// time in the target layout, a new iter-arg whose init and yielded values
// are part of the slice. Ops inside loops the conversion is not in are
// charged kLoopTrips times per level, since they run every iteration. An
// scf.if result likewise gets a second result in the target layout, each
// branch yielding its value rebuilt there.
//
//===----------------------------------------------------------------------===//
#include "tessera/Transforms/Remat/Rewrites.h"

#include "tessera/Dialect/TileGPU/IR/TileGPU.h"
#include "tessera/Transforms/Remat/Associativity.h"
#include "tessera/Transforms/Remat/LayoutRules.h"
#include "tessera/Transforms/Remat/Legality.h"
#include "tessera/Transforms/Remat/RematState.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
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
  /// Loop-carried values to carry a second time, in `layout`.
  struct Carried {
    Operation *loop; // an scf.for; replaced when the iter-arg is added
    unsigned index;
    Attribute layout;
  };
  SmallVector<Carried> carried;
  /// scf.if results to add, in `layout` (same shape as Carried).
  SmallVector<Carried> branches;
};

/// Iterations a loop of unknown trip count is assumed to run when weighing
/// work inside it against a conversion outside it.
constexpr int64_t kLoopTrips = 8;

/// The scf.for whose loop-carried value #i `v` is (its result or its region
/// argument), or null.
scf::ForOp getCarryingLoop(Value v, unsigned &index) {
  if (auto result = dyn_cast<OpResult>(v)) {
    auto forOp = dyn_cast<scf::ForOp>(result.getOwner());
    index = result.getResultNumber();
    return forOp;
  }
  auto arg = cast<BlockArgument>(v);
  auto forOp = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp());
  if (!forOp || arg.getArgNumber() < forOp.getNumInductionVars())
    return {};
  index = arg.getArgNumber() - forOp.getNumInductionVars();
  return forOp;
}

/// Loops (scf.for, scf.while) around `op` inside `func`.
unsigned getLoopDepth(Operation *op, Operation *func) {
  unsigned depth = 0;
  for (Operation *p = op->getParentOp(); p && p != func; p = p->getParentOp())
    depth += isa<scf::ForOp, scf::WhileOp>(p);
  return depth;
}

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
    unsigned index = 0;
    if (scf::ForOp loop = getCarryingLoop(v, index)) {
      // Carry the value a second time: its init and what the body yields.
      Value arg = loop.getRegionIterArgs()[index];
      Value result = loop.getResult(index);
      for (Value tied : {arg, result}) {
        auto [it, inserted] = slice.wanted.try_emplace(tied, item.layout);
        if (!inserted && it->second != item.layout) {
          reason = "its slice needs one value in two layouts";
          return failure();
        }
      }
      if (llvm::any_of(slice.carried, [&](const Slice::Carried &c) {
            return c.loop == loop.getOperation() && c.index == index;
          }))
        continue;
      slice.carried.push_back({loop, index, item.layout});
      Operation *yield = loop.getBody()->getTerminator();
      worklist.push_back({loop.getInitArgs()[index], item.layout, loop});
      worklist.push_back({yield->getOperand(index), item.layout, yield});
      continue;
    }
    if (auto ifOp = v.getDefiningOp<scf::IfOp>()) {
      // A second result: each branch yields the value rebuilt in the layout.
      unsigned i = cast<OpResult>(v).getResultNumber();
      slice.branches.push_back({ifOp, i, item.layout});
      for (Region *branch : {&ifOp.getThenRegion(), &ifOp.getElseRegion()}) {
        Operation *yield = branch->front().getTerminator();
        worklist.push_back({yield->getOperand(i), item.layout, yield});
      }
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
      // A carried value in the target layout needs its loop rebuilt, which
      // needs the init value first.
      unsigned index = 0;
      if (scf::ForOp loop = getCarryingLoop(v, index))
        if (slice.wanted.count(v))
          v = loop.getInitArgs()[index];
      while (slice.aliases.count(v))
        v = slice.aliases.lookup(v);
      // A new if result needs what both branches yield first.
      if (auto ifOp = v.getDefiningOp<scf::IfOp>()) {
        if (slice.wanted.count(v)) {
          unsigned i = cast<OpResult>(v).getResultNumber();
          for (Region *branch : {&ifOp.getThenRegion(), &ifOp.getElseRegion()}) {
            Value y = branch->front().getTerminator()->getOperand(i);
            while (slice.aliases.count(y))
              y = slice.aliases.lookup(y);
            if (Operation *def = y.getDefiningOp())
              visit(def);
          }
        }
        continue;
      }
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
  // Adds the iter-args of one loop: inits from the slice, the new block
  // arguments yielded unchanged until the body's copies exist.
  struct PendingYield {
    Operation *loop;
    unsigned oldIndex, newIndex;
  };
  SmallVector<PendingYield> pending;
  auto rebuildLoop = [&](Operation *loopOp) {
    auto loop = cast<scf::ForOp>(loopOp);
    SmallVector<Slice::Carried *> mine;
    SmallVector<Value> inits;
    for (Slice::Carried &c : slice.carried)
      if (c.loop == loopOp) {
        mine.push_back(&c);
        inits.push_back(resolve(loop.getInitArgs()[c.index]));
      }
    unsigned base = loop.getNumRegionIterArgs();
    state.forget(loopOp);
    rewriter.setInsertionPoint(loopOp);
    FailureOr<LoopLikeOpInterface> rebuilt =
        cast<LoopLikeOpInterface>(loopOp).replaceWithAdditionalIterOperands(
            rewriter, inits, /*replaceInitOperandUsesInLoop=*/false);
    auto newLoop = cast<scf::ForOp>(rebuilt->getOperation());
    for (auto [k, c] : llvm::enumerate(mine)) {
      c->loop = newLoop;
      Value arg = newLoop.getRegionIterArgs()[c->index];
      Value result = newLoop.getResult(c->index);
      Value newArg = newLoop.getRegionIterArgs()[base + k];
      Value newResult = newLoop.getResult(base + k);
      slice.wanted[arg] = slice.wanted[result] = c->layout;
      slice.existing[arg] = newArg;
      slice.existing[result] = newResult;
      state.record(arg, c->layout, newArg);
      state.record(result, c->layout, newResult);
      pending.push_back({newLoop, c->index, base + unsigned(k)});
    }
  };
  // Rebuilds an scf.if with one more result per value wanted from it; the
  // branches' copies exist already (they come first in the order).
  auto rebuildIf = [&](Operation *ifOp) {
    auto oldIf = cast<scf::IfOp>(ifOp);
    SmallVector<Slice::Carried *> mine;
    SmallVector<Type> types(oldIf.getResultTypes());
    for (Slice::Carried &c : slice.branches)
      if (c.loop == ifOp) {
        mine.push_back(&c);
        types.push_back(withLayout(oldIf.getResult(c.index).getType(), c.layout));
      }
    unsigned base = oldIf.getNumResults();
    for (Region *branch : {&oldIf.getThenRegion(), &oldIf.getElseRegion()}) {
      Operation *yield = branch->front().getTerminator();
      SmallVector<Value> extra;
      for (Slice::Carried *c : mine)
        extra.push_back(resolve(yield->getOperand(c->index)));
      yield->insertOperands(yield->getNumOperands(), extra);
    }
    state.forget(ifOp);
    rewriter.setInsertionPoint(ifOp);
    auto newIf = scf::IfOp::create(rewriter, oldIf.getLoc(), types,
                                   oldIf.getCondition(), /*withElse=*/true);
    newIf.getThenRegion().takeBody(oldIf.getThenRegion());
    newIf.getElseRegion().takeBody(oldIf.getElseRegion());
    rewriter.replaceOp(oldIf, newIf.getResults().take_front(base));
    for (auto [k, c] : llvm::enumerate(mine)) {
      c->loop = newIf;
      Value result = newIf.getResult(c->index);
      Value extra = newIf.getResult(base + k);
      slice.wanted[result] = c->layout;
      slice.existing[result] = extra;
      state.record(result, c->layout, extra);
    }
  };
  llvm::SetVector<Operation *> ifs;
  for (const Slice::Carried &c : slice.branches)
    ifs.insert(c.loop);
  llvm::SetVector<Operation *> loops;
  for (const Slice::Carried &c : slice.carried)
    loops.insert(c.loop);
  auto needsLoop = [&](Operation *op, Operation *loop) {
    if (loop->isProperAncestor(op))
      return true;
    return llvm::any_of(op->getOperands(), [&](Value operand) {
      while (slice.aliases.count(operand))
        operand = slice.aliases.lookup(operand);
      return operand.getDefiningOp() == loop;
    });
  };
  llvm::SetVector<Operation *> rebuiltLoops;
  for (Operation *op : slice.ops) {
    for (Operation *loop : llvm::to_vector(loops))
      if (needsLoop(op, loop)) {
        loops.remove(loop);
        rebuildLoop(loop);
      }
    for (Operation *ifOp : llvm::to_vector(ifs))
      if (!ifOp->isProperAncestor(op) && needsLoop(op, ifOp)) {
        ifs.remove(ifOp);
        rebuildIf(ifOp);
      }
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
  for (Operation *loop : llvm::to_vector(loops))
    rebuildLoop(loop);
  for (Operation *ifOp : llvm::to_vector(ifs))
    rebuildIf(ifOp);
  // The body's copies exist now: yield them.
  for (const PendingYield &p : pending) {
    Operation *yield = cast<scf::ForOp>(p.loop).getBody()->getTerminator();
    yield->setOperand(p.newIndex, resolve(yield->getOperand(p.oldIndex)));
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
      unsigned depth = getLoopDepth(op, func);
      for (unsigned d = getLoopDepth(cvt, func); d < depth; ++d)
        cost *= kLoopTrips;
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
    std::string carried;
    if (!slice->carried.empty())
      carried += llvm::formatv(" and {0} loop-carried values added",
                               slice->carried.size())
                     .str();
    if (!slice->branches.empty())
      carried += llvm::formatv(" and {0} scf.if results added",
                               slice->branches.size())
                     .str();
    ctx.remarks.emit(cvt, llvm::formatv("layout conversion rematerialized: {0} "
                                        "ops rebuilt in the target layout{3}, "
                                        "cost {1} vs conversion cost {2}",
                                        slice->ops.size(), sliceCost,
                                        conversionCost, carried));
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
