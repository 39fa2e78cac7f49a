//===- AxisInfoShapeRules.cpp - constants, ranges and shape ops -----------===//
//
// Transfer functions of the ops that create tiles or move their elements:
// arith.constant, tile.make_range/splat/broadcast/expand_dims/trans/reshape,
// tgpu.convert_layout, and the program ids. Shared reasoning is described in
// AxisInfoRules.cpp.
//
//===----------------------------------------------------------------------===//
#include "AxisInfoRules.h"

#include "tessera/Dialect/Tile/IR/Tile.h"
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/TypeSwitch.h"

#include <numeric>

using namespace mlir;
using namespace mlir::tessera;
using namespace mlir::tessera::axisinfo;

/// The longest power-of-two run length dividing `size` such that, along the
/// dimension with `stride` and `size`, each element of a run is the one
/// before it plus `delta`.
static int64_t longestRun(ArrayRef<int64_t> values, int64_t stride,
                          int64_t size, int64_t delta) {
  int64_t run = size & -size;
  for (; run > 1; run /= 2) {
    bool ok = true;
    for (size_t i = 0; i < values.size() && ok; ++i)
      if ((static_cast<int64_t>(i) / stride) % run != 0)
        ok = values[i] == values[i - stride] + delta;
    if (ok)
      break;
  }
  return run;
}

/// Reads contiguity, divisibility and constancy off concrete values in
/// row-major order (non-splat dense constants).
static AxisInfo fromValues(ArrayRef<int64_t> values, ArrayRef<int64_t> shape) {
  DimVector c, v, k;
  int64_t stride = values.size();
  for (int64_t size : shape) {
    stride /= size;
    c.push_back(size == 1 ? 1 : longestRun(values, stride, size, 1));
    k.push_back(size == 1 ? 1 : longestRun(values, stride, size, 0));
    v.push_back(kMaxDiv);
    for (size_t i = 0; i < values.size(); ++i)
      if ((static_cast<int64_t>(i) / stride) % size % c.back() == 0)
        v.back() = std::min(v.back(), highestPowerOf2Divisor(values[i]));
  }
  return AxisInfo(c, v, k);
}

static AxisInfo visitConstant(arith::ConstantOp op) {
  Type type = op.getType();
  Attribute value = op.getValue();
  if (auto intAttr = dyn_cast<IntegerAttr>(value))
    return AxisInfo::getConstant(type, fromAPInt(intAttr.getValue()));
  if (auto dense = dyn_cast<DenseIntElementsAttr>(value)) {
    if (dense.isSplat())
      return AxisInfo::getConstant(type,
                                   fromAPInt(dense.getSplatValue<APInt>()));
    SmallVector<int64_t> values;
    for (const APInt &v : dense.getValues<APInt>())
      values.push_back(fromAPInt(v));
    return fromValues(values, getShapeOrScalar(type));
  }
  // A float splat has no integer value but is still constant everywhere.
  if (auto elements = dyn_cast<DenseElementsAttr>(value);
      elements && elements.isSplat()) {
    SmallVector<int64_t, 4> shape = getShapeOrScalar(type);
    return AxisInfo(DimVector(shape.size(), 1), DimVector(shape.size(), 1),
                    DimVector(shape.begin(), shape.end()));
  }
  return AxisInfo::getUnknown(type);
}

static AxisInfo visitMakeRange(tile::MakeRangeOp op) {
  int64_t start = op.getStartAttr().getInt();
  int64_t size = op.getEndAttr().getInt() - start;
  if (size == 1)
    return AxisInfo::getConstant(op.getType(), start);
  return AxisInfo({size}, {highestPowerOf2Divisor(start)}, {1});
}

static AxisInfo visitSplat(tile::SplatOp op, const AxisInfo &src) {
  if (auto value = src.getConstantValue())
    return AxisInfo::getConstant(op.getType(), *value);
  SmallVector<int64_t, 4> shape = getShapeOrScalar(op.getType());
  return AxisInfo(DimVector(shape.size(), 1),
                  DimVector(shape.size(), src.getDivisibility(0)),
                  DimVector(shape.begin(), shape.end()));
}

static AxisInfo visitBroadcast(tile::BroadcastOp op, const AxisInfo &src) {
  if (auto value = src.getConstantValue())
    return AxisInfo::getConstant(op.getType(), *value);
  ArrayRef<int64_t> srcShape = op.getSrc().getType().getShape();
  ArrayRef<int64_t> shape = op.getType().getShape();
  return perDim(shape.size(),
                [&](unsigned d, int64_t &c, int64_t &v, int64_t &k) {
                  c = src.getContiguity(d);
                  v = src.getDivisibility(d);
                  k = src.getConstancy(d);
                  // A unit dimension's divisibility already covers every
                  // element (its contiguity is 1); repeating the element makes
                  // it constant.
                  if (srcShape[d] == 1)
                    k = shape[d];
                });
}

static AxisInfo visitExpandDims(tile::ExpandDimsOp op, const AxisInfo &src) {
  if (auto value = src.getConstantValue())
    return AxisInfo::getConstant(op.getType(), *value);
  if (op.getSrc().getType().getRank() == 0)
    return AxisInfo::getUnknown(op.getType());
  unsigned axis = op.getAxis();
  DimVector c(src.getContiguity()), v(src.getDivisibility()),
      k(src.getConstancy());
  // Along the new unit dimension every element starts a run of one.
  int64_t step = getElementStep(op.getType());
  c.insert(c.begin() + axis, 1);
  v.insert(v.begin() + axis, divEverywhere(src, step));
  k.insert(k.begin() + axis, 1);
  return AxisInfo(c, v, k);
}

static AxisInfo visitTrans(tile::TransOp op, const AxisInfo &src) {
  if (auto value = src.getConstantValue())
    return AxisInfo::getConstant(op.getType(), *value);
  ArrayRef<int32_t> order = op.getOrder();
  return perDim(order.size(),
                [&](unsigned d, int64_t &c, int64_t &v, int64_t &k) {
                  c = src.getContiguity(order[d]);
                  v = src.getDivisibility(order[d]);
                  k = src.getConstancy(order[d]);
                });
}

/// Conservative: exact when only unit dimensions come or go; otherwise only
/// the innermost dimension keeps its runs (row-major order makes runs along
/// the source's last dimension runs along the result's last dimension when
/// one size divides the other); with `allow_reorder` nothing but a common
/// divisor survives.
static AxisInfo visitReshape(tile::ReshapeOp op, const AxisInfo &src) {
  if (auto value = src.getConstantValue())
    return AxisInfo::getConstant(op.getType(), *value);
  SmallVector<int64_t, 4> srcShape = getShapeOrScalar(op.getSrc().getType());
  SmallVector<int64_t, 4> shape = getShapeOrScalar(op.getType());
  int64_t step = getElementStep(op.getType());
  int64_t every = divEverywhere(src, step);
  AxisInfo fallback(DimVector(shape.size(), 1), DimVector(shape.size(), every),
                    DimVector(shape.size(), 1));
  if (op.getAllowReorder())
    return fallback;

  auto nonUnitDims = [](ArrayRef<int64_t> dims) {
    SmallVector<unsigned> out;
    for (auto [i, size] : llvm::enumerate(dims))
      if (size != 1)
        out.push_back(i);
    return out;
  };
  SmallVector<unsigned> srcDims = nonUnitDims(srcShape),
                        dims = nonUnitDims(shape);
  bool sameNonUnit =
      srcDims.size() == dims.size() &&
      llvm::all_of(llvm::zip(srcDims, dims), [&](auto pair) {
        return srcShape[std::get<0>(pair)] == shape[std::get<1>(pair)];
      });
  DimVector c(fallback.getContiguity()), v(fallback.getDivisibility()),
      k(fallback.getConstancy());
  if (sameNonUnit) {
    for (auto [s, d] : llvm::zip(srcDims, dims)) {
      c[d] = src.getContiguity(s);
      v[d] = src.getDivisibility(s);
      k[d] = src.getConstancy(s);
    }
    return AxisInfo(c, v, k);
  }
  unsigned s = srcShape.size() - 1, d = shape.size() - 1;
  if (shape[d] % srcShape[s] == 0 || srcShape[s] % shape[d] == 0) {
    c[d] = std::gcd(src.getContiguity(s), shape[d]);
    k[d] = std::gcd(src.getConstancy(s), shape[d]);
    v[d] = std::max(every, divAt(src, s, c[d], step));
  }
  return AxisInfo(c, v, k);
}

std::optional<AxisInfo> axisinfo::inferShapeOpAxisInfo(Operation *op,
                                                       ArrayRef<AxisInfo> in) {
  Type type = op->getResult(0).getType();
  return llvm::TypeSwitch<Operation *, std::optional<AxisInfo>>(op)
      .Case([&](arith::ConstantOp c) { return visitConstant(c); })
      .Case([&](tile::MakeRangeOp r) { return visitMakeRange(r); })
      .Case<tile::ProgramIdOp, tile::NumProgramsOp>(
          [&](Operation *) { return AxisInfo::getUnknown(type); })
      .Case([&](tile::SplatOp s) { return visitSplat(s, in[0]); })
      .Case([&](tile::BroadcastOp b) { return visitBroadcast(b, in[0]); })
      .Case([&](tile::ExpandDimsOp e) { return visitExpandDims(e, in[0]); })
      .Case([&](tile::TransOp t) { return visitTrans(t, in[0]); })
      .Case([&](tile::ReshapeOp r) { return visitReshape(r, in[0]); })
      // Moving elements between threads changes no value.
      .Case([&](tgpu::ConvertLayoutOp) { return in[0]; })
      .Default([](Operation *) { return std::nullopt; });
}
