//===- Associativity.cpp - may a combination be computed twice? -----------===//
#include "tessera/Transforms/Remat/Associativity.h"

#include "tessera/Dialect/Tile/IR/Tile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::tessera;

bool remat::isExactAssociativeCommutative(Operation *op) {
  // Two's-complement integer arithmetic and bitwise ops wrap identically in
  // any order. maximumf/minimumf order -0 below +0 and propagate NaN, so
  // they are exact too; maxnumf/minnumf may return either zero of equal
  // operands (LLVM's semantics), so two orders may disagree in the sign bit.
  // Float add and mul round at every step.
  return isa<arith::AddIOp, arith::MulIOp, arith::AndIOp, arith::OrIOp,
             arith::XOrIOp, arith::MaxSIOp, arith::MinSIOp, arith::MaxUIOp,
             arith::MinUIOp, arith::MaximumFOp, arith::MinimumFOp>(op);
}

bool remat::isExactCombiner(Region &combine) {
  if (!combine.hasOneBlock())
    return false;
  Block &body = combine.front();
  Operation *terminator = body.getTerminator();
  unsigned n = terminator->getNumOperands();
  if (n == 0 || body.getNumArguments() != 2 * n)
    return false;
  // Exactly one combining op per result and nothing else: any other op
  // (a select, a compare, a constant) would need its own proof.
  if (std::distance(body.begin(), body.end()) != static_cast<long>(n) + 1)
    return false;
  for (unsigned i = 0; i < n; ++i) {
    Operation *def = terminator->getOperand(i).getDefiningOp();
    if (!def || def->getBlock() != &body || def->getNumOperands() != 2 ||
        !isExactAssociativeCommutative(def))
      return false;
    Value lhs = body.getArgument(i), rhs = body.getArgument(n + i);
    bool straight = def->getOperand(0) == lhs && def->getOperand(1) == rhs;
    bool swapped = def->getOperand(0) == rhs && def->getOperand(1) == lhs;
    if (!straight && !swapped)
      return false;
  }
  return true;
}

bool remat::isOrderSensitive(Operation *op) {
  return isa<tile::ReduceOp, tile::ScanOp, tile::DotOp>(op);
}

bool remat::isSafeToDuplicate(Operation *op) {
  if (auto reduce = dyn_cast<tile::ReduceOp>(op))
    return isExactCombiner(reduce.getCombineOp());
  if (auto scan = dyn_cast<tile::ScanOp>(op))
    return isExactCombiner(scan.getCombineOp());
  // A dot accumulates products in an order its layout fixes: exact only when
  // everything is an integer.
  if (auto dot = dyn_cast<tile::DotOp>(op))
    return isa<IntegerType>(dot.getA().getType().getElementType()) &&
           isa<IntegerType>(dot.getType().getElementType());
  return true;
}
