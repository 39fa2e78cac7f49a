//===- ConvertLayoutOpToLLVM.cpp - moving tiles between layouts -----------===//
//
// Generic over the two linear layouts, following tgpu::planConversion (which
// the shared-memory allocator and the remat cost model read too):
//   - when every thread already holds what it needs, each destination
//     register is one of the thread's source registers: a renaming when the
//     choice is the same in every thread, else a select among the candidates
//     keyed on the thread's lane and warp bits (e.g. layouts that broadcast
//     over different lanes, or a slice to a blocked layout);
//   - when every element stays in its warp and tgpu::planWarpShuffle finds
//     rounds for it, one `shfl.sync.idx` per destination register (and 32
//     bits) moves the data: no shared memory, no barrier;
//   - otherwise the tile goes through shared memory: each element's owner
//     (no broadcast copy) writes it at its row-major index, a barrier, and
//     every thread reads the elements its new layout gives it.
//
//===----------------------------------------------------------------------===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

using namespace mlir;
using namespace mlir::tessera;
using tgpu::InDim;
using tgpu::LinearLayout;

namespace {

unsigned elementBytes(Type elem) {
  if (isa<tile::PointerType, LLVM::LLVMPointerType>(elem))
    return 8;
  return std::max(1u, elem.getIntOrFloatBitWidth() / 8);
}

/// XOR of `bases[i]` over the set bits i of the runtime `index`.
Value xorOfBits(OpBuilder &b, Location loc, ArrayRef<int32_t> bases,
                Value index) {
  Value result = i32Constant(b, loc, 0);
  for (auto [bit, basis] : llvm::enumerate(bases)) {
    if (basis == 0)
      continue;
    Value shifted = LLVM::LShrOp::create(b, loc, index, i32Constant(b, loc, bit));
    Value set = LLVM::AndOp::create(b, loc, shifted, i32Constant(b, loc, 1));
    Value term = LLVM::MulOp::create(b, loc, set, i32Constant(b, loc, basis));
    result = LLVM::XOrOp::create(b, loc, result, term);
  }
  return result;
}

/// values[base ^ offset], the runtime `offset` being one of `offsets`
/// (offsets[0] when there is only one): a chain of selects.
Value selectRegister(OpBuilder &b, Location loc, ArrayRef<Value> values,
                     int32_t base, ArrayRef<int32_t> offsets, Value offset) {
  Value result = values[base ^ offsets.front()];
  for (int32_t candidate : offsets.drop_front()) {
    Value match = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, offset,
                                       i32Constant(b, loc, candidate));
    result = LLVM::SelectOp::create(b, loc, match, values[base ^ candidate],
                                    result);
  }
  return result;
}

/// The per-thread offset t of `select` (see tgpu::RegisterSelect), or null
/// when it is 0 in every thread (nothing is emitted then).
Value emitSelectOffset(OpBuilder &b, Location loc,
                       const tgpu::RegisterSelect &select,
                       const ThreadIds &ids) {
  if (select.offsets.size() == 1)
    return Value();
  return LLVM::XOrOp::create(b, loc, xorOfBits(b, loc, select.laneBases, ids.lane),
                             xorOfBits(b, loc, select.warpBases, ids.warp));
}

/// Entry k of `select` among `values`, with `t` from emitSelectOffset: a
/// renaming when t is null.
Value emitSelectEntry(OpBuilder &b, Location loc,
                      const tgpu::RegisterSelect &select, unsigned k,
                      ArrayRef<Value> values, Value t) {
  return selectRegister(b, loc, values, select.registers[k], select.offsets, t);
}

/// The shuffle rounds of `plan` (see tgpu::WarpShufflePlan).
SmallVector<Value> emitWarpShuffles(OpBuilder &b, Location loc,
                                    const tgpu::WarpShufflePlan &plan,
                                    ArrayRef<Value> values,
                                    const ThreadIds &ids) {
  Value u = LLVM::XOrOp::create(
      b, loc, xorOfBits(b, loc, plan.receiverLaneBases, ids.lane),
      xorOfBits(b, loc, plan.receiverWarpBases, ids.warp));
  Value t = emitSelectOffset(b, loc, plan.send, ids);
  Value v = xorOfBits(b, loc, plan.receiverRegisterBases, ids.lane);
  SmallVector<Value> received;
  for (auto [k, lane] : llvm::enumerate(plan.roundLane)) {
    Value from = LLVM::XOrOp::create(b, loc, u, i32Constant(b, loc, lane));
    // The sender's side is the in-thread selection, its entry k sent in
    // round k.
    Value sent = emitSelectEntry(b, loc, plan.send, k, values, t);
    received.push_back(shuffleLanes(b, loc, sent, from, NVVM::ShflKind::idx));
  }
  // Round k filled destination register k ^ v.
  SmallVector<Value> result;
  for (int32_t r = 0; r < static_cast<int32_t>(received.size()); ++r)
    result.push_back(
        selectRegister(b, loc, received, r, plan.receiverOffsets, v));
  return result;
}

/// Row-major index of the element at `coords` (i32 values).
Value flatIndex(OpBuilder &b, Location loc, ArrayRef<Value> coords,
                ArrayRef<int64_t> shape) {
  Value index = i32Constant(b, loc, 0);
  for (auto [c, size] : llvm::zip_equal(coords, shape))
    index = LLVM::AddOp::create(
        b, loc, LLVM::MulOp::create(b, loc, index, i32Constant(b, loc, size)), c);
  return index;
}

struct ConvertLayoutOpLowering : ConvertOpToLLVMPattern<tgpu::ConvertLayoutOp> {
  ConvertLayoutOpLowering(TesseraTypeConverter &converter, LoweringTarget target)
      : ConvertOpToLLVMPattern(converter), target(target) {}

  LogicalResult
  matchAndRewrite(tgpu::ConvertLayoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType srcType = op.getSrc().getType(), dstType = op.getType();
    Type resultType = getTypeConverter()->convertType(dstType);
    if (!resultType)
      return failure();
    LinearLayout src = getLinearLayout(srcType), dst = getLinearLayout(dstType);
    SmallVector<Value> values = unpackElements(rewriter, loc, adaptor.getSrc());

    tgpu::ConversionPlan plan = tgpu::planConversion(src, dst);
    switch (plan.kind) {
    case tgpu::ConversionKind::RegisterPermutation: {
      // Thread ids only where some register depends on them.
      ThreadIds ids;
      if (plan.inThread.offsets.size() > 1)
        ids = getThreadIds(rewriter, loc, target.threadsPerWarp);
      Value t = emitSelectOffset(rewriter, loc, plan.inThread, ids);
      SmallVector<Value> result;
      for (unsigned k = 0; k < plan.inThread.registers.size(); ++k)
        result.push_back(
            emitSelectEntry(rewriter, loc, plan.inThread, k, values, t));
      rewriter.replaceOp(op, packElements(rewriter, loc, resultType, result));
      return success();
    }
    case tgpu::ConversionKind::WarpShuffle: {
      ThreadIds ids = getThreadIds(rewriter, loc, target.threadsPerWarp);
      SmallVector<Value> result =
          emitWarpShuffles(rewriter, loc, plan.shuffle, values, ids);
      rewriter.replaceOp(op, packElements(rewriter, loc, resultType, result));
      return success();
    }
    case tgpu::ConversionKind::SharedMemory:
      break;
    }

    std::optional<int64_t> offset = getScratchOffset(op);
    if (!offset)
      return op.emitOpError("needs shared memory; run "
                            "tgpu-allocate-shared-memory first");
    Type elem = getTypeConverter()->convertType(srcType.getElementType());
    // i1 lives in shared memory as a byte.
    Type memElem = elem.isInteger(1) ? rewriter.getI8Type() : elem;
    ThreadIds ids = getThreadIds(rewriter, loc, target.threadsPerWarp);
    ArrayRef<int64_t> shape = srcType.getShape();

    // Earlier users of this scratch are done before anyone overwrites it.
    emitScratchFence(rewriter, loc, op);
    Value owner = emitOwnerPredicate(rewriter, loc, src, ids);
    uint32_t duplicates = src.getFreeVariableMask(InDim::Register);
    auto srcIndices = emitIndices(rewriter, loc, src, ids);
    for (int32_t r = 0; r < src.getNumRegisters(); ++r) {
      if (r & duplicates)
        continue;
      Value ptr = getSharedElementPointer(rewriter, loc, op, *offset, memElem,
                                          flatIndex(rewriter, loc, srcIndices[r], shape));
      Value value = values[r];
      if (memElem != elem)
        value = LLVM::ZExtOp::create(rewriter, loc, memElem, value);
      if (owner) {
        // Broadcast copies would write the same value; let one thread do it.
        emitGuarded(rewriter, loc, owner, Type(), [&]() -> Value {
          LLVM::StoreOp::create(rewriter, loc, value, ptr);
          return Value();
        }, Value());
      } else {
        LLVM::StoreOp::create(rewriter, loc, value, ptr);
      }
    }
    emitBarrier(rewriter, loc);
    SmallVector<Value> result;
    auto dstIndices = emitIndices(rewriter, loc, dst, ids);
    for (auto &index : dstIndices) {
      Value ptr = getSharedElementPointer(rewriter, loc, op, *offset, memElem,
                                          flatIndex(rewriter, loc, index, shape));
      Value value = LLVM::LoadOp::create(rewriter, loc, memElem, ptr);
      if (memElem != elem)
        value = LLVM::TruncOp::create(rewriter, loc, elem, value);
      result.push_back(value);
    }
    rewriter.replaceOp(op, packElements(rewriter, loc, resultType, result));
    return success();
  }

  LoweringTarget target;
};

} // namespace

int64_t mlir::tessera::getConvertLayoutScratchBytes(tgpu::ConvertLayoutOp op) {
  RankedTensorType src = op.getSrc().getType(), dst = op.getType();
  // The lowering's own question (planConversion), not a second predicate.
  if (!tgpu::getDistributedLayout(src) || !tgpu::getDistributedLayout(dst) ||
      tgpu::getConversionKind(getLinearLayout(src), getLinearLayout(dst)) !=
          tgpu::ConversionKind::SharedMemory)
    return 0;
  return src.getNumElements() * elementBytes(src.getElementType());
}

void mlir::tessera::populateConvertLayoutOpToLLVMPatterns(
    TesseraTypeConverter &converter, RewritePatternSet &patterns,
    const LoweringTarget &target) {
  patterns.add<ConvertLayoutOpLowering>(converter, target);
}
