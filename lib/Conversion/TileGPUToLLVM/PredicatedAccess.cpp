//===- PredicatedAccess.cpp - predicated, cache-hinted global accesses ----===//
//
// NVVM has no op for PTX's cache operators (.cg, .cs, ...) and eviction
// priorities (.L1::evict_first ...), nor for a predicated load or store:
// LLVM's NVPTX backend emits neither. A tile `load`/`store` that asks for a
// hint, or a masked access of a single element (see preferPredicatedScalar
// in LoadStoreOpToLLVM.cpp: a branch per element made kernels slow to
// compile), is therefore written here — and only here — as inline PTX: one
// instruction guarded by its mask (`@p ld.global.cg...`), with `other` moved
// into the destination registers first. Other accesses stay LLVM loads and
// stores (masked vector groups behind a branch), which ptxas schedules
// better.
//
//===----------------------------------------------------------------------===//
#include "PredicatedAccess.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// The access as PTX registers: `count` registers of `bits` each.
struct RegisterShape {
  unsigned count, bits;
};

std::optional<RegisterShape> getRegisterShape(Type accessType) {
  Type elem = getElementTypeOrSelf(accessType);
  if (!elem.isIntOrFloat())
    return std::nullopt;
  unsigned total = elem.getIntOrFloatBitWidth();
  if (auto vec = dyn_cast<VectorType>(accessType))
    total *= vec.getNumElements();
  switch (total) {
  case 16:
    return RegisterShape{1, 16};
  case 32:
  case 64:
  case 128:
    return RegisterShape{total / 32, 32};
  default:
    return std::nullopt;
  }
}

/// `.cg`, `.L1::evict_first` ... for a load (or store).
FailureOr<std::string> getQualifiers(tile::CacheModifier cache,
                                     tile::EvictionPolicy evict, bool isLoad) {
  using tile::CacheModifier;
  switch (cache) {
  case CacheModifier::none:
    break;
  case CacheModifier::ca:
  case CacheModifier::lu:
  case CacheModifier::cv:
    if (!isLoad)
      return failure();
    return ("." + tile::stringifyCacheModifier(cache)).str();
  case CacheModifier::wb:
  case CacheModifier::wt:
    if (isLoad)
      return failure();
    return ("." + tile::stringifyCacheModifier(cache)).str();
  case CacheModifier::cg:
  case CacheModifier::cs:
    return ("." + tile::stringifyCacheModifier(cache)).str();
  }
  // A cache operator and an eviction priority are alternative forms of the
  // instruction; the operator, when given, wins.
  switch (evict) {
  case tile::EvictionPolicy::normal:
    return std::string();
  case tile::EvictionPolicy::evict_first:
    return std::string(".L1::evict_first");
  case tile::EvictionPolicy::evict_last:
    return std::string(".L1::evict_last");
  }
  return std::string();
}

/// "{ $0, $1 }" or "$0" for registers first..first+count-1.
std::string registerList(unsigned first, unsigned count) {
  if (count == 1)
    return "$" + std::to_string(first);
  SmallVector<std::string> names;
  for (unsigned i = 0; i < count; ++i)
    names.push_back("$" + std::to_string(first + i));
  return "{ " + llvm::join(names, ", ") + " }";
}

Type registerType(OpBuilder &b, RegisterShape shape) {
  return b.getIntegerType(shape.bits);
}

/// `value` (of the access type) as its registers.
SmallVector<Value> toRegisters(OpBuilder &b, Location loc, Value value,
                               RegisterShape shape) {
  Type reg = registerType(b, shape);
  if (shape.count == 1)
    return {LLVM::BitcastOp::create(b, loc, reg, value)};
  auto vecType = VectorType::get({shape.count}, reg);
  Value asVector = LLVM::BitcastOp::create(b, loc, vecType, value);
  SmallVector<Value> regs;
  for (unsigned i = 0; i < shape.count; ++i)
    regs.push_back(LLVM::ExtractElementOp::create(b, loc, asVector,
                                                  i32Constant(b, loc, i)));
  return regs;
}

} // namespace

bool mlir::tessera::canUsePredicatedPTX(Type accessType, Type ptrType) {
  auto ptr = dyn_cast<LLVM::LLVMPointerType>(ptrType);
  return ptr && ptr.getAddressSpace() == 1 &&
         getRegisterShape(accessType).has_value();
}

FailureOr<Value> mlir::tessera::emitPredicatedLoad(
    OpBuilder &b, Location loc, Type accessType, Value ptr, Value pred,
    Value other, tile::CacheModifier cache, tile::EvictionPolicy evict,
    bool isVolatile) {
  RegisterShape shape = *getRegisterShape(accessType);
  FailureOr<std::string> qualifiers =
      isVolatile ? std::string() : getQualifiers(cache, evict, /*isLoad=*/true);
  if (failed(qualifiers))
    return failure();
  std::string sizeSuffix =
      (shape.count > 1 ? ".v" + std::to_string(shape.count) : std::string()) +
      ".b" + std::to_string(shape.bits);
  char regConstraint = shape.bits == 16 ? 'h' : 'r';

  // Operands: outputs $0..$n-1, the address, then the predicate and the
  // `other` registers when masked.
  unsigned n = shape.count;
  SmallVector<Value> operands{ptr};
  SmallVector<std::string> constraints;
  for (unsigned i = 0; i < n; ++i)
    constraints.push_back(std::string("=") + regConstraint);
  constraints.push_back("l");
  std::string text;
  if (pred) {
    operands.push_back(pred);
    constraints.push_back("b");
    for (auto [i, reg] : llvm::enumerate(toRegisters(b, loc, other, shape))) {
      operands.push_back(reg);
      constraints.push_back(std::string(1, regConstraint));
      text += llvm::formatv("mov.b{0} ${1}, ${2};\n\t", shape.bits, i,
                            n + 2 + i)
                  .str();
    }
    text += "@$" + std::to_string(n + 1) + " ";
  }
  text += std::string(isVolatile ? "ld.volatile.global" : "ld.global") +
          *qualifiers + sizeSuffix + " " + registerList(0, n) + ", [ $" +
          std::to_string(n) + " + 0 ];";

  Type reg = registerType(b, shape);
  Type resultType =
      n == 1 ? reg
             : LLVM::LLVMStructType::getLiteral(b.getContext(),
                                                SmallVector<Type>(n, reg));
  // Reads memory: keep it ordered with the stores around it.
  auto asmOp = LLVM::InlineAsmOp::create(
      b, loc, resultType, operands, b.getStringAttr(text),
      b.getStringAttr(llvm::join(constraints, ",")), b.getUnitAttr(),
      UnitAttr(), LLVM::TailCallKindAttr(),
      LLVM::AsmDialectAttr::get(b.getContext(), LLVM::AsmDialect::AD_ATT),
      ArrayAttr());
  Value result = asmOp.getResult(0);
  if (n == 1)
    return LLVM::BitcastOp::create(b, loc, accessType, result).getResult();
  auto vecType = VectorType::get({n}, reg);
  Value vector = LLVM::UndefOp::create(b, loc, vecType);
  for (unsigned i = 0; i < n; ++i)
    vector = LLVM::InsertElementOp::create(
        b, loc, vector, LLVM::ExtractValueOp::create(b, loc, result, i),
        i32Constant(b, loc, i));
  return LLVM::BitcastOp::create(b, loc, accessType, vector).getResult();
}

LogicalResult mlir::tessera::emitPredicatedStore(OpBuilder &b, Location loc,
                                                 Value value, Value ptr,
                                                 Value pred,
                                                 tile::CacheModifier cache,
                                                 tile::EvictionPolicy evict) {
  RegisterShape shape = *getRegisterShape(value.getType());
  FailureOr<std::string> qualifiers =
      getQualifiers(cache, evict, /*isLoad=*/false);
  if (failed(qualifiers))
    return failure();
  unsigned n = shape.count;
  char regConstraint = shape.bits == 16 ? 'h' : 'r';
  SmallVector<Value> operands{ptr};
  SmallVector<std::string> constraints{"l"};
  std::string text;
  unsigned firstValue = 1;
  if (pred) {
    operands.push_back(pred);
    constraints.push_back("b");
    text += "@$1 ";
    firstValue = 2;
  }
  for (Value reg : toRegisters(b, loc, value, shape)) {
    operands.push_back(reg);
    constraints.push_back(std::string(1, regConstraint));
  }
  text += "st.global" + *qualifiers +
          (n > 1 ? ".v" + std::to_string(n) : std::string()) + ".b" +
          std::to_string(shape.bits) + " [ $0 + 0 ], " +
          registerList(firstValue, n) + ";";
  LLVM::InlineAsmOp::create(
      b, loc, Type(), operands, b.getStringAttr(text),
      b.getStringAttr(llvm::join(constraints, ",")), b.getUnitAttr(), UnitAttr(),
      LLVM::TailCallKindAttr(),
      LLVM::AsmDialectAttr::get(b.getContext(), LLVM::AsmDialect::AD_ATT),
      ArrayAttr());
  return success();
}
