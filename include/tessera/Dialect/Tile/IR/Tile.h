//===- Tile.h - the tile dialect --------------------------------*- C++ -*-===//
//
// One header for users of the tile dialect: dialect, types, enums and ops.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_DIALECT_TILE_IR_TILE_H
#define TESSERA_DIALECT_TILE_IR_TILE_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "tessera/Dialect/Tile/IR/TileDialect.h.inc"
#include "tessera/Dialect/Tile/IR/TileEnums.h.inc"

#define GET_TYPEDEF_CLASSES
#include "tessera/Dialect/Tile/IR/TileTypes.h.inc"

namespace mlir::tessera::tile {

/// The pointee of a pointer, or a tensor of pointees in the shape (and
/// encoding) of a tensor of pointers. Returns null for anything else.
Type getPointeeTypeLike(Type ptrLike);

/// i1, or a tensor of i1 in the shape and encoding of `type`.
Type getI1TypeLike(Type type);

/// `type` with its element type replaced (keeping shape and encoding).
Type withElementType(Type type, Type elementType);

/// Size in bits of a scalar element; pointers are 64 bits.
unsigned getElementBitWidth(Type elementType);

} // namespace mlir::tessera::tile

#define GET_OP_CLASSES
#include "tessera/Dialect/Tile/IR/TileOps.h.inc"

#endif // TESSERA_DIALECT_TILE_IR_TILE_H
