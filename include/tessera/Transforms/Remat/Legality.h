//===- Legality.h - may an op be computed again elsewhere? ------*- C++ -*-===//
//
// The "legal" question of layout rematerialization, apart from cost and
// numerics: an op with side effects, an atomic, an anchor (an expensive
// load, a dot) or an op whose regions we cannot clone is never duplicated or
// moved to another layout by rematerialization.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TRANSFORMS_REMAT_LEGALITY_H
#define TESSERA_TRANSFORMS_REMAT_LEGALITY_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace mlir::tessera::remat {

/// An op whose layout others follow: a load of at least one element per
/// thread (global or shared), a dot, an atomic or a store. `numThreads` is
/// the CTA's thread count.
bool isAnchor(Operation *op, int64_t numThreads);

/// Why `op` may not be rebuilt in another layout by rematerialization, or
/// nullopt when it may.
std::optional<llvm::StringRef> whyNotRematerializable(Operation *op,
                                                      int64_t numThreads);

} // namespace mlir::tessera::remat

#endif // TESSERA_TRANSFORMS_REMAT_LEGALITY_H
