//===- CostModel.cpp - what a conversion and a recomputation cost ---------===//
#include "tessera/Transforms/Remat/CostModel.h"

#include "tessera/Dialect/Tile/IR/Tile.h"
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"
#include "tessera/Transforms/Remat/LayoutRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::tessera;
using namespace mlir::tessera::remat;

namespace {

/// 32-bit words of data a thread holds of a tile of `type`: what moves
/// through shared memory or a shuffle, so narrower elements cost less.
int64_t wordsPerThread(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return 1;
  int64_t regs = tgpu::getElemsPerThread(type);
  unsigned bits = tile::getElementBitWidth(tensor.getElementType());
  return std::max<int64_t>(1, llvm::divideCeil(regs * bits, 32));
}

int64_t bytesPerThread(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return 4;
  unsigned bits = tile::getElementBitWidth(tensor.getElementType());
  return tgpu::getElemsPerThread(type) *
         std::max<int64_t>(1, llvm::divideCeil(bits, 8));
}

/// How many bits of `in` move along output dimension `dim`.
unsigned bitsAlong(const tgpu::LinearLayout &layout, tgpu::InDim in,
                   unsigned dim) {
  unsigned n = 0;
  for (const auto &basis : layout.getBases(in))
    n += basis[dim] != 0;
  return n;
}

} // namespace

int64_t CostModel::mathCost(Operation *op) {
  if (isLayoutFree(op) ||
      isa<arith::ExtFOp, arith::ExtSIOp, arith::ExtUIOp, arith::TruncFOp,
          arith::TruncIOp, arith::BitcastOp, arith::IndexCastOp>(op))
    return isLayoutFree(op) ? 0 : kCheapMath;
  if (isa<arith::DivFOp, arith::DivSIOp, arith::DivUIOp, arith::RemFOp,
          arith::RemSIOp, arith::RemUIOp, arith::CeilDivSIOp,
          arith::CeilDivUIOp, arith::FloorDivSIOp>(op))
    return kExpensiveMath;
  if (isa<math::MathDialect>(op->getDialect()) &&
      !isa<math::AbsFOp, math::AbsIOp, math::CopySignOp, math::FmaOp,
           math::CeilOp, math::FloorOp, math::TruncOp, math::RoundOp,
           math::RoundEvenOp>(op))
    return kExpensiveMath;
  return kCheapMath;
}

int64_t CostModel::conversionCost(RankedTensorType src,
                                  RankedTensorType dst) const {
  auto srcLayout = tgpu::getLinearLayout(src);
  auto dstLayout = tgpu::getLinearLayout(dst);
  if (!srcLayout || !dstLayout)
    return kUnknown;
  tgpu::ConversionPlan plan = tgpu::planConversion(*srcLayout, *dstLayout);
  switch (plan.kind) {
  case tgpu::ConversionKind::RegisterPermutation: {
    // A renaming is free; when the register a thread needs depends on its
    // lane or warp, each destination register is a chain of compare+select
    // over the candidates (see ConvertLayoutOpToLLVM.cpp).
    int64_t candidates = plan.inThread.offsets.size();
    return kCheapMath * std::max<int64_t>(0, candidates - 1) *
           tgpu::getElemsPerThread(dst);
  }
  case tgpu::ConversionKind::WarpShuffle:
    return kShufflePerWord * wordsPerThread(dst);
  case tgpu::ConversionKind::SharedMemory:
    // Every thread stores what it holds and loads what it needs; one
    // barrier between (the allocator may add a second for reuse).
    return kSharedAccessPerWord * (wordsPerThread(src) + wordsPerThread(dst)) +
           kBarrier;
  }
  return kUnknown;
}

int64_t CostModel::opCost(Operation *op, TypeRange resultTypes) const {
  if (isLayoutFree(op) || isa<tgpu::ConvertLayoutOp>(op) ||
      isa<tile::ExpandDimsOp, tile::BroadcastOp, tile::TransOp,
          tile::ReshapeOp>(op))
    return 0; // rebuilt per thread from scalars, or a register renaming
  if (auto load = dyn_cast<tile::LoadOp>(op)) {
    auto ptrType = cast<tile::PointerType>(
        getElementTypeOrSelf(load.getPtr().getType()));
    int64_t words = llvm::divideCeil(bytesPerThread(resultTypes[0]), 4);
    // Address space 3 is shared memory: a local load costs its bytes at
    // shared-memory rates; anything else goes to global memory.
    if (ptrType.getAddressSpace() == 3)
      return kSharedLoadFixed + kSharedAccessPerWord * words;
    return kGlobalLoadFixed + kGlobalLoadPerWord * words;
  }
  if (auto reduce = dyn_cast<tile::ReduceOp>(op)) {
    // The operand layout is the parent of the result's slice.
    Attribute resultLayout = getLayout(resultTypes[0]);
    auto slice = dyn_cast_or_null<tgpu::SliceEncodingAttr>(resultLayout);
    auto srcType = cast<RankedTensorType>(reduce.getSrcs()[0].getType());
    Type operandType = slice ? withLayout(srcType, slice.getParent()) : srcType;
    auto layout = tgpu::getLinearLayout(operandType);
    if (!layout)
      return kUnknown;
    int64_t combine = 0;
    for (Operation &inner : reduce.getCombineOp().front().without_terminator())
      combine += mathCost(&inner);
    int64_t operands = reduce.getSrcs().size();
    int64_t inThread = tgpu::getElemsPerThread(operandType) * combine;
    unsigned axis = reduce.getAxis();
    int64_t outRegs = std::max<int64_t>(
        1, tgpu::getElemsPerThread(operandType) >>
               bitsAlong(*layout, tgpu::InDim::Register, axis));
    int64_t shuffles = bitsAlong(*layout, tgpu::InDim::Lane, axis) * outRegs *
                       (kShufflePerWord * operands + combine);
    int64_t crossWarp = 0;
    if (bitsAlong(*layout, tgpu::InDim::Warp, axis) != 0)
      crossWarp = 2 * kBarrier + 2 * kSharedAccessPerWord * outRegs * operands +
                  (int64_t(1) << bitsAlong(*layout, tgpu::InDim::Warp, axis)) *
                      combine * outRegs;
    return inThread + shuffles + crossWarp;
  }
  if (isa<tile::ScanOp>(op)) {
    int64_t combine = 0;
    for (Operation &inner :
         cast<tile::ScanOp>(op).getCombineOp().front().without_terminator())
      combine += mathCost(&inner);
    // Every level of the scan touches every register.
    return wordsPerThread(resultTypes[0]) * (combine + kShufflePerWord) * 6 +
           2 * kBarrier;
  }
  if (isElementwiseLike(op) && !isa<tile::AddPtrOp>(op)) {
    int64_t regs = 0;
    for (Type type : resultTypes)
      regs += wordsPerThread(type);
    return regs * mathCost(op);
  }
  if (isa<tile::AddPtrOp>(op))
    return wordsPerThread(resultTypes[0]) * kCheapMath;
  return kUnknown;
}
