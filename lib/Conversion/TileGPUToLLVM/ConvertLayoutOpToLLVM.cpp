//===- ConvertLayoutOpToLLVM.cpp - moving tiles between layouts -----------===//
//
// Generic over the two linear layouts:
//   - when every thread already holds what it needs, registers are renamed;
//   - otherwise the tile goes through shared memory: each element's owner
//     (no broadcast copy) writes it at its row-major index, a barrier, and
//     every thread reads the elements its new layout gives it.
// Conversions that stay within a warp go through shared memory too for now
// (correct, one barrier more than shuffles would need).
//
//===----------------------------------------------------------------------===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

using namespace mlir;
using namespace mlir::tessera;
using tgpu::InDim;
using tgpu::LinearLayout;

namespace {

SmallVector<int32_t> identity(ArrayRef<int32_t> coords) {
  return SmallVector<int32_t>(coords);
}

unsigned elementBytes(Type elem) {
  if (isa<tile::PointerType, LLVM::LLVMPointerType>(elem))
    return 8;
  return std::max(1u, elem.getIntOrFloatBitWidth() / 8);
}

bool needsSharedMemory(RankedTensorType src, RankedTensorType dst) {
  return failed(mapRegistersThrough(getLinearLayout(src), getLinearLayout(dst),
                                    identity));
}

/// Row-major index of the element at `coords` (i32 values).
Value flatIndex(OpBuilder &b, Location loc, ArrayRef<Value> coords,
                ArrayRef<int64_t> shape) {
  Value index = i32Constant(b, loc, 0);
  for (auto [c, size] : llvm::zip_equal(coords, shape))
    index = LLVM::AddOp::create(
        b, loc, LLVM::MulOp::create(b, loc, index, i32Constant(b, loc, size)), c);
  return index;
}

struct ConvertLayoutOpLowering : ConvertOpToLLVMPattern<tgpu::ConvertLayoutOp> {
  ConvertLayoutOpLowering(TesseraTypeConverter &converter, LoweringTarget target)
      : ConvertOpToLLVMPattern(converter), target(target) {}

  LogicalResult
  matchAndRewrite(tgpu::ConvertLayoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType srcType = op.getSrc().getType(), dstType = op.getType();
    Type resultType = getTypeConverter()->convertType(dstType);
    if (!resultType)
      return failure();
    LinearLayout src = getLinearLayout(srcType), dst = getLinearLayout(dstType);
    SmallVector<Value> values = unpackElements(rewriter, loc, adaptor.getSrc());

    FailureOr<SmallVector<unsigned>> mapping =
        mapRegistersThrough(src, dst, identity);
    if (succeeded(mapping)) {
      SmallVector<Value> result;
      for (unsigned r : *mapping)
        result.push_back(values[r]);
      rewriter.replaceOp(op, packElements(rewriter, loc, resultType, result));
      return success();
    }

    std::optional<int64_t> offset = getScratchOffset(op);
    if (!offset)
      return op.emitOpError("needs shared memory; run "
                            "tgpu-allocate-shared-memory first");
    Type elem = getTypeConverter()->convertType(srcType.getElementType());
    // i1 lives in shared memory as a byte.
    Type memElem = elem.isInteger(1) ? rewriter.getI8Type() : elem;
    ThreadIds ids = getThreadIds(rewriter, loc, target.threadsPerWarp);
    ArrayRef<int64_t> shape = srcType.getShape();

    // Earlier users of this scratch are done before anyone overwrites it.
    emitScratchFence(rewriter, loc, op);
    Value owner = emitOwnerPredicate(rewriter, loc, src, ids);
    uint32_t duplicates = src.getFreeVariableMask(InDim::Register);
    auto srcIndices = emitIndices(rewriter, loc, src, ids);
    for (int32_t r = 0; r < src.getNumRegisters(); ++r) {
      if (r & duplicates)
        continue;
      Value ptr = getSharedElementPointer(rewriter, loc, op, *offset, memElem,
                                          flatIndex(rewriter, loc, srcIndices[r], shape));
      Value value = values[r];
      if (memElem != elem)
        value = LLVM::ZExtOp::create(rewriter, loc, memElem, value);
      if (owner) {
        // Broadcast copies would write the same value; let one thread do it.
        emitGuarded(rewriter, loc, owner, Type(), [&]() -> Value {
          LLVM::StoreOp::create(rewriter, loc, value, ptr);
          return Value();
        }, Value());
      } else {
        LLVM::StoreOp::create(rewriter, loc, value, ptr);
      }
    }
    emitBarrier(rewriter, loc);
    SmallVector<Value> result;
    auto dstIndices = emitIndices(rewriter, loc, dst, ids);
    for (auto &index : dstIndices) {
      Value ptr = getSharedElementPointer(rewriter, loc, op, *offset, memElem,
                                          flatIndex(rewriter, loc, index, shape));
      Value value = LLVM::LoadOp::create(rewriter, loc, memElem, ptr);
      if (memElem != elem)
        value = LLVM::TruncOp::create(rewriter, loc, elem, value);
      result.push_back(value);
    }
    rewriter.replaceOp(op, packElements(rewriter, loc, resultType, result));
    return success();
  }

  LoweringTarget target;
};

} // namespace

int64_t mlir::tessera::getConvertLayoutScratchBytes(tgpu::ConvertLayoutOp op) {
  RankedTensorType src = op.getSrc().getType(), dst = op.getType();
  if (!tgpu::getDistributedLayout(src) || !tgpu::getDistributedLayout(dst) ||
      !needsSharedMemory(src, dst))
    return 0;
  return src.getNumElements() * elementBytes(src.getElementType());
}

void mlir::tessera::populateConvertLayoutOpToLLVMPatterns(
    TesseraTypeConverter &converter, RewritePatternSet &patterns,
    const LoweringTarget &target) {
  patterns.add<ConvertLayoutOpLowering>(converter, target);
}
