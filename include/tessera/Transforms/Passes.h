//===- Passes.h - Tessera tgpu transformations ------------------*- C++ -*-===//
#ifndef TESSERA_TRANSFORMS_PASSES_H
#define TESSERA_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"

namespace mlir::tessera {

/// Bytes of shared-memory scratch `op` needs while it runs (0: none).
int64_t getScratchBytes(Operation *op);

#define GEN_PASS_DECL
#include "tessera/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tessera/Transforms/Passes.h.inc"

} // namespace mlir::tessera

#endif // TESSERA_TRANSFORMS_PASSES_H
