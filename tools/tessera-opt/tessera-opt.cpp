//===- tessera-opt.cpp - the Tessera optimizer driver ---------------------===//
//
// mlir-opt with the Tessera dialects and passes: `--pass-pipeline`,
// `-split-input-file`, `-verify-diagnostics`, `--mlir-print-ir-after-all`
// and the rest of the standard options all work as usual.
//
//===----------------------------------------------------------------------===//
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "tessera/Conversion/Passes.h"
#include "tessera/Conversion/Pipelines.h"
#include "tessera/Transforms/Passes.h"
#include "tessera/Dialect/Tile/IR/Tile.h"
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"
#include "tessera/Test/TestPasses.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::tessera::tile::TileDialect,
                  mlir::tessera::tgpu::TileGPUDialect, mlir::arith::ArithDialect,
                  mlir::math::MathDialect, mlir::scf::SCFDialect,
                  mlir::cf::ControlFlowDialect, mlir::LLVM::LLVMDialect,
                  mlir::NVVM::NVVMDialect>();
  // Generic passes users expect next to ours: canonicalize, cse, inline ...
  mlir::registerTransformsPasses();
  mlir::tessera::registerTesseraConversionPasses();
  mlir::tessera::registerTesseraPipelines();
  mlir::tessera::registerTesseraTransformsPasses();
  mlir::registerSCFToControlFlowPass();
  mlir::tessera::test::registerTesseraTestPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Tessera optimizer driver\n", registry));
}
