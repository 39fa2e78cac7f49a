//===- Pipelines.h - the tile-to-LLVM pass pipeline -------------*- C++ -*-===//
#ifndef TESSERA_CONVERSION_PIPELINES_H
#define TESSERA_CONVERSION_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include <string>

namespace mlir::tessera {

struct PipelineOptions {
  /// Warps of kernels that do not carry tile.num_warps.
  unsigned numWarps = 4;
  unsigned threadsPerWarp = 32;
  /// "sm_80", "sm_90a" ...
  std::string target = "sm_90a";
};

/// tile -> tgpu -> LLVM + NVVM dialects, ready for PTX emission.
void buildTileToLLVMPipeline(OpPassManager &pm, const PipelineOptions &options);

/// Registers the pipeline as `--tessera-tile-to-llvm` for tessera-opt.
void registerTesseraPipelines();

} // namespace mlir::tessera

#endif // TESSERA_CONVERSION_PIPELINES_H
