//===- ShapeOpToLLVM.cpp - broadcast, expand_dims, reshape, trans ---------===//
//
// These ops change which coordinates name an element, not where it lives.
// Given a linear map P from result coordinates to source coordinates, the op
// moves no data between threads exactly when, for every lane and warp bit,
// P(result basis) equals the source basis; then each result register is a
// copy of the source register holding P(its coordinates). P is linear over
// F2 for all four ops on power-of-two shapes (broadcast zeroes dimensions,
// expand_dims drops a unit one, trans permutes, reshape re-splits the
// row-major index), so checking the bases is enough. `tile-to-tgpu` picks
// layouts that make this hold; anything else is a diagnostic.
//
//===----------------------------------------------------------------------===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

using Coords = SmallVector<int32_t>;

template <typename ShapeOp>
struct ShapeOpLowering : ConvertOpToLLVMPattern<ShapeOp> {
  using ConvertOpToLLVMPattern<ShapeOp>::ConvertOpToLLVMPattern;

  /// Result coordinates -> source coordinates, for this op.
  virtual CoordMap getCoordMap(ShapeOp op) const = 0;

  LogicalResult
  matchAndRewrite(ShapeOp op, typename ShapeOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto srcType = cast<RankedTensorType>(op.getSrc().getType());
    auto dstType = cast<RankedTensorType>(op.getType());
    Type resultType = this->getTypeConverter()->convertType(dstType);
    if (!resultType || !tgpu::getDistributedLayout(srcType))
      return failure();
    FailureOr<SmallVector<unsigned>> mapping = mapRegistersThrough(
        getLinearLayout(srcType), getLinearLayout(dstType), getCoordMap(op));
    if (failed(mapping))
      return op.emitOpError("moves data between threads with these layouts; "
                            "insert a tgpu.convert_layout first");
    Location loc = op.getLoc();
    SmallVector<Value> src = unpackElements(rewriter, loc, adaptor.getSrc());
    SmallVector<Value> dst;
    for (unsigned r : *mapping)
      dst.push_back(src[r]);
    rewriter.replaceOp(op, packElements(rewriter, loc, resultType, dst));
    return success();
  }
};

struct BroadcastOpLowering : ShapeOpLowering<tile::BroadcastOp> {
  using ShapeOpLowering::ShapeOpLowering;
  CoordMap getCoordMap(tile::BroadcastOp op) const override {
    SmallVector<int64_t> srcShape(op.getSrc().getType().getShape());
    return [srcShape](ArrayRef<int32_t> c) {
      Coords result(c);
      for (auto [d, size] : llvm::enumerate(srcShape))
        if (size == 1)
          result[d] = 0;
      return result;
    };
  }
};

struct ExpandDimsOpLowering : ShapeOpLowering<tile::ExpandDimsOp> {
  using ShapeOpLowering::ShapeOpLowering;
  CoordMap getCoordMap(tile::ExpandDimsOp op) const override {
    unsigned axis = op.getAxis();
    return [axis](ArrayRef<int32_t> c) {
      Coords result(c);
      result.erase(result.begin() + axis);
      return result;
    };
  }
};

struct TransOpLowering : ShapeOpLowering<tile::TransOp> {
  using ShapeOpLowering::ShapeOpLowering;
  CoordMap getCoordMap(tile::TransOp op) const override {
    SmallVector<int32_t> order(op.getOrder());
    return [order](ArrayRef<int32_t> c) {
      Coords result(c.size());
      for (auto [i, d] : llvm::enumerate(order))
        result[d] = c[i];
      return result;
    };
  }
};

struct ReshapeOpLowering : ShapeOpLowering<tile::ReshapeOp> {
  using ShapeOpLowering::ShapeOpLowering;
  CoordMap getCoordMap(tile::ReshapeOp op) const override {
    SmallVector<int64_t> srcShape(op.getSrc().getType().getShape());
    SmallVector<int64_t> dstShape(op.getType().getShape());
    return [srcShape, dstShape](ArrayRef<int32_t> c) {
      int64_t flat = 0;
      for (auto [d, size] : llvm::enumerate(dstShape))
        flat = flat * size + c[d];
      Coords result(srcShape.size());
      for (size_t d = srcShape.size(); d-- > 0;) {
        result[d] = flat % srcShape[d];
        flat /= srcShape[d];
      }
      return result;
    };
  }
};

} // namespace

void mlir::tessera::populateShapeOpToLLVMPatterns(
    TesseraTypeConverter &converter, RewritePatternSet &patterns,
    const LoweringTarget &) {
  patterns.add<BroadcastOpLowering, ExpandDimsOpLowering, TransOpLowering,
               ReshapeOpLowering>(converter);
}
