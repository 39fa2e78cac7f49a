//===- PredicatedAccess.h - predicated, cache-hinted accesses ---*- C++ -*-===//
#ifndef TESSERA_LIB_CONVERSION_TILEGPUTOLLVM_PREDICATEDACCESS_H
#define TESSERA_LIB_CONVERSION_TILEGPUTOLLVM_PREDICATEDACCESS_H

#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

namespace mlir::tessera {

/// Whether an access of `accessType` (16, 32, 64 or 128 bits of numbers)
/// through `ptrType` (global) can be one predicated PTX instruction.
bool canUsePredicatedPTX(Type accessType, Type ptrType);

/// `pred ? *ptr : other` as one `@p ld.global<hints>` (no predicate when
/// `pred` is null; `other` is then unused). Fails when the hints do not
/// apply to loads.
FailureOr<Value> emitPredicatedLoad(OpBuilder &b, Location loc, Type accessType,
                                    Value ptr, Value pred, Value other,
                                    tile::CacheModifier cache,
                                    tile::EvictionPolicy evict, bool isVolatile);

/// `if (pred) *ptr = value` as one `@p st.global<hints>`.
LogicalResult emitPredicatedStore(OpBuilder &b, Location loc, Value value,
                                  Value ptr, Value pred,
                                  tile::CacheModifier cache,
                                  tile::EvictionPolicy evict);

} // namespace mlir::tessera

#endif
