//===- AxisInfoRules.cpp - shared reasoning and op dispatch ---------------===//
//
// The rules live in AxisInfoShapeRules.cpp and AxisInfoArithRules.cpp; this
// file holds what they share. The semantics every rule must preserve (see
// AxisInfo.h): along dimension d, aligned runs of `contiguity` elements step by
// one, aligned runs of `constancy` elements are equal, and the elements whose
// index is a multiple of `contiguity` are multiples of `divisibility`.
//
// Two helpers carry most of the reasoning:
//  - divAt(x, d, block): a divisor of x at every index that is a multiple of
//    `block` -- the run starts when block >= contiguity, otherwise points
//    inside runs, which are the run start plus a multiple of `block` steps.
//  - alignedRun(x, d, limit): the longest aligned run length g <= limit over
//    which x is `t, t+1, ..., t+g-1` with g dividing t. Such a run never
//    straddles a multiple of g, which is what makes `x / B`, `x % B`, `x >> s`
//    and `x < B` behave uniformly over it when g divides B.
//
// Signed division and remainder assume non-negative dividends, as tile
// indices and offsets are (Triton assumes the same); every other rule holds
// for all values, ignoring wrap-around of contiguous runs.
//
//===----------------------------------------------------------------------===//
#include "AxisInfoRules.h"

#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/Support/MathExtras.h"

#include <numeric>

using namespace mlir;
using namespace mlir::tessera;
using namespace mlir::tessera::axisinfo;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// A divisor of `x` at every index along `dim` that is a multiple of `block`.
int64_t axisinfo::divAt(const AxisInfo &x, unsigned dim, int64_t block,
                        int64_t step) {
  if (block % x.getContiguity(dim) == 0)
    return x.getDivisibility(dim);
  return std::gcd(x.getDivisibility(dim), block * step);
}

/// A divisor of every element of `x` along `dim` (valid for all of them).
int64_t axisinfo::divAll(const AxisInfo &x, unsigned dim, int64_t step) {
  return divAt(x, dim, 1, step);
}

/// A divisor of every element of `x`: any one dimension's bound holds for all.
int64_t axisinfo::divEverywhere(const AxisInfo &x, int64_t step) {
  int64_t best = 1;
  for (unsigned d = 0, e = x.getNumDims(); d < e; ++d)
    best = std::max(best, divAll(x, d, step));
  return best;
}

/// The longest g <= limit (a power of two) such that aligned runs of g
/// elements of integer `x` along `dim` are `t .. t+g-1` with g dividing t.
int64_t axisinfo::alignedRun(const AxisInfo &x, unsigned dim, int64_t limit) {
  int64_t g = std::min(limit, x.getContiguity(dim));
  g = std::max<int64_t>(1, llvm::bit_floor(static_cast<uint64_t>(g)));
  while (g > 1 && divAt(x, dim, g) % g != 0)
    g /= 2;
  return g;
}

/// The longest aligned run over which `x` is contiguous and aligned (as in
/// alignedRun) while `y` is constant and a multiple of the run length: there
/// `x < y`, `x / y` and `x % y` behave like on one value.
int64_t axisinfo::runAgainstConstant(const AxisInfo &x, const AxisInfo &y,
                                     unsigned dim) {
  int64_t g = alignedRun(x, dim, y.getConstancy(dim));
  while (g > 1 && divAt(y, dim, g) % g != 0)
    g /= 2;
  return g;
}

/// Integer width of the element type (index: 64); 0 for anything else.
unsigned axisinfo::getIntWidth(Type type) {
  Type elem = getElementTypeOrSelf(type);
  if (isa<IndexType>(elem))
    return 64;
  if (auto intTy = dyn_cast<IntegerType>(elem))
    return intTy.getWidth();
  return 0;
}

APInt axisinfo::toAPInt(int64_t value, unsigned width) {
  return APInt(64, static_cast<uint64_t>(value)).trunc(width);
}

/// The canonical int64 of a constant: sign-extended, except i1 (0 or 1).
int64_t axisinfo::fromAPInt(const APInt &value) {
  return value.getBitWidth() == 1 ? value.getZExtValue() : value.getSExtValue();
}

/// The constant of `x` as an APInt of `width` bits, if known.
std::optional<APInt> axisinfo::constantOf(const AxisInfo &x, unsigned width) {
  if (!x.getConstantValue() || width == 0)
    return std::nullopt;
  return toAPInt(*x.getConstantValue(), width);
}

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

/// Ops without a rule: an elementwise op without side effects computes each
/// element from the operands' elements at the same index, so it is constant
/// wherever all of them are. Nothing else is known.
static AxisInfo visitDefault(Operation *op, ArrayRef<AxisInfo> operands) {
  Type type = op->getResult(0).getType();
  AxisInfo unknown = AxisInfo::getUnknown(type);
  if (!op->hasTrait<OpTrait::Elementwise>() || !isMemoryEffectFree(op))
    return unknown;
  DimVector k(getShapeOrScalar(type));
  for (auto [value, info] : llvm::zip_equal(op->getOperands(), operands)) {
    if (!isa<RankedTensorType>(value.getType()))
      continue; // a scalar operand is the same for every element
    if (info.getNumDims() != k.size())
      return unknown;
    for (unsigned d = 0; d < k.size(); ++d)
      k[d] = std::gcd(k[d], info.getConstancy(d));
  }
  return AxisInfo(DimVector(unknown.getContiguity()),
                  DimVector(unknown.getDivisibility()), k);
}

AxisInfo axisinfo::inferAxisInfo(Operation *op, ArrayRef<AxisInfo> operands) {
  if (std::optional<AxisInfo> info = inferShapeOpAxisInfo(op, operands))
    return *info;
  if (std::optional<AxisInfo> info = inferArithOpAxisInfo(op, operands))
    return *info;
  return visitDefault(op, operands);
}
