//===- FuncOpToLLVM.cpp - tile.func, tile.call, tile.return ---------------===//
//
// Kernels become `llvm.func` with `nvvm.kernel` and launch bounds, plus the
// attributes the PTX backend turns into kernel metadata (see
// include/tessera/Target): tessera.num_warps, tessera.threads_per_warp,
// tessera.shared_bytes and tessera.param_types. Device functions become
// internal functions that LLVM inlines.
//
//===----------------------------------------------------------------------===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// How a parameter is described to runtimes: `ptr:bf16`, `i32`, `f32` ...
std::string describeParamType(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto ptr = dyn_cast<tile::PointerType>(type)) {
    os << "ptr:";
    if (isa<tile::PointerType>(ptr.getPointeeType()))
      os << "ptr";
    else
      os << ptr.getPointeeType();
  } else {
    os << type;
  }
  return text;
}

struct FuncOpLowering : ConvertOpToLLVMPattern<tile::FuncOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(tile::FuncOp fn, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    const TypeConverter &converter = *getTypeConverter();
    FunctionType type = fn.getFunctionType();
    // A launcher passes addresses and scalars; a tile has no place in a
    // kernel's parameter list.
    if (fn.isKernel())
      for (auto [i, argType] : llvm::enumerate(type.getInputs()))
        if (isa<RankedTensorType>(argType))
          return fn.emitOpError("kernel argument ")
                 << i << " is a tile (" << argType
                 << "); kernels take pointers and scalars and load tiles";
    TypeConverter::SignatureConversion signature(type.getNumInputs());
    for (auto [i, argType] : llvm::enumerate(type.getInputs())) {
      Type converted = converter.convertType(argType);
      if (!converted)
        return rewriter.notifyMatchFailure(fn, "unsupported argument type");
      signature.addInputs(i, converted);
    }
    SmallVector<Type> results;
    if (failed(converter.convertTypes(type.getResults(), results)))
      return rewriter.notifyMatchFailure(fn, "unsupported result type");
    Type resultType = LLVM::LLVMVoidType::get(getContext());
    if (results.size() == 1)
      resultType = results.front();
    else if (results.size() > 1)
      resultType = LLVM::LLVMStructType::getLiteral(getContext(), results);
    auto llvmType = LLVM::LLVMFunctionType::get(
        resultType, signature.getConvertedTypes(), /*isVarArg=*/false);

    auto linkage = fn.isKernel() ? LLVM::Linkage::External
                                 : LLVM::Linkage::Internal;
    auto llvmFn = LLVM::LLVMFuncOp::create(rewriter, fn.getLoc(),
                                           fn.getSymName(), llvmType, linkage);
    Builder b(getContext());
    unsigned numWarps = tgpu::getNumWarps(fn).value_or(4);
    unsigned threadsPerWarp = 32;
    if (auto tpw = fn->getAttrOfType<IntegerAttr>(
            tgpu::TileGPUDialect::getThreadsPerWarpAttrName()))
      threadsPerWarp = tpw.getInt();
    int64_t sharedBytes = 0;
    if (auto bytes = fn->getAttrOfType<IntegerAttr>("tgpu.shared_bytes"))
      sharedBytes = bytes.getInt();
    if (fn.isKernel()) {
      llvmFn->setAttr(NVVM::NVVMDialect::getKernelFuncAttrName(),
                      b.getUnitAttr());
      // Launch bounds: ptxas allocates registers for exactly this block.
      llvmFn->setAttr(NVVM::NVVMDialect::getMaxntidAttrName(),
                      b.getDenseI32ArrayAttr(
                          {static_cast<int32_t>(numWarps * threadsPerWarp), 1, 1}));
      SmallVector<Attribute> params;
      for (Type argType : type.getInputs())
        params.push_back(b.getStringAttr(describeParamType(argType)));
      llvmFn->setAttr("tessera.param_types", b.getArrayAttr(params));
    } else {
      llvmFn.setAlwaysInline(true);
    }
    llvmFn->setAttr("tessera.num_warps", b.getI32IntegerAttr(numWarps));
    llvmFn->setAttr("tessera.threads_per_warp",
                    b.getI32IntegerAttr(threadsPerWarp));
    llvmFn->setAttr("tessera.shared_bytes", b.getI32IntegerAttr(sharedBytes));

    rewriter.inlineRegionBefore(fn.getBody(), llvmFn.getBody(), llvmFn.end());
    if (failed(rewriter.convertRegionTypes(&llvmFn.getBody(), converter,
                                           &signature)))
      return failure();
    rewriter.eraseOp(fn);
    return success();
  }
};

struct ReturnOpLowering : ConvertOpToLLVMPattern<tile::ReturnOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(tile::ReturnOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto fn = op->getParentOfType<LLVM::LLVMFuncOp>();
    ValueRange values = adaptor.getSrcs();
    if (values.size() <= 1) {
      rewriter.replaceOpWithNewOp<LLVM::ReturnOp>(op, values);
      return success();
    }
    Type structType = fn.getFunctionType().getReturnType();
    Value packed = packElements(rewriter, op.getLoc(), structType,
                                llvm::to_vector(values));
    rewriter.replaceOpWithNewOp<LLVM::ReturnOp>(op, packed);
    return success();
  }
};

struct CallOpLowering : ConvertOpToLLVMPattern<tile::CallOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(tile::CallOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Type> results;
    if (failed(getTypeConverter()->convertTypes(op.getResultTypes(), results)))
      return failure();
    Location loc = op.getLoc();
    if (results.size() <= 1) {
      auto call = LLVM::CallOp::create(rewriter, loc, results, op.getCallee(),
                                       adaptor.getOperands());
      rewriter.replaceOp(op, call->getResults());
      return success();
    }
    Type structType = LLVM::LLVMStructType::getLiteral(getContext(), results);
    auto call = LLVM::CallOp::create(rewriter, loc, TypeRange{structType},
                                     op.getCallee(), adaptor.getOperands());
    SmallVector<Value> values;
    for (unsigned i = 0; i < results.size(); ++i)
      values.push_back(
          LLVM::ExtractValueOp::create(rewriter, loc, call.getResult(), i));
    rewriter.replaceOp(op, values);
    return success();
  }
};

} // namespace

void mlir::tessera::populateFuncOpToLLVMPatterns(TesseraTypeConverter &converter,
                                                 RewritePatternSet &patterns) {
  patterns.add<FuncOpLowering, ReturnOpLowering, CallOpLowering>(converter);
}
