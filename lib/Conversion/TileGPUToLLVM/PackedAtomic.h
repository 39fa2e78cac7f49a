//===- PackedAtomic.h - f16x2 / bf16x2 atomic adds --------------*- C++ -*-===//
//
// Two consecutive 16-bit float adds as one `atom.add.noftz.{f16x2,bf16x2}`
// when the axis analysis proves the pair 4-byte aligned, adjacent and under
// one mask value. Used by AtomicOpToLLVM.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_LIB_CONVERSION_TILEGPUTOLLVM_PACKEDATOMIC_H
#define TESSERA_LIB_CONVERSION_TILEGPUTOLLVM_PACKEDATOMIC_H

#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

namespace mlir::tessera {

/// How many registers one atomic of `op` covers: 2 when `op` is a global
/// f16 `fadd` (bf16 from sm_90) through a tensor of pointers whose layout
/// gives a thread consecutive elements in consecutive registers that the
/// analysis proves adjacent and 4-byte aligned, with the mask constant over
/// each pair; 1 otherwise.
unsigned getPackedAtomicWidth(tile::AtomicRMWOp op,
                              const ModuleAxisInfo *axisInfo,
                              const LoweringTarget &target);

/// `atom{.sem}{.scope}.global.add.noftz.{f16x2,bf16x2}` of (`lo`, `hi`) at
/// `ptr` (the address of `lo`); returns the two old values.
std::pair<Value, Value> emitPackedAtomicAdd(OpBuilder &b, Location loc,
                                            Value ptr, Value lo, Value hi,
                                            tile::MemSemantic sem,
                                            tile::MemScope scope);

} // namespace mlir::tessera

#endif // TESSERA_LIB_CONVERSION_TILEGPUTOLLVM_PACKEDATOMIC_H
