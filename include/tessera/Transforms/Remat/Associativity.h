//===- Associativity.h - may a combination be computed twice? ---*- C++ -*-===//
//
// The "numerically safe" question of layout rematerialization. Computing a
// reduction, scan or dot in two layouts combines its elements in two orders.
// Only a combiner that is exactly associative and commutative (integer add,
// bitwise ops, integer min/max, NaN-propagating float min/max) gives the same
// bits both times; float add and mul do not, and neither does anything this
// check cannot prove. The proof reads the combine region, not op names.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TRANSFORMS_REMAT_ASSOCIATIVITY_H
#define TESSERA_TRANSFORMS_REMAT_ASSOCIATIVITY_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Region.h"

namespace mlir::tessera::remat {

/// The op's result is bit-for-bit the same whatever the grouping and order of
/// its two operands' elements (a + (b + c) == (c + a) + b).
bool isExactAssociativeCommutative(Operation *op);

/// The combine region of a tile.reduce / tile.scan is a set of independent
/// exact-associative-commutative binary ops, one per result, each combining
/// block argument i with block argument N + i and nothing else.
bool isExactCombiner(Region &combine);

/// The op's results depend on the order in which its layout makes it combine
/// elements (reductions, scans, dots).
bool isOrderSensitive(Operation *op);

/// The op may be computed a second time in another layout without the two
/// copies disagreeing: not order-sensitive, or order-sensitive with an exact
/// combiner (integer dot products count as exact).
bool isSafeToDuplicate(Operation *op);

} // namespace mlir::tessera::remat

#endif // TESSERA_TRANSFORMS_REMAT_ASSOCIATIVITY_H
