//===- CostModel.h - what a conversion and a recomputation cost -*- C++ -*-===//
//
// The "profitable" question of layout rematerialization. Costs are in issue
// slots per thread (an ALU instruction is 1), so that a slice of ops can be
// weighed against the conversion it would remove:
//   - a conversion costs nothing when it is a register permutation, a shuffle
//     per register when it stays within warps, and a shared-memory round trip
//     (a store and a load per register, scaled by bytes) plus a barrier
//     otherwise;
//   - constants, splats and ranges are free; cheap math costs 1 per register,
//     expensive math (div, rem, exp, log, sqrt, trig) 8;
//   - a global load costs its bytes and latency, a shared-memory (local) load
//     its bytes at a lower rate;
//   - a reduction costs its in-thread combines, a shuffle step per lane bit
//     along the axis, and a shared-memory round trip with two barriers when
//     warps split the axis.
// The numbers are coarse on purpose; what matters is the order they put
// alternatives in, which the unit tests pin down.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TRANSFORMS_REMAT_COSTMODEL_H
#define TESSERA_TRANSFORMS_REMAT_COSTMODEL_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

#include <cstdint>

namespace mlir::tessera::remat {

class CostModel {
public:
  // Issue-slot weights; public so tests and docs can refer to them.
  static constexpr int64_t kBarrier = 32;
  static constexpr int64_t kSharedAccessPerWord = 2;
  static constexpr int64_t kShufflePerWord = 2;
  static constexpr int64_t kCheapMath = 1;
  static constexpr int64_t kExpensiveMath = 8;
  static constexpr int64_t kGlobalLoadFixed = 24;
  static constexpr int64_t kGlobalLoadPerWord = 4;
  static constexpr int64_t kSharedLoadFixed = 4;
  /// Ops the model does not know (calls, regions): never worth duplicating.
  static constexpr int64_t kUnknown = 1 << 20;

  /// Converting a tile of `src` into `dst` (same shape and element type).
  int64_t conversionCost(RankedTensorType src, RankedTensorType dst) const;

  /// Computing `op` once with its tensor results given `resultTypes` (and
  /// operands in the matching layouts), per thread.
  int64_t opCost(Operation *op, TypeRange resultTypes) const;
  /// `op` as it is.
  int64_t opCost(Operation *op) const {
    return opCost(op, op->getResultTypes());
  }

  /// The math of one elementwise op per element: 0, kCheapMath or
  /// kExpensiveMath.
  static int64_t mathCost(Operation *op);
};

} // namespace mlir::tessera::remat

#endif // TESSERA_TRANSFORMS_REMAT_COSTMODEL_H
