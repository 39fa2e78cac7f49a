//===- TileGPUToLLVMPass.cpp - the convert-tgpu-to-llvm pass --------------===//
#include "tessera/Analysis/AxisInfo.h"
#include "tessera/Conversion/Passes.h"
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_CONVERTTILEGPUTOLLVM
#include "tessera/Conversion/Passes.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// "sm_90a" -> 90.
std::optional<unsigned> parseTarget(StringRef target) {
  unsigned sm = 0;
  if (!target.consume_front("sm_") || target.rtrim('a').getAsInteger(10, sm))
    return std::nullopt;
  return sm;
}

/// The kernels' dynamic shared memory, declared once when any function uses
/// some: `extern __shared__ char global_smem[]`.
void declareSharedMemory(ModuleOp module) {
  bool used = false;
  module.walk([&](tile::FuncOp fn) {
    if (auto bytes = fn->getAttrOfType<IntegerAttr>("tgpu.shared_bytes"))
      used |= bytes.getInt() > 0;
  });
  if (!used || module.lookupSymbol(kSharedMemoryGlobal))
    return;
  OpBuilder b(module.getBodyRegion());
  auto type = LLVM::LLVMArrayType::get(b.getI8Type(), 0);
  auto global = LLVM::GlobalOp::create(
      b, module.getLoc(), type, /*isConstant=*/false, LLVM::Linkage::External,
      kSharedMemoryGlobal, Attribute(), /*alignment=*/16, /*addrSpace=*/3);
  (void)global;
}

struct ConvertTileGPUToLLVMPass
    : tessera::impl::ConvertTileGPUToLLVMBase<ConvertTileGPUToLLVMPass> {
  using ConvertTileGPUToLLVMBase::ConvertTileGPUToLLVMBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    LoweringTarget target;
    target.computeCapability = computeCapability;
    if (target.computeCapability == 0) {
      auto name = module->getAttrOfType<StringAttr>(
          tgpu::TileGPUDialect::getTargetAttrName());
      std::optional<unsigned> sm =
          name ? parseTarget(name.getValue()) : std::optional<unsigned>(90);
      if (!sm) {
        module.emitError("cannot read the target from ") << name;
        return signalPassFailure();
      }
      target.computeCapability = *sm;
    }

    // Facts about pointers and masks are read off the tgpu program before
    // any of it is rewritten.
    ModuleAxisInfo axisInfo(module);
    declareSharedMemory(module);

    LowerToLLVMOptions options(ctx);
    options.overrideIndexBitwidth(64);
    TesseraTypeConverter converter(ctx, options);
    RewritePatternSet patterns(ctx);
    populateFuncOpToLLVMPatterns(converter, patterns);
    populateElementwiseOpToLLVMPatterns(converter, patterns, target);
    populateShapeOpToLLVMPatterns(converter, patterns, target);
    populateReduceOpToLLVMPatterns(converter, patterns, target);
    populateScanOpToLLVMPatterns(converter, patterns, target);
    populateConvertLayoutOpToLLVMPatterns(converter, patterns, target);
    populateLoadStoreOpToLLVMPatterns(converter, patterns, target, &axisInfo);
    populateAtomicOpToLLVMPatterns(converter, patterns, target, &axisInfo);
    populateMathToNVVMPatterns(converter, patterns);
    populateBarrierOpToLLVMPatterns(converter, patterns);
    arith::populateArithToLLVMConversionPatterns(converter, patterns);
    populateMathToLLVMConversionPatterns(converter, patterns);
    cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);

    ConversionTarget legality(*ctx);
    legality.addLegalDialect<LLVM::LLVMDialect, NVVM::NVVMDialect>();
    legality.addLegalOp<ModuleOp>();
    if (failed(applyFullConversion(module, legality, std::move(patterns))))
      return signalPassFailure();
    // Tensors carried through loops: scalar phis, not struct phis.
    scalarizeStructBlockArguments(module);

    // The target moves to the attribute the PTX backend reads.
    Builder b(ctx);
    auto name = module->getAttrOfType<StringAttr>(
        tgpu::TileGPUDialect::getTargetAttrName());
    module->setAttr("tessera.target",
                    name ? name
                         : b.getStringAttr("sm_" + std::to_string(
                                                       target.computeCapability)));
    module->removeAttr(tgpu::TileGPUDialect::getTargetAttrName());
  }
};

} // namespace
