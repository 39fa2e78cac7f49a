//===- RematState.h - values already rebuilt in another layout --*- C++ -*-===//
//
// Backward rematerialization remembers, for each (value, layout) pair it has
// rebuilt, the rebuilt value, so that a later conversion of the same value to
// the same layout reuses it instead of cloning again. Stale entries are how
// Triton once miscompiled a load address: here every erasure goes through
// this class, which forgets every entry naming the erased op first, and a
// reused value must dominate the place it is used. `verify` checks the
// invariants after each rewrite.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TRANSFORMS_REMAT_REMATSTATE_H
#define TESSERA_TRANSFORMS_REMAT_REMATSTATE_H

#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::tessera::remat {

class RematState {
public:
  explicit RematState(Operation *root) : root(root), dominance(root) {}

  /// The value `original` was rebuilt as in `layout`, if that value is
  /// defined where it dominates `user`; null otherwise (e.g. it lives in a
  /// sibling region).
  Value lookup(Value original, Attribute layout, Operation *user);

  /// Records that `rebuilt` is `original` in `layout`. The pair must be new,
  /// `rebuilt` must have `original`'s type with `layout` as encoding.
  void record(Value original, Attribute layout, Value rebuilt);

  /// Erases `op` (which must have no uses), first forgetting every entry
  /// whose original or rebuilt value is one of its results.
  void eraseOp(RewriterBase &rewriter, Operation *op);

  /// Forgets every entry that names a result of `op` or an argument of a
  /// block inside it: `op` is about to be replaced (a loop rebuilt with more
  /// iter-args), its values with it.
  void forget(Operation *op);

  /// Every entry: both values still in the IR under `root`, the types
  /// related as `record` demands, `rebuilt` distinct from `original`.
  LogicalResult verify() const;

  size_t size() const { return entries.size(); }

private:
  using Key = std::pair<Value, Attribute>;
  Operation *root;
  DominanceInfo dominance;
  llvm::DenseMap<Key, Value> entries;
};

} // namespace mlir::tessera::remat

#endif // TESSERA_TRANSFORMS_REMAT_REMATSTATE_H
