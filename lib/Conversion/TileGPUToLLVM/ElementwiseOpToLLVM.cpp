//===- ElementwiseOpToLLVM.cpp - per-element ops on distributed tiles -----===//
//
// An elementwise op on tiles becomes the same op on each element a thread
// holds: arith and math ops are re-created on scalars and then lowered by
// the scalar arith/math patterns in the same conversion (so
// `arith.maximumf` keeps its NaN-propagating meaning all the way to
// `max.NaN`). Also here: constants, splat, make_range, addptr and the
// program-id queries.
//
//===----------------------------------------------------------------------===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// Any arith or math op with tile operands or results.
struct ElementwiseOpLowering : ConversionPattern {
  ElementwiseOpLowering(TesseraTypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/2, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<arith::ArithDialect, math::MathDialect>(op->getDialect()) ||
        isa<arith::ConstantOp>(op) || op->getNumResults() != 1 ||
        op->getNumRegions() != 0)
      return failure();
    auto tensorType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!tensorType)
      return failure();
    Type resultType = getTypeConverter()->convertType(tensorType);
    if (!resultType)
      return rewriter.notifyMatchFailure(op, "result layout not convertible");

    Location loc = op->getLoc();
    unsigned n = getElemsPerThread(tensorType);
    SmallVector<SmallVector<Value>> elements;
    for (Value operand : operands) {
      SmallVector<Value> unpacked = unpackElements(rewriter, loc, operand);
      // A scalar operand (e.g. the condition of a select) serves every
      // element.
      if (unpacked.size() == 1 && n != 1)
        unpacked.assign(n, unpacked.front());
      if (unpacked.size() != n)
        return rewriter.notifyMatchFailure(op, "operand layouts differ");
      elements.push_back(std::move(unpacked));
    }
    Type scalarType = tensorType.getElementType();
    SmallVector<Value> results;
    for (unsigned i = 0; i < n; ++i) {
      SmallVector<Value> scalarOperands;
      for (auto &values : elements)
        scalarOperands.push_back(values[i]);
      OperationState state(loc, op->getName(), scalarOperands, {scalarType},
                           op->getAttrs());
      results.push_back(rewriter.create(state)->getResult(0));
    }
    rewriter.replaceOp(op, packElements(rewriter, loc, resultType, results));
    return success();
  }
};

/// Splat constants become scalar constants in every element.
struct ConstantOpLowering : ConvertOpToLLVMPattern<arith::ConstantOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(arith::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto tensorType = dyn_cast<RankedTensorType>(op.getType());
    if (!tensorType)
      return failure();
    auto splat = dyn_cast<SplatElementsAttr>(op.getValue());
    if (!splat)
      return rewriter.notifyMatchFailure(
          op, "only splat tensor constants lower; build others from "
              "tile.make_range");
    Type resultType = getTypeConverter()->convertType(tensorType);
    Type elemType = getTypeConverter()->convertType(tensorType.getElementType());
    if (!resultType || !elemType)
      return failure();
    Value scalar = LLVM::ConstantOp::create(rewriter, op.getLoc(), elemType,
                                            splat.getSplatValue<Attribute>());
    SmallVector<Value> elements(getElemsPerThread(tensorType), scalar);
    rewriter.replaceOp(op,
                       packElements(rewriter, op.getLoc(), resultType, elements));
    return success();
  }
};

struct SplatOpLowering : ConvertOpToLLVMPattern<tile::SplatOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(tile::SplatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type resultType = getTypeConverter()->convertType(op.getType());
    if (!resultType)
      return failure();
    SmallVector<Value> elements(getElemsPerThread(op.getType()),
                                adaptor.getSrc());
    rewriter.replaceOp(op,
                       packElements(rewriter, op.getLoc(), resultType, elements));
    return success();
  }
};

struct MakeRangeOpLowering : ConvertOpToLLVMPattern<tile::MakeRangeOp> {
  MakeRangeOpLowering(TesseraTypeConverter &converter, LoweringTarget target)
      : ConvertOpToLLVMPattern(converter), target(target) {}

  LogicalResult
  matchAndRewrite(tile::MakeRangeOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type resultType = getTypeConverter()->convertType(op.getType());
    if (!resultType)
      return failure();
    Location loc = op.getLoc();
    ThreadIds ids = getThreadIds(rewriter, loc, target.threadsPerWarp);
    auto indices =
        emitIndices(rewriter, loc, getLinearLayout(op.getType()), ids);
    Value start = i32Constant(rewriter, loc, op.getStart());
    SmallVector<Value> elements;
    for (auto &index : indices)
      elements.push_back(op.getStart() == 0
                             ? index[0]
                             : LLVM::AddOp::create(rewriter, loc, index[0], start)
                                   .getResult());
    rewriter.replaceOp(op, packElements(rewriter, loc, resultType, elements));
    return success();
  }

  LoweringTarget target;
};

struct AddPtrOpLowering : ConvertOpToLLVMPattern<tile::AddPtrOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(tile::AddPtrOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type resultType = getTypeConverter()->convertType(op.getType());
    auto ptrType = cast<tile::PointerType>(getElementTypeOrSelf(op.getType()));
    Type pointee = getTypeConverter()->convertType(ptrType.getPointeeType());
    if (!resultType || !pointee)
      return failure();
    Type llvmPtr = getTypeConverter()->convertType(ptrType);
    SmallVector<Value> ptrs = unpackElements(rewriter, loc, adaptor.getPtr());
    SmallVector<Value> offsets =
        unpackElements(rewriter, loc, adaptor.getOffset());
    SmallVector<Value> results;
    for (auto [ptr, offset] : llvm::zip_equal(ptrs, offsets))
      results.push_back(LLVM::GEPOp::create(rewriter, loc, llvmPtr, pointee,
                                            ptr, ValueRange{offset}));
    rewriter.replaceOp(op, packElements(rewriter, loc, resultType, results));
    return success();
  }
};

template <typename SourceOp, typename XOp, typename YOp, typename ZOp>
struct GridQueryLowering : ConvertOpToLLVMPattern<SourceOp> {
  using ConvertOpToLLVMPattern<SourceOp>::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type i32 = rewriter.getI32Type();
    Value value;
    switch (op.getAxis()) {
    case tile::ProgramDim::x:
      value = XOp::create(rewriter, op.getLoc(), i32);
      break;
    case tile::ProgramDim::y:
      value = YOp::create(rewriter, op.getLoc(), i32);
      break;
    case tile::ProgramDim::z:
      value = ZOp::create(rewriter, op.getLoc(), i32);
      break;
    }
    rewriter.replaceOp(op, value);
    return success();
  }
};

/// Ops the lowering does not handle yet say so, instead of leaving the
/// conversion driver's generic "failed to legalize".
template <typename SourceOp>
struct NotYetLowered : ConvertOpToLLVMPattern<SourceOp> {
  NotYetLowered(TesseraTypeConverter &converter, StringRef what)
      : ConvertOpToLLVMPattern<SourceOp>(converter), what(what) {}
  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor,
                  ConversionPatternRewriter &) const override {
    return op.emitOpError("has no lowering to LLVM yet: ") << what;
  }
  std::string what;
};

} // namespace

void mlir::tessera::populateElementwiseOpToLLVMPatterns(
    TesseraTypeConverter &converter, RewritePatternSet &patterns,
    const LoweringTarget &target) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ElementwiseOpLowering>(converter, ctx);
  patterns.add<ConstantOpLowering, SplatOpLowering, AddPtrOpLowering,
               GridQueryLowering<tile::ProgramIdOp, NVVM::BlockIdXOp,
                                 NVVM::BlockIdYOp, NVVM::BlockIdZOp>,
               GridQueryLowering<tile::NumProgramsOp, NVVM::GridDimXOp,
                                 NVVM::GridDimYOp, NVVM::GridDimZOp>>(
      converter, /*benefit=*/2);
  patterns.add<MakeRangeOpLowering>(converter, target);
  patterns.add<NotYetLowered<tile::DotOp>>(
      converter, "tensor-core matrix products (mma.sync, wgmma) are planned");
}
