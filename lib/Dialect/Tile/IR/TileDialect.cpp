//===- TileDialect.cpp - tile dialect registration and types -------------===//
#include "tessera/Dialect/Tile/IR/Tile.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tessera::tile;

#include "tessera/Dialect/Tile/IR/TileDialect.cpp.inc"
#include "tessera/Dialect/Tile/IR/TileEnums.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "tessera/Dialect/Tile/IR/TileTypes.cpp.inc"

void TileDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "tessera/Dialect/Tile/IR/TileTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "tessera/Dialect/Tile/IR/TileOps.cpp.inc"
      >();
}

Operation *TileDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  return arith::ConstantOp::materialize(builder, value, type, loc);
}

/// The scalars a tile program computes on (Tile_Elem in TileTypes.td): a
/// pointer to anything else could never be loaded from or stored through.
static bool isPointeeType(Type type) {
  if (isa<PointerType, Float8E4M3FNType, Float8E5M2Type, Float16Type,
          BFloat16Type, Float32Type, Float64Type>(type))
    return true;
  auto integer = dyn_cast<IntegerType>(type);
  return integer && integer.isSignless() &&
         llvm::is_contained({1u, 8u, 16u, 32u, 64u}, integer.getWidth());
}

/// LLVM keeps address spaces in 24 bits.
static constexpr int kMaxAddressSpace = (1 << 24) - 1;

LogicalResult
PointerType::verify(function_ref<InFlightDiagnostic()> emitError,
                    Type pointeeType, int addressSpace) {
  // Pointers to pointers are allowed (tables of addresses); pointers to
  // tensors are not: a pointer names one scalar.
  if (!isPointeeType(pointeeType))
    return emitError() << "pointee must be a scalar number (f8E4M3FN, "
                          "f8E5M2, f16, bf16, f32, f64, i1, i8, i16, i32, "
                          "i64) or a pointer, got "
                       << pointeeType;
  if (addressSpace < 0 || addressSpace > kMaxAddressSpace)
    return emitError() << "address space must be in [0, " << kMaxAddressSpace
                       << "], got " << addressSpace;
  return success();
}

namespace mlir::tessera::tile {

Type withElementType(Type type, Type elementType) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor.clone(elementType);
  return elementType;
}

Type getPointeeTypeLike(Type ptrLike) {
  auto ptr = dyn_cast<PointerType>(getElementTypeOrSelf(ptrLike));
  if (!ptr)
    return {};
  return withElementType(ptrLike, ptr.getPointeeType());
}

Type getI1TypeLike(Type type) {
  return withElementType(type, IntegerType::get(type.getContext(), 1));
}

unsigned getElementBitWidth(Type elementType) {
  if (isa<PointerType>(elementType))
    return 64;
  return elementType.getIntOrFloatBitWidth();
}

} // namespace mlir::tessera::tile
