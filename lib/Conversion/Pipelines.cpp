//===- Pipelines.cpp - the tile-to-LLVM pass pipeline ---------------------===//
#include "tessera/Conversion/Pipelines.h"
#include "tessera/Conversion/Passes.h"
#include "tessera/Transforms/Passes.h"

#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::tessera;

/// Everything between layout assignment and the lowering to LLVM; also
/// registered alone as --tessera-tgpu-optimize (utils/count_conversions.sh
/// counts the conversions it leaves).
static void addTileGPUOptimizations(OpPassManager &pm) {
  // Conversions of splats and ranges fold into their producers here.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createCoalesce());
  pm.addPass(createRematerializeLayouts());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createAllocateSharedMemory());
}

void mlir::tessera::buildTileToLLVMPipeline(OpPassManager &pm,
                                            const PipelineOptions &options) {
  TileToTileGPUOptions layout;
  layout.numWarps = options.numWarps;
  layout.threadsPerWarp = options.threadsPerWarp;
  layout.target = options.target;
  pm.addPass(createTileToTileGPU(layout));
  addTileGPUOptimizations(pm);
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertTileGPUToLLVM());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

namespace {
struct PipelineCLOptions : PassPipelineOptions<PipelineCLOptions> {
  Option<unsigned> numWarps{*this, "num-warps",
                            llvm::cl::desc("Warps of kernels without tile.num_warps"),
                            llvm::cl::init(4)};
  Option<unsigned> threadsPerWarp{*this, "threads-per-warp",
                                  llvm::cl::desc("Lanes per warp"),
                                  llvm::cl::init(32)};
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("sm_80, sm_90, sm_90a"),
                             llvm::cl::init("sm_90a")};
};
} // namespace

void mlir::tessera::registerTesseraPipelines() {
  PassPipelineRegistration<PipelineCLOptions>(
      "tessera-tile-to-llvm",
      "Lower tile programs to the LLVM and NVVM dialects",
      [](OpPassManager &pm, const PipelineCLOptions &cl) {
        PipelineOptions options;
        options.numWarps = cl.numWarps;
        options.threadsPerWarp = cl.threadsPerWarp;
        options.target = cl.target;
        buildTileToLLVMPipeline(pm, options);
      });
  PassPipelineRegistration<>(
      "tessera-tgpu-optimize",
      "The tgpu passes between tile-to-tgpu and the lowering to LLVM",
      [](OpPassManager &pm) { addTileGPUOptimizations(pm); });
}
