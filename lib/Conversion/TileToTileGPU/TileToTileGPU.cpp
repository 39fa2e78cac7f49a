//===- TileToTileGPU.cpp - assign distributed layouts to tile programs ----===//
//
// Every tensor without a layout gets the default blocked layout of its shape
// (so all values of one shape agree and elementwise code needs no
// conversion). Three kinds of op want something else, and say so through
// their own pattern:
//   - tile.reduce produces the slice of its operand's layout along the axis;
//   - tile.expand_dims consumes the slice of its result's layout;
//   - tile.trans produces its operand's layout permuted.
// Where a value's layout differs from what its user expects, the type
// converter's materialization inserts a tgpu.convert_layout; later passes
// remove the ones that are not needed.
//
//===----------------------------------------------------------------------===//
#include "tessera/Analysis/AxisInfo.h"
#include "tessera/Conversion/Passes.h"

#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TILETOTILEGPU
#include "tessera/Conversion/Passes.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// Tensors without an encoding get the default blocked layout for the
/// function's warp count; everything else is already legal.
/// Consecutive elements per thread wanted for tiles of a shape: the widest
/// access (up to `vectorBytes`) the axis analysis proves for some load or
/// store of that shape: addresses contiguous and aligned, mask constant over
/// the run. When none can be wider than one element (a row length with no
/// known divisibility), one element per thread makes each warp access
/// consecutive addresses; eight scalar accesses per thread, 16 bytes apart
/// across lanes, measured 4-5x slower on an H200.
using VectorHints = llvm::DenseMap<ArrayRef<int64_t>, unsigned>;

VectorHints collectVectorHints(tile::FuncOp fn, unsigned vectorBytes,
                               const ModuleAxisInfo &axisInfo) {
  VectorHints hints;
  if (vectorBytes == 0)
    return hints;
  auto note = [&](Value ptr, Value mask) {
    auto type = dyn_cast<RankedTensorType>(ptr.getType());
    if (!type)
      return;
    auto pointee = cast<tile::PointerType>(type.getElementType()).getPointeeType();
    unsigned bytes = std::max(1u, tile::getElementBitWidth(pointee) / 8);
    unsigned elems = std::max(1u, vectorBytes / bytes);
    unsigned dim = type.getRank() - 1;
    unsigned provable = axisInfo.getPtrVectorSize(ptr, dim, elems);
    if (mask)
      provable = std::min(provable, axisInfo.getMaskConstancy(mask, dim));
    unsigned &hint = hints[type.getShape()];
    hint = std::max({hint, provable, 1u});
  };
  fn.walk([&](Operation *op) {
    if (auto load = dyn_cast<tile::LoadOp>(op))
      note(load.getPtr(), load.getMask());
    else if (auto store = dyn_cast<tile::StoreOp>(op))
      note(store.getPtr(), store.getMask());
  });
  return hints;
}

class LayoutTypeConverter : public TypeConverter {
public:
  LayoutTypeConverter(MLIRContext *ctx, unsigned numWarps,
                      unsigned threadsPerWarp, VectorHints hints) {
    addConversion([](Type type) { return type; });
    addConversion([=](RankedTensorType type) -> Type {
      if (type.getEncoding())
        return type;
      return RankedTensorType::get(
          type.getShape(), type.getElementType(),
          tgpu::getDefaultBlockedLayout(ctx, type.getShape(), numWarps,
                                        threadsPerWarp,
                                        hints.lookup(type.getShape())));
    });
    // A value whose layout is not the one its user expects is converted.
    auto convert = [](OpBuilder &builder, Type type, ValueRange inputs,
                      Location loc) -> Value {
      if (inputs.size() != 1 || !isa<RankedTensorType>(type) ||
          !isa<RankedTensorType>(inputs[0].getType()))
        return {};
      return tgpu::ConvertLayoutOp::create(builder, loc, type, inputs[0]);
    };
    addTargetMaterialization(convert);
    addSourceMaterialization(convert);
  }
};

/// Any op whose tensors lack layouts: rebuilt with converted result types
/// and the converted operands, regions moved over.
struct AssignDefaultLayouts : ConversionPattern {
  AssignDefaultLayouts(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (isa<FunctionOpInterface>(op))
      return failure();
    SmallVector<Type> resultTypes;
    if (failed(typeConverter->convertTypes(op->getResultTypes(), resultTypes)))
      return failure();
    OperationState state(op->getLoc(), op->getName(), operands, resultTypes,
                         op->getAttrs(), op->getSuccessors());
    for (Region &region : op->getRegions()) {
      Region *newRegion = state.addRegion();
      rewriter.inlineRegionBefore(region, *newRegion, newRegion->begin());
      if (failed(rewriter.convertRegionTypes(newRegion, *typeConverter)))
        return failure();
    }
    Operation *newOp = rewriter.create(state);
    rewriter.replaceOp(op, newOp->getResults());
    return success();
  }
};

/// Integer and float constants: the same values in the new type.
struct AssignConstantLayout : OpConversionPattern<arith::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(arith::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
    auto type = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!dense || !type)
      return failure();
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type,
                                                   dense.reshape(type));
    return success();
  }
};

/// Reduction results live in the slice of the operand's layout: each thread
/// keeps what it reduced, nothing moves.
struct AssignReduceLayout : OpConversionPattern<tile::ReduceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(tile::ReduceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto srcLayout = tgpu::getDistributedLayout(adaptor.getSrcs()[0].getType());
    if (!srcLayout)
      return failure();
    auto slice = tgpu::SliceEncodingAttr::get(getContext(), op.getAxis(),
                                              srcLayout);
    SmallVector<Type> resultTypes;
    for (Type type : op.getResultTypes()) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      resultTypes.push_back(
          tensor ? RankedTensorType::get(tensor.getShape(),
                                         tensor.getElementType(), slice)
                 : type);
    }
    // All sources must share the first one's layout.
    SmallVector<Value> srcs;
    for (Value src : adaptor.getSrcs()) {
      auto type = cast<RankedTensorType>(src.getType());
      srcs.push_back(type.getEncoding() == srcLayout
                         ? src
                         : tgpu::ConvertLayoutOp::create(
                               rewriter, op.getLoc(),
                               type.cloneWithEncoding(srcLayout), src));
    }
    auto newOp = tile::ReduceOp::create(rewriter, op.getLoc(), resultTypes,
                                        srcs, op.getAxis());
    rewriter.inlineRegionBefore(op.getCombineOp(), newOp.getCombineOp(),
                                newOp.getCombineOp().end());
    rewriter.replaceOp(op, newOp->getResults());
    return success();
  }
};

/// expand_dims reads the slice of its result's layout, so inserting the unit
/// dimension moves no data.
struct AssignExpandDimsLayout : OpConversionPattern<tile::ExpandDimsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(tile::ExpandDimsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Feeding a broadcast, take its layout right away: the unit dimension is
    // then replicated in registers and the broadcast moves nothing either.
    Type layoutSource = op.getType();
    if (op->hasOneUse())
      if (auto bcast = dyn_cast<tile::BroadcastOp>(*op->user_begin()))
        layoutSource = bcast.getType();
    auto layoutType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(layoutSource));
    if (!layoutType)
      return failure();
    auto resultLayout = tgpu::getDistributedLayout(layoutType);
    auto resultType = op.getType().cloneWithEncoding(resultLayout);
    auto slice = tgpu::SliceEncodingAttr::get(getContext(), op.getAxis(),
                                              resultLayout);
    auto srcType = cast<RankedTensorType>(adaptor.getSrc().getType());
    Value src = adaptor.getSrc();
    if (srcType.getEncoding() != slice)
      src = tgpu::ConvertLayoutOp::create(rewriter, op.getLoc(),
                                          srcType.cloneWithEncoding(slice), src);
    rewriter.replaceOpWithNewOp<tile::ExpandDimsOp>(op, resultType, src,
                                                    op.getAxis());
    return success();
  }
};

/// A broadcast reads its operand in the result's layout: the size-1
/// dimensions are then held, replicated, by the threads that need them.
struct AssignBroadcastLayout : OpConversionPattern<tile::BroadcastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(tile::BroadcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!resultType)
      return failure();
    // Look through the conversions the framework put in front of us: the
    // operand may already be in the layout we want (expand_dims does that).
    Value src = adaptor.getSrc();
    while (auto cvt = src.getDefiningOp<tgpu::ConvertLayoutOp>())
      src = cvt.getSrc();
    while (auto cast = src.getDefiningOp<UnrealizedConversionCastOp>()) {
      if (cast->getNumOperands() != 1 ||
          !isa<RankedTensorType>(cast->getOperand(0).getType()))
        break;
      src = cast->getOperand(0);
    }
    auto srcType = cast<RankedTensorType>(src.getType());
    if (srcType.getEncoding() != resultType.getEncoding())
      src = tgpu::ConvertLayoutOp::create(
          rewriter, op.getLoc(), srcType.cloneWithEncoding(resultType.getEncoding()),
          src);
    rewriter.replaceOpWithNewOp<tile::BroadcastOp>(op, resultType, src);
    return success();
  }
};

/// A transpose only renames dimensions: the result keeps the operand's
/// layout, permuted.
struct AssignTransLayout : OpConversionPattern<tile::TransOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(tile::TransOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto srcType = cast<RankedTensorType>(adaptor.getSrc().getType());
    auto blocked = dyn_cast_or_null<tgpu::BlockedEncodingAttr>(srcType.getEncoding());
    if (!blocked)
      return failure();
    auto resultType = cast<RankedTensorType>(op.getType()).cloneWithEncoding(
        tgpu::permuteBlockedLayout(blocked, op.getOrder()));
    rewriter.replaceOpWithNewOp<tile::TransOp>(op, resultType, adaptor.getSrc(),
                                               op.getOrder());
    return success();
  }
};

/// The warp count of every function: kernels say it or take the default;
/// device functions inherit it from their callers, who must agree.
FailureOr<llvm::MapVector<tile::FuncOp, unsigned>>
computeWarpCounts(ModuleOp module, unsigned defaultWarps) {
  llvm::MapVector<tile::FuncOp, unsigned> warps;
  SymbolTable symbols(module);
  SmallVector<tile::FuncOp> worklist;
  for (auto fn : module.getOps<tile::FuncOp>()) {
    auto attr = fn->getAttrOfType<IntegerAttr>(
        tile::FuncOp::getNumWarpsAttrName());
    if (attr || fn.isKernel()) {
      warps[fn] = attr ? attr.getInt() : defaultWarps;
      worklist.push_back(fn);
    }
  }
  // First come, first served, in module order: diagnostics are stable.
  for (size_t next = 0; next < worklist.size(); ++next) {
    tile::FuncOp caller = worklist[next];
    WalkResult result = caller.walk([&](tile::CallOp call) {
      auto callee = symbols.lookup<tile::FuncOp>(call.getCallee());
      if (!callee)
        return WalkResult::advance();
      auto [it, inserted] = warps.insert({callee, warps[caller]});
      if (inserted) {
        worklist.push_back(callee);
      } else if (it->second != warps[caller]) {
        call.emitError("device function '")
            << call.getCallee() << "' is called with " << warps[caller]
            << " warps here but with " << it->second << " elsewhere";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return failure();
  }
  for (auto fn : module.getOps<tile::FuncOp>())
    warps.insert({fn, defaultWarps});
  return warps;
}

struct TileToTileGPUPass
    : tessera::impl::TileToTileGPUBase<TileToTileGPUPass> {
  using TileToTileGPUBase::TileToTileGPUBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    if (!llvm::isPowerOf2_32(numWarps) || numWarps > 32) {
      module.emitError("num-warps must be a power of two up to 32, got ")
          << numWarps.getValue();
      return signalPassFailure();
    }
    if (!llvm::isPowerOf2_32(threadsPerWarp) || threadsPerWarp > 64) {
      module.emitError("threads-per-warp must be a power of two up to 64, got ")
          << threadsPerWarp.getValue();
      return signalPassFailure();
    }
    auto warps = computeWarpCounts(module, numWarps);
    if (failed(warps))
      return signalPassFailure();

    // Hints for every function first: the analysis reads the unconverted
    // module.
    llvm::DenseMap<tile::FuncOp, VectorHints> hints;
    {
      ModuleAxisInfo axisInfo(module);
      for (auto [fn, fnWarps] : *warps)
        hints[fn] = collectVectorHints(fn, vectorBytes, axisInfo);
    }
    Builder b(ctx);
    module->setAttr(tgpu::TileGPUDialect::getTargetAttrName(),
                    b.getStringAttr(target));
    for (auto [fn, fnWarps] : *warps) {
      if (failed(convertFunction(fn, fnWarps, hints[fn])))
        return signalPassFailure();
      fn->setAttr(tgpu::TileGPUDialect::getNumWarpsAttrName(),
                  b.getI32IntegerAttr(fnWarps));
      fn->setAttr(tgpu::TileGPUDialect::getThreadsPerWarpAttrName(),
                  b.getI32IntegerAttr(threadsPerWarp));
    }
  }

  LogicalResult convertFunction(tile::FuncOp fn, unsigned fnWarps,
                                const VectorHints &hints) {
    MLIRContext *ctx = &getContext();
    LayoutTypeConverter converter(ctx, fnWarps, threadsPerWarp, hints);
    ConversionTarget target(*ctx);
    target.markUnknownOpDynamicallyLegal(
        [&](Operation *op) { return converter.isLegal(op); });
    target.addDynamicallyLegalOp<tile::FuncOp>([&](tile::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });
    // An expand_dims is done only once it reads a slice layout, a broadcast
    // once it reads its own result's layout.
    target.addDynamicallyLegalOp<tile::ExpandDimsOp>([&](tile::ExpandDimsOp op) {
      return converter.isLegal(op.getOperation()) &&
             isa_and_nonnull<tgpu::SliceEncodingAttr>(
                 op.getSrc().getType().getEncoding());
    });
    target.addDynamicallyLegalOp<tile::BroadcastOp>([&](tile::BroadcastOp op) {
      return converter.isLegal(op.getOperation()) &&
             op.getSrc().getType().getEncoding() ==
                 op.getType().getEncoding();
    });

    RewritePatternSet patterns(ctx);
    patterns.add<AssignDefaultLayouts>(converter, ctx);
    patterns.add<AssignConstantLayout, AssignReduceLayout,
                 AssignExpandDimsLayout, AssignBroadcastLayout,
                 AssignTransLayout>(converter, ctx,
                                                            /*benefit=*/2);
    populateFunctionOpInterfaceTypeConversionPattern<tile::FuncOp>(patterns,
                                                                  converter);
    scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                         target);
    return applyPartialConversion(fn, target, std::move(patterns));
  }
};

} // namespace
