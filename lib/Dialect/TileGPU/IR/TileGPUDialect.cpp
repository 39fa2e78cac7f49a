//===- TileGPUDialect.cpp - tgpu registration and function checks ---------===//
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::tessera;
using namespace mlir::tessera::tgpu;

#include "tessera/Dialect/TileGPU/IR/TileGPUDialect.cpp.inc"

namespace {
/// Prints layouts once at the top of the module as `#blocked`, `#slice1` ...
struct LayoutAliases : OpAsmDialectInterface {
  using OpAsmDialectInterface::OpAsmDialectInterface;
  AliasResult getAlias(Attribute attr, raw_ostream &os) const override {
    if (isa<BlockedEncodingAttr>(attr)) {
      os << "blocked";
      return AliasResult::FinalAlias;
    }
    if (isa<SliceEncodingAttr>(attr)) {
      os << "slice";
      return AliasResult::FinalAlias;
    }
    return AliasResult::NoAlias;
  }
};
} // namespace

void TileGPUDialect::initialize() {
  registerAttributes();
  addInterfaces<LayoutAliases>();
  addOperations<
#define GET_OP_LIST
#include "tessera/Dialect/TileGPU/IR/TileGPUOps.cpp.inc"
      >();
}

namespace mlir::tessera::tgpu {

DistributedLayoutAttr getDistributedLayout(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return {};
  return dyn_cast_or_null<DistributedLayoutAttr>(tensor.getEncoding());
}

std::optional<unsigned> getNumWarps(Operation *funcLike) {
  if (auto attr = funcLike->getAttrOfType<IntegerAttr>(
          TileGPUDialect::getNumWarpsAttrName()))
    return attr.getInt();
  return std::nullopt;
}

} // namespace mlir::tessera::tgpu

/// A power of two in [1, limit] stored as an i32 attribute.
static LogicalResult verifyPowerOfTwoAttr(Operation *op, NamedAttribute attr,
                                          int64_t limit) {
  StringRef name = attr.getName().getValue();
  auto value = dyn_cast<IntegerAttr>(attr.getValue());
  if (!value || !value.getType().isInteger(32))
    return op->emitOpError("'") << name << "' must be an i32";
  int64_t n = value.getInt();
  if (n < 1 || n > limit || !llvm::isPowerOf2_64(n))
    return op->emitOpError("'") << name
                                << "' must be a power of two in [1, " << limit
                                << "], got " << n;
  return success();
}

/// Every tensor defined inside `fn` must be laid out over exactly the warps
/// and lanes the function runs with.
static LogicalResult verifyLayoutsFit(Operation *fn, unsigned numWarps,
                                      unsigned threadsPerWarp) {
  auto check = [&](Type type, Location loc) -> LogicalResult {
    DistributedLayoutAttr layout = getDistributedLayout(type);
    if (!layout)
      return success();
    if (layout.getTotalWarps() != numWarps)
      return emitError(loc) << "layout of " << type << " spans "
                            << layout.getTotalWarps()
                            << " warps but the function runs " << numWarps;
    if (layout.getTotalLanes() != threadsPerWarp)
      return emitError(loc) << "layout of " << type << " spans "
                            << layout.getTotalLanes()
                            << " lanes per warp but a warp has "
                            << threadsPerWarp;
    return success();
  };
  WalkResult result = fn->walk([&](Operation *op) {
    for (Value v : op->getResults())
      if (failed(check(v.getType(), op->getLoc())))
        return WalkResult::interrupt();
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          if (failed(check(arg.getType(), arg.getLoc())))
            return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

/// `sm_80`, `sm_90a`: a compute capability of at least 7.0, optionally with
/// the architecture-specific `a` suffix.
static bool isValidTarget(StringRef target) {
  unsigned sm = 0;
  if (!target.consume_front("sm_"))
    return false;
  target.consume_back("a");
  return !target.getAsInteger(10, sm) && sm >= 70;
}

/// The lane count of a warp as the function states it, 32 by default, or
/// nullopt while that attribute is malformed (its own check reports it).
static std::optional<unsigned> getThreadsPerWarp(Operation *op) {
  Attribute attr = op->getAttr(TileGPUDialect::getThreadsPerWarpAttrName());
  if (!attr)
    return 32;
  auto value = dyn_cast<IntegerAttr>(attr);
  if (!value || !value.getType().isInteger(32) || value.getInt() < 1 ||
      value.getInt() > 64 || !llvm::isPowerOf2_64(value.getInt()))
    return std::nullopt;
  return value.getInt();
}

LogicalResult TileGPUDialect::verifyOperationAttribute(Operation *op,
                                                       NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == getThreadsPerWarpAttrName())
    return verifyPowerOfTwoAttr(op, attr, 64);
  if (name == getTargetAttrName()) {
    auto target = dyn_cast<StringAttr>(attr.getValue());
    if (!target || !isValidTarget(target.getValue()))
      return op->emitOpError("'") << name
                                  << "' must name a target such as \"sm_90a\"";
    return success();
  }
  if (name == getNumWarpsAttrName()) {
    if (failed(verifyPowerOfTwoAttr(op, attr, 32)))
      return failure();
    std::optional<unsigned> threadsPerWarp = getThreadsPerWarp(op);
    if (!threadsPerWarp)
      return success();
    return verifyLayoutsFit(op, cast<IntegerAttr>(attr.getValue()).getInt(),
                            *threadsPerWarp);
  }
  // Written by tgpu-allocate-shared-memory: a function's dynamic shared
  // memory and an op's scratch offset, both byte counts.
  if (name == "tgpu.shared_bytes" || name == "tgpu.scratch_offset") {
    auto bytes = dyn_cast<IntegerAttr>(attr.getValue());
    if (!bytes || !bytes.getType().isInteger(32) || bytes.getInt() < 0)
      return op->emitOpError("'") << name
                                  << "' must be a non-negative i32 byte count";
    return success();
  }
  if (name == "tgpu.scratch_fence") {
    if (!isa<UnitAttr>(attr.getValue()))
      return op->emitOpError("'") << name << "' must be a unit attribute";
    return success();
  }
  return op->emitOpError("unknown tgpu attribute '") << name << "'";
}

Operation *TileGPUDialect::materializeConstant(OpBuilder &builder,
                                               Attribute value, Type type,
                                               Location loc) {
  return arith::ConstantOp::materialize(builder, value, type, loc);
}
