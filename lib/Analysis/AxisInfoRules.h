//===- AxisInfoRules.h - transfer-function toolkit (internal) ---*- C++ -*-===//
//
// Shared by AxisInfo.cpp (lattice, solver driver, query API) and the rule
// files: AxisInfoRules.cpp (helpers, dispatch, the generic rule),
// AxisInfoShapeRules.cpp and AxisInfoArithRules.cpp. Not a public header.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_LIB_ANALYSIS_AXISINFORULES_H
#define TESSERA_LIB_ANALYSIS_AXISINFORULES_H

#include "tessera/Analysis/AxisInfo.h"

#include "llvm/ADT/APInt.h"

namespace mlir::tessera::axisinfo {

using DimVector = AxisInfo::DimVector;
inline constexpr int64_t kMaxDiv = AxisInfo::kMaxDivisibility;

//===----------------------------------------------------------------------===//
// Types and constants
//===----------------------------------------------------------------------===//

/// The shape of a tensor type; {1} for scalars and rank-0 tensors, so that
/// every value has at least one entry per property.
llvm::SmallVector<int64_t, 4> getShapeOrScalar(Type type);

/// Bytes between consecutive elements that contiguity counts: the pointee
/// size for (tensors of) pointers, 1 for integers.
int64_t getElementStep(Type type);

/// The largest power of two dividing `x`, capped at kMaxDiv (which is also
/// the answer for 0).
int64_t highestPowerOf2Divisor(int64_t x);

inline int64_t clampDiv(int64_t x) { return std::min(x, kMaxDiv); }

/// Integer width of the element type (index: 64); 0 for anything else.
unsigned getIntWidth(Type type);
/// `value` truncated to `width` bits.
llvm::APInt toAPInt(int64_t value, unsigned width);
/// The canonical int64 of a constant: sign-extended, except i1 (0 or 1).
int64_t fromAPInt(const llvm::APInt &value);
/// The constant of `x` as an APInt of `width` bits, if known.
std::optional<llvm::APInt> constantOf(const AxisInfo &x, unsigned width);

//===----------------------------------------------------------------------===//
// Reasoning about runs (see AxisInfoRules.cpp)
//===----------------------------------------------------------------------===//

/// A divisor of `x` at every index along `dim` that is a multiple of `block`
/// (`step`: bytes per element for pointers).
int64_t divAt(const AxisInfo &x, unsigned dim, int64_t block, int64_t step = 1);
/// A divisor of every element of `x` along `dim`.
int64_t divAll(const AxisInfo &x, unsigned dim, int64_t step = 1);
/// A divisor of every element of `x`: any one dimension's bound holds for all.
int64_t divEverywhere(const AxisInfo &x, int64_t step = 1);
/// The longest g <= limit (a power of two) such that aligned runs of g
/// elements of integer `x` along `dim` are `t .. t+g-1` with g dividing t.
int64_t alignedRun(const AxisInfo &x, unsigned dim, int64_t limit);
/// The longest such run of `x` over which `y` is constant and a multiple of
/// the run length: there `x < y`, `x / y` and `x % y` behave like on one value.
int64_t runAgainstConstant(const AxisInfo &x, const AxisInfo &y, unsigned dim);

/// Builds a result from per-dimension (contiguity, divisibility, constancy).
template <typename Fn> AxisInfo perDim(unsigned numDims, Fn &&fn) {
  DimVector c(numDims), v(numDims), k(numDims);
  for (unsigned d = 0; d < numDims; ++d)
    fn(d, c[d], v[d], k[d]);
  return AxisInfo(c, v, k);
}

//===----------------------------------------------------------------------===//
// Rules
//===----------------------------------------------------------------------===//

/// Constants, tile.make_range/splat/broadcast/expand_dims/trans/reshape,
/// tgpu.convert_layout, program ids; nullopt for other ops.
std::optional<AxisInfo> inferShapeOpAxisInfo(Operation *op,
                                             llvm::ArrayRef<AxisInfo> operands);
/// tile.addptr and integer arith ops; nullopt for other ops.
std::optional<AxisInfo> inferArithOpAxisInfo(Operation *op,
                                             llvm::ArrayRef<AxisInfo> operands);

/// The lattice value of the single result of `op`, given its operands' (all
/// initialized). Ops without a rule get the generic one: elementwise ops keep
/// the operands' common constancy, anything else is unknown.
AxisInfo inferAxisInfo(Operation *op, llvm::ArrayRef<AxisInfo> operands);

} // namespace mlir::tessera::axisinfo

#endif // TESSERA_LIB_ANALYSIS_AXISINFORULES_H
