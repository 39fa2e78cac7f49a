//===- Rewrites.h - the three rewrites of tgpu-remat-layouts ----*- C++ -*-===//
//
// Run in this order on one function by the pass:
//   1. propagateLayouts: anchor layouts flow forward through elementwise,
//      reduction and shape ops and scf.for/if/while (loop-carried values
//      included); each value gets exactly one layout, conflicts are resolved
//      in favour of the costlier anchor, and conversions are inserted only
//      where a user needs another layout;
//   2. rematerializeConversions: each remaining conversion whose backward
//      slice is legal, numerically safe and cheaper than the conversion is
//      replaced by that slice rebuilt in the target layout;
//   3. hoistConversions: a conversion of a widened (extf/extsi/extui/
//      widening int-to-float) or broadcast value moves above that op when the
//      narrower or smaller tile is cheaper to convert; never above a
//      truncation.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TRANSFORMS_REMAT_REWRITES_H
#define TESSERA_TRANSFORMS_REMAT_REWRITES_H

#include "tessera/Transforms/Remat/CostModel.h"
#include "tessera/Transforms/Remat/Remarks.h"

#include "mlir/IR/Operation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"

namespace mlir::tessera::remat {

/// Why each conversion still in the function was kept (reported once, after
/// every rewrite had its chance).
using KeptReasons = llvm::DenseMap<Operation *, llvm::SmallString<64>>;

struct RematContext {
  int64_t numThreads;
  CostModel model;
  const Remarks &remarks;
  KeptReasons kept;
};

LogicalResult propagateLayouts(Operation *func, RematContext &ctx);
LogicalResult rematerializeConversions(Operation *func, RematContext &ctx);
LogicalResult hoistConversions(Operation *func, RematContext &ctx);

} // namespace mlir::tessera::remat

#endif // TESSERA_TRANSFORMS_REMAT_REWRITES_H
