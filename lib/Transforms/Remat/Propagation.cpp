//===- Propagation.cpp - anchor layouts flow forward ----------------------===//
//
// A sparse forward propagation over the SSA graph. Seeds are the anchors'
// results (expensive loads, dots, atomics), costliest first; a seed's layout
// flows to the users of its value through every op with a forward layout
// rule (elementwise, reduce, scan, expand_dims, broadcast, trans), through
// conversions (whose result then takes the source's layout, which makes the
// conversion vanish), and through scf.for/if/while: loop-carried block
// arguments and results are "tied" into one group that gets one layout.
//
// A group reached by several layouts is a conflict. The first layout that
// reached it (from the costliest anchor) wins, and propagation runs again
// with the winner pinned, so that the losing layout does not spread past
// the conflict. Then every value takes its group's layout and a conversion
// is inserted, right after the value's definition and shared by all its
// users, wherever a user needs another layout: stores, atomics, function
// results and anything without a rule keep what they had.
//
//===----------------------------------------------------------------------===//
#include "tessera/Transforms/Remat/Rewrites.h"

#include "tessera/Dialect/Tile/IR/Tile.h"
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"
#include "tessera/Transforms/Remat/LayoutRules.h"
#include "tessera/Transforms/Remat/Legality.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/MapVector.h"

using namespace mlir;
using namespace mlir::tessera;
using namespace mlir::tessera::remat;

namespace {

class LayoutPropagation {
public:
  LayoutPropagation(Operation *func, RematContext &ctx)
      : func(func), ctx(ctx) {}

  LogicalResult run();

private:
  /// Groups of values that must share one layout.
  void buildGroups();
  void tie(ArrayRef<Value> values);
  unsigned groupOf(Value v);

  void propagate(ArrayRef<std::pair<Value, Attribute>> seeds);
  void visit(Value v, Attribute layout);
  void visitUse(OpOperand &use, Attribute layout);

  /// The layout the user of `use` needs once the rewrite is done, or null
  /// when any layout will do.
  Attribute requiredLayout(OpOperand &use);
  Value convertTo(Value v, Attribute layout, Operation *user);

  Operation *func;
  RematContext &ctx;
  llvm::DenseMap<Value, unsigned> group;
  SmallVector<SmallVector<Value, 2>> members;
  /// Per group, the layouts that reached it, first come first.
  llvm::DenseMap<unsigned, SmallVector<Attribute, 2>> candidates;
  /// Conflicted groups and the layout they keep.
  llvm::DenseMap<unsigned, Attribute> pinned;
  /// Values whose type the rewrite changed, with their old type.
  llvm::DenseMap<Value, Type> original;
  llvm::DenseMap<std::pair<Value, Attribute>, Value> conversions;
  llvm::DenseSet<Value> convertedFrom;
};

void LayoutPropagation::tie(ArrayRef<Value> values) {
  SmallVector<Value> tensors;
  for (Value v : values)
    if (isa<RankedTensorType>(v.getType()))
      tensors.push_back(v);
  if (tensors.empty())
    return;
  unsigned id = members.size();
  members.emplace_back();
  for (Value v : tensors) {
    // A value already in a group brings its group along.
    auto it = group.find(v);
    if (it != group.end() && it->second != id) {
      unsigned old = it->second;
      for (Value m : members[old]) {
        group[m] = id;
        members[id].push_back(m);
      }
      members[old].clear();
      continue;
    }
    if (it == group.end()) {
      group[v] = id;
      members[id].push_back(v);
    }
  }
}

unsigned LayoutPropagation::groupOf(Value v) {
  auto it = group.find(v);
  if (it != group.end())
    return it->second;
  tie({v});
  return group.lookup(v);
}

void LayoutPropagation::buildGroups() {
  func->walk([&](Operation *op) {
    if (auto forOp = dyn_cast<scf::ForOp>(op)) {
      for (auto [arg, result] :
           llvm::zip(forOp.getRegionIterArgs(), forOp.getResults()))
        tie({arg, result});
    } else if (auto whileOp = dyn_cast<scf::WhileOp>(op)) {
      for (auto [arg, result] :
           llvm::zip(whileOp.getAfterArguments(), whileOp.getResults()))
        tie({arg, result});
    } else if (isa<tile::ReduceOp, tile::ScanOp>(op)) {
      // One rule gives all results one layout; keep it that way.
      tie(SmallVector<Value>(op->getResults()));
    }
  });
}

void LayoutPropagation::visit(Value v, Attribute layout) {
  if (!isa<RankedTensorType>(v.getType()))
    return;
  unsigned g = groupOf(v);
  auto pin = pinned.find(g);
  if (pin != pinned.end() && pin->second != layout)
    return;
  SmallVector<Attribute, 2> &seen = candidates[g];
  if (llvm::is_contained(seen, layout))
    return;
  seen.push_back(layout);
  if (seen.size() > 1)
    return; // a conflict: resolved before anything spreads further
  SmallVector<Value, 2> groupMembers(members[g]);
  for (Value m : groupMembers)
    for (OpOperand &use : llvm::make_early_inc_range(m.getUses()))
      visitUse(use, layout);
}

void LayoutPropagation::visitUse(OpOperand &use, Attribute layout) {
  Operation *user = use.getOwner();
  unsigned idx = use.getOperandNumber();
  if (auto cvt = dyn_cast<tgpu::ConvertLayoutOp>(user))
    return visit(cvt.getResult(), layout);
  if (isa<scf::YieldOp>(user)) {
    Operation *parent = user->getParentOp();
    if (isa<scf::ForOp, scf::IfOp>(parent))
      return visit(parent->getResult(idx), layout);
    if (auto whileOp = dyn_cast<scf::WhileOp>(parent))
      return visit(whileOp.getBeforeArguments()[idx], layout);
    return;
  }
  if (auto cond = dyn_cast<scf::ConditionOp>(user)) {
    if (idx == 0)
      return;
    auto whileOp = cast<scf::WhileOp>(cond->getParentOp());
    return visit(whileOp.getAfterArguments()[idx - 1], layout);
  }
  if (auto forOp = dyn_cast<scf::ForOp>(user)) {
    unsigned first = forOp.getNumControlOperands();
    if (idx >= first)
      visit(forOp.getRegionIterArgs()[idx - first], layout);
    return;
  }
  if (auto whileOp = dyn_cast<scf::WhileOp>(user))
    return visit(whileOp.getBeforeArguments()[idx], layout);
  if (isAnchor(user, ctx.numThreads))
    return; // anchors keep their own layout
  std::optional<Attribute> result = inferResultLayout(user, idx, layout);
  if (!result)
    return;
  for (Value r : user->getResults())
    visit(r, *result);
}

void LayoutPropagation::propagate(
    ArrayRef<std::pair<Value, Attribute>> seeds) {
  candidates.clear();
  for (auto [value, layout] : seeds)
    visit(value, layout);
}

Attribute LayoutPropagation::requiredLayout(OpOperand &use) {
  Operation *user = use.getOwner();
  unsigned idx = use.getOperandNumber();
  auto layoutOf = [](Value v) { return getLayout(v.getType()); };
  if (isa<tgpu::ConvertLayoutOp>(user))
    return {};
  if (isa<scf::YieldOp>(user)) {
    Operation *parent = user->getParentOp();
    if (isa<scf::ForOp, scf::IfOp>(parent))
      return layoutOf(parent->getResult(idx));
    if (auto whileOp = dyn_cast<scf::WhileOp>(parent))
      return layoutOf(whileOp.getBeforeArguments()[idx]);
    return {};
  }
  if (auto cond = dyn_cast<scf::ConditionOp>(user)) {
    if (idx == 0)
      return {};
    auto whileOp = cast<scf::WhileOp>(cond->getParentOp());
    return layoutOf(whileOp.getAfterArguments()[idx - 1]);
  }
  if (auto forOp = dyn_cast<scf::ForOp>(user)) {
    unsigned first = forOp.getNumControlOperands();
    return idx < first ? Attribute()
                       : layoutOf(forOp.getRegionIterArgs()[idx - first]);
  }
  if (auto whileOp = dyn_cast<scf::WhileOp>(user))
    return layoutOf(whileOp.getBeforeArguments()[idx]);
  if (isa<scf::IfOp>(user))
    return {};
  // An op whose results moved to a new layout reads its operands in the
  // layouts its rule derives from that.
  for (Value result : user->getResults()) {
    if (!original.count(result))
      continue;
    if (auto layouts = inferOperandLayouts(user, layoutOf(result)))
      if ((*layouts)[idx])
        return (*layouts)[idx];
    break;
  }
  // Anything else keeps reading what it read before.
  Value operand = use.get();
  auto it = original.find(operand);
  return getLayout(it != original.end() ? it->second : operand.getType());
}

Value LayoutPropagation::convertTo(Value v, Attribute layout, Operation *user) {
  Value &slot = conversions[{v, layout}];
  if (slot)
    return slot;
  OpBuilder builder(user->getContext());
  if (Operation *def = v.getDefiningOp())
    builder.setInsertionPointAfter(def);
  else
    builder.setInsertionPointToStart(cast<BlockArgument>(v).getOwner());
  // A conversion that replaces one propagation made an identity keeps its
  // location, so remarks about it point at the source line.
  Location loc = v.getDefiningOp<tgpu::ConvertLayoutOp>() ? v.getLoc()
                                                          : user->getLoc();
  slot = tgpu::ConvertLayoutOp::create(builder, loc,
                                       withLayout(v.getType(), layout), v);
  convertedFrom.insert(v);
  return slot;
}

LogicalResult LayoutPropagation::run() {
  buildGroups();
  // Seeds: anchors with tensor results, costliest first (program order
  // breaks ties, so the result does not depend on pointer values).
  SmallVector<std::pair<int64_t, Value>> anchors;
  func->walk([&](Operation *op) {
    if (!isAnchor(op, ctx.numThreads) || op->getNumResults() != 1 ||
        !isa<RankedTensorType>(op->getResult(0).getType()))
      return;
    int64_t cost = isa<tile::LoadOp>(op) ? ctx.model.opCost(op)
                                         : CostModel::kUnknown;
    anchors.push_back({cost, op->getResult(0)});
  });
  llvm::stable_sort(anchors, [](const auto &a, const auto &b) {
    return a.first > b.first;
  });
  SmallVector<std::pair<Value, Attribute>> seeds;
  for (auto [cost, value] : anchors)
    seeds.push_back({value, getLayout(value.getType())});

  // Propagate, pin the winners of new conflicts, repeat until none is new.
  for (unsigned round = 0;; ++round) {
    propagate(seeds);
    bool newConflict = false;
    for (auto &[g, seen] : candidates)
      if (seen.size() > 1 && !pinned.count(g)) {
        pinned[g] = seen.front();
        newConflict = true;
      }
    if (!newConflict)
      break;
    if (round > members.size())
      return func->emitError("layout propagation does not converge");
  }
  // Conflicts explained where they happen.
  for (auto &[g, layout] : pinned) {
    Value first = members[g].front();
    Operation *at = first.getDefiningOp();
    if (!at)
      at = first.getParentBlock()->getParentOp();
    ctx.remarks.emit(at, "layout conflict: several anchor layouts reach this "
                         "value; it keeps the costliest anchor's, the others "
                         "are converted");
  }

  SmallVector<tgpu::ConvertLayoutOp> before;
  func->walk([&](tgpu::ConvertLayoutOp op) { before.push_back(op); });

  // Every value takes its group's layout.
  for (auto &[g, seen] : candidates) {
    Attribute layout = pinned.count(g) ? pinned[g] : seen.front();
    for (Value m : members[g]) {
      if (getLayout(m.getType()) == layout)
        continue;
      original[m] = m.getType();
      m.setType(withLayout(m.getType(), layout));
    }
  }
  // Conversions where a user needs another layout.
  SmallVector<OpOperand *> uses;
  func->walk([&](Operation *op) {
    for (OpOperand &use : op->getOpOperands())
      if (isa<RankedTensorType>(use.get().getType()))
        uses.push_back(&use);
  });
  for (OpOperand *use : uses) {
    Attribute required = requiredLayout(*use);
    if (required && required != getLayout(use->get().getType()))
      use->set(convertTo(use->get(), required, use->getOwner()));
  }
  // Conversions that became identities are gone; say whether their work
  // moved next to the users that still need the old layout.
  IRRewriter rewriter(func->getContext());
  for (tgpu::ConvertLayoutOp cvt : before) {
    if (cvt.getSrc().getType() != cvt.getType())
      continue;
    ctx.remarks.emit(cvt, convertedFrom.contains(cvt.getResult())
                              ? "layout conversion moved by forward "
                                "propagation to the users that need its layout"
                              : "layout conversion removed by forward "
                                "propagation");
    rewriter.replaceOp(cvt, cvt.getSrc());
  }
  return success();
}

} // namespace

LogicalResult remat::propagateLayouts(Operation *func, RematContext &ctx) {
  return LayoutPropagation(func, ctx).run();
}
