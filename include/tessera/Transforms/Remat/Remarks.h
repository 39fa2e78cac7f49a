//===- Remarks.h - why each conversion was removed or kept ------*- C++ -*-===//
#ifndef TESSERA_TRANSFORMS_REMAT_REMARKS_H
#define TESSERA_TRANSFORMS_REMAT_REMARKS_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/Twine.h"

namespace mlir::tessera::remat {

/// Emits `remark`s (when enabled) at the conversions the passes meet, one per
/// decision, so that -verify-diagnostics can test every decision.
class Remarks {
public:
  explicit Remarks(bool enabled) : enabled(enabled) {}
  bool isEnabled() const { return enabled; }
  void emit(Operation *at, const llvm::Twine &message) const {
    if (enabled)
      at->emitRemark(message);
  }

private:
  bool enabled;
};

} // namespace mlir::tessera::remat

#endif // TESSERA_TRANSFORMS_REMAT_REMARKS_H
