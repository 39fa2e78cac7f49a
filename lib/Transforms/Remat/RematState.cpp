//===- RematState.cpp - values already rebuilt in another layout ----------===//
#include "tessera/Transforms/Remat/RematState.h"

#include "tessera/Transforms/Remat/LayoutRules.h"

using namespace mlir;
using namespace mlir::tessera::remat;

Value RematState::lookup(Value original, Attribute layout, Operation *user) {
  Value rebuilt = entries.lookup({original, layout});
  if (!rebuilt || !dominance.properlyDominates(rebuilt, user))
    return {};
  return rebuilt;
}

void RematState::record(Value original, Attribute layout, Value rebuilt) {
  // Violations are bugs of the caller; they surface in verify() as a pass
  // failure rather than as a wrong kernel.
  entries.try_emplace({original, layout}, rebuilt);
}

void RematState::forget(Operation *op) {
  llvm::SmallPtrSet<Value, 4> dying(op->result_begin(), op->result_end());
  op->walk([&](Operation *inner) {
    for (Value result : inner->getResults())
      dying.insert(result);
    for (Region &region : inner->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          dying.insert(arg);
  });
  SmallVector<Key> stale;
  for (auto &[key, rebuilt] : entries)
    if (dying.contains(key.first) || dying.contains(rebuilt))
      stale.push_back(key);
  for (const Key &key : stale)
    entries.erase(key);
}

void RematState::eraseOp(RewriterBase &rewriter, Operation *op) {
  forget(op);
  rewriter.eraseOp(op);
}

LogicalResult RematState::verify() const {
  auto isLive = [&](Value v) {
    Operation *def = v.getDefiningOp();
    Operation *owner = def ? def : v.getParentBlock()->getParentOp();
    return owner && (owner == root || root->isProperAncestor(owner));
  };
  for (const auto &[key, rebuilt] : entries) {
    auto [original, layout] = key;
    if (!isLive(original) || !isLive(rebuilt))
      return root->emitError("remat state names a value no longer in the IR");
    if (rebuilt == original ||
        rebuilt.getType() != withLayout(original.getType(), layout))
      return rebuilt.getDefiningOp()->emitError(
          "remat state: rebuilt value does not match its original in the "
          "recorded layout");
  }
  return success();
}
