//===- LayoutRules.h - how layouts flow through one op ----------*- C++ -*-===//
//
// Shared by forward propagation and backward rematerialization: given the
// layout of one operand, the layout of an op's results; given the layout
// wanted for its results, the layout each operand must have. Both directions
// only ever name layouts the lowering accepts without moving data (shape ops
// stay register renamings), and backward(forward(L)) == L.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TRANSFORMS_REMAT_LAYOUTRULES_H
#define TESSERA_TRANSFORMS_REMAT_LAYOUTRULES_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir::tessera::remat {

/// The layout of a ranked tensor type, or null.
Attribute getLayout(Type type);
/// `type` with `layout` when it is a ranked tensor, else `type`.
Type withLayout(Type type, Attribute layout);

/// The op computes its tensor results from its tensor operands in whatever
/// layout they share (elementwise math, casts, addptr, select, loads).
bool isElementwiseLike(Operation *op);

/// The op computes its result in any layout from scalars and attributes alone
/// (constants, splats, ranges).
bool isLayoutFree(Operation *op);

/// The layout of `op`'s tensor results when its tensor operand `operandIdx`
/// has `layout`, or nullopt when the op does not forward layouts (or this one
/// cannot be expressed for the result).
std::optional<Attribute> inferResultLayout(Operation *op, unsigned operandIdx,
                                           Attribute layout);

/// The layouts `op`'s operands must have for its tensor results to come out
/// in `layout` (null entries for non-tensor operands), or nullopt.
std::optional<llvm::SmallVector<Attribute>>
inferOperandLayouts(Operation *op, Attribute layout);

} // namespace mlir::tessera::remat

#endif // TESSERA_TRANSFORMS_REMAT_LAYOUTRULES_H
