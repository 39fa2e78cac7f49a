//===- MathToNVVM.cpp - transcendental math on the special function unit --===//
//
// NVPTX has no libm: `llvm.exp.f32` would become a call nobody defines. We
// lower the f32 transcendentals to the SFU approximations (ex2.approx,
// lg2.approx, rsqrt.approx; sin, cos and tanh through LLVM's intrinsics with
// `afn`, which NVPTX selects as sin/cos/tanh.approx), as fast kernels do;
// f16 and bf16 compute in f32. sqrt, fabs, floor, fma … stay LLVM
// intrinsics (MLIR's MathToLLVM patterns), which NVPTX implements exactly.
// Transcendentals on f64 are rejected with a diagnostic: they need libdevice.
//
//===----------------------------------------------------------------------===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// f(x) = post * intrinsic(pre * x), computed in f32.
template <typename MathOp>
struct SFUOpLowering : ConvertOpToLLVMPattern<MathOp> {
  SFUOpLowering(TesseraTypeConverter &converter, StringRef intrinsic,
                double pre = 1.0, double post = 1.0)
      : ConvertOpToLLVMPattern<MathOp>(converter, /*benefit=*/2),
        intrinsic(intrinsic),
        pre(pre), post(post) {}

  LogicalResult
  matchAndRewrite(MathOp op, typename MathOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (isa<ShapedType>(type))
      return failure();
    if (type.isF64())
      return op.emitOpError("on f64 needs libdevice, which Tessera does not "
                            "link; compute in f32");
    if (!isa<Float16Type, BFloat16Type, Float32Type>(type))
      return failure();
    Location loc = op.getLoc();
    Type f32 = rewriter.getF32Type();
    Value x = adaptor.getOperand();
    if (!type.isF32())
      x = LLVM::FPExtOp::create(rewriter, loc, f32, x);
    if (pre != 1.0)
      x = LLVM::FMulOp::create(
          rewriter, loc, x,
          LLVM::ConstantOp::create(rewriter, loc, f32, rewriter.getF32FloatAttr(pre)));
    auto call = LLVM::CallIntrinsicOp::create(
        rewriter, loc, f32, rewriter.getStringAttr(intrinsic), ValueRange{x});
    // For the generic intrinsics (sin, cos, tanh) `afn` is what selects the
    // approximate instruction.
    call.setFastmathFlagsAttr(LLVM::FastmathFlagsAttr::get(
        rewriter.getContext(), LLVM::FastmathFlags::afn));
    Value y = call.getResult(0);
    if (post != 1.0)
      y = LLVM::FMulOp::create(
          rewriter, loc, y,
          LLVM::ConstantOp::create(rewriter, loc, f32, rewriter.getF32FloatAttr(post)));
    if (!type.isF32())
      y = LLVM::FPTruncOp::create(rewriter, loc, type, y);
    rewriter.replaceOp(op, y);
    return success();
  }

  std::string intrinsic;
  double pre, post;
};

} // namespace

void mlir::tessera::populateMathToNVVMPatterns(TesseraTypeConverter &converter,
                                               RewritePatternSet &patterns) {
  constexpr double log2e = 1.4426950408889634, ln2 = 0.6931471805599453;
  // Registered with MathToLLVM, whose exp/log patterns would emit calls
  // NVPTX cannot resolve: ours must win (see the pass).
  patterns.add<SFUOpLowering<math::ExpOp>>(converter, "llvm.nvvm.ex2.approx.f32", log2e);
  patterns.add<SFUOpLowering<math::Exp2Op>>(converter, "llvm.nvvm.ex2.approx.f32");
  patterns.add<SFUOpLowering<math::LogOp>>(converter, "llvm.nvvm.lg2.approx.f", 1.0, ln2);
  patterns.add<SFUOpLowering<math::Log2Op>>(converter, "llvm.nvvm.lg2.approx.f");
  patterns.add<SFUOpLowering<math::RsqrtOp>>(converter, "llvm.nvvm.rsqrt.approx.f");
  patterns.add<SFUOpLowering<math::SinOp>>(converter, "llvm.sin.f32");
  patterns.add<SFUOpLowering<math::CosOp>>(converter, "llvm.cos.f32");
  patterns.add<SFUOpLowering<math::TanhOp>>(converter, "llvm.tanh.f32");
}
