//===- PackedAtomic.cpp - f16x2 / bf16x2 atomic adds ----------------------===//
//
// Why inline PTX: LLVM 22's NVPTX backend selects no vector atomics;
// `atomicrmw fadd <2 x half>` is expanded into a 32-bit compare-and-swap
// loop (checked with llc for sm_80 and sm_90a), and NVVM has no op for
// `atom.add.noftz.f16x2`. One packed atomic halves the atomics of an f16
// or bf16 add and needs no retry loop.
//
// Which PTX accepts it (ptxas 13.0): `.f16x2` from sm_60, `.bf16x2` from
// sm_90 (sm_80 rejects it: the scalar path, a CAS loop there, is used).
// The memory semantics and scope are spelled on the instruction itself
// (`atom.acq_rel.gpu.global...`), so no fences are needed around it.
//
//===----------------------------------------------------------------------===//
#include "PackedAtomic.h"

#include "tessera/Analysis/AxisInfo.h"

using namespace mlir;
using namespace mlir::tessera;

unsigned mlir::tessera::getPackedAtomicWidth(tile::AtomicRMWOp op,
                                             const ModuleAxisInfo *axisInfo,
                                             const LoweringTarget &target) {
  if (!axisInfo || op.getKind() != tile::RMWKind::fadd)
    return 1;
  auto ptrType = dyn_cast<RankedTensorType>(op.getPtr().getType());
  if (!ptrType)
    return 1;
  auto pointer = cast<tile::PointerType>(ptrType.getElementType());
  // Shared-memory pointers keep the scalar path: the packed form is only
  // emitted for the global state space.
  if (pointer.getAddressSpace() != 1)
    return 1;
  Type elem = pointer.getPointeeType();
  bool f16 = elem.isF16();
  bool bf16 = elem.isBF16() && target.computeCapability >= 90;
  if (!f16 && !bf16)
    return 1;
  tgpu::LinearLayout layout = getLinearLayout(ptrType);
  for (unsigned d = 0; d < layout.getNumOutDims(); ++d) {
    unsigned consecutive = layout.getNumConsecutiveInOut(d);
    if (consecutive < 2)
      continue;
    // Two elements (4 bytes) consecutive and 4-byte aligned, one mask value.
    unsigned vec = axisInfo->getPtrVectorSize(op.getPtr(), d, 2);
    if (op.getMask())
      vec = std::min(vec, axisInfo->getMaskConstancy(op.getMask(), d));
    if (vec >= 2)
      return 2;
  }
  return 1;
}

namespace {

StringRef semanticQualifier(tile::MemSemantic sem) {
  switch (sem) {
  case tile::MemSemantic::relaxed:
    return ".relaxed";
  case tile::MemSemantic::acquire:
    return ".acquire";
  case tile::MemSemantic::release:
    return ".release";
  case tile::MemSemantic::acq_rel:
    return ".acq_rel";
  }
  llvm_unreachable("unknown semantic");
}

StringRef scopeQualifier(tile::MemScope scope) {
  switch (scope) {
  case tile::MemScope::cta:
    return ".cta";
  case tile::MemScope::gpu:
    return ".gpu";
  case tile::MemScope::sys:
    return ".sys";
  }
  llvm_unreachable("unknown scope");
}

} // namespace

std::pair<Value, Value>
mlir::tessera::emitPackedAtomicAdd(OpBuilder &b, Location loc, Value ptr,
                                   Value lo, Value hi, tile::MemSemantic sem,
                                   tile::MemScope scope) {
  Type half = lo.getType();
  auto pairType = VectorType::get({2}, half);
  Type i32 = b.getI32Type();
  Value pair = LLVM::UndefOp::create(b, loc, pairType);
  pair = LLVM::InsertElementOp::create(b, loc, pair, lo, i32Constant(b, loc, 0));
  pair = LLVM::InsertElementOp::create(b, loc, pair, hi, i32Constant(b, loc, 1));
  Value bits = LLVM::BitcastOp::create(b, loc, i32, pair);

  std::string text = ("atom" + semanticQualifier(sem) + scopeQualifier(scope) +
                      ".global.add.noftz." + (half.isF16() ? "f16x2" : "bf16x2") +
                      " $0, [$1], $2;")
                         .str();
  // The memory clobber keeps loads and stores on either side in place.
  auto asmOp = LLVM::InlineAsmOp::create(
      b, loc, i32, ValueRange{ptr, bits}, b.getStringAttr(text),
      b.getStringAttr("=r,l,r,~{memory}"), b.getUnitAttr(), UnitAttr(),
      LLVM::TailCallKindAttr(),
      LLVM::AsmDialectAttr::get(b.getContext(), LLVM::AsmDialect::AD_ATT),
      ArrayAttr());
  Value old = LLVM::BitcastOp::create(b, loc, pairType, asmOp.getResult(0));
  return {LLVM::ExtractElementOp::create(b, loc, old, i32Constant(b, loc, 0)),
          LLVM::ExtractElementOp::create(b, loc, old, i32Constant(b, loc, 1))};
}
