//===- BarrierOpToLLVM.cpp - tile.barrier ---------------------------------===//
//
// `tile.barrier` is `bar.sync 0` (NVVM's barrier0): every thread of the CTA
// waits, and the PTX memory model orders each participating thread's earlier
// global and shared accesses before every participant's later ones. It is the
// same barrier the lowering itself places around shared-memory round trips;
// the op exposes it to programs that read back memory they wrote through
// pointers.
//
//===----------------------------------------------------------------------===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

struct BarrierOpLowering : ConvertOpToLLVMPattern<tile::BarrierOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(tile::BarrierOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    emitBarrier(rewriter, op.getLoc());
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void mlir::tessera::populateBarrierOpToLLVMPatterns(
    TesseraTypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<BarrierOpLowering>(converter);
}
