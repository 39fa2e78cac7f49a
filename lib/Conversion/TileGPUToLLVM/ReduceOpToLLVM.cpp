//===- ReduceOpToLLVM.cpp - tile.reduce on distributed tiles --------------===//
//
// Three steps, each driven by the source's linear layout (never by the kind
// of layout):
//   1. in-thread: registers that hold elements of the same output position
//      combine in register order (registers that merely repeat an element are
//      skipped: a sum must not count a broadcast copy twice);
//   2. in-warp: for every lane bit that moves along the axis, a butterfly
//      shuffle and a combine (one redux.sync instead when all 32 lanes move
//      along the axis and the combiner is an i32 add/and/or/xor/min/max, sm_80+);
//   3. across warps: when warp bits move along the axis, each warp's partial
//      goes to shared memory (one writer per output position and warp), a
//      barrier, and every thread combines the partials of its positions in
//      warp order.
// The combiner region is applied as written, so `arith.maximumf` keeps its
// NaN semantics; the combination order is fixed (deterministic results).
//
//===----------------------------------------------------------------------===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tessera;
using tgpu::InDim;
using tgpu::LinearLayout;

namespace {

/// Coordinates with the reduced axis removed.
SmallVector<int32_t> dropAxis(ArrayRef<int32_t> coords, unsigned axis) {
  SmallVector<int32_t> result(coords);
  result.erase(result.begin() + axis);
  return result;
}

bool movesAlong(ArrayRef<int32_t> basis, unsigned axis) {
  return basis[axis] != 0;
}

bool movesElsewhere(ArrayRef<int32_t> basis, unsigned axis) {
  for (auto [d, c] : llvm::enumerate(basis))
    if (d != axis && c != 0)
      return true;
  return false;
}

/// Bits of `in` whose basis moves along the axis.
SmallVector<unsigned> axisBits(const LinearLayout &layout, InDim in,
                               unsigned axis) {
  SmallVector<unsigned> bits;
  for (auto [i, basis] : llvm::enumerate(layout.getBases(in)))
    if (movesAlong(basis, axis))
      bits.push_back(i);
  return bits;
}

/// Number of output positions (elements of the result).
int64_t getNumOutputs(tile::ReduceOp op) {
  int64_t n = 1;
  for (auto [d, size] : llvm::enumerate(op.getSrcShape()))
    if (d != op.getAxis())
      n *= size;
  return n;
}

/// The redux.sync kind of a one-operand i32 reduction whose combiner is a
/// single integer op of its two arguments, if there is one.
std::optional<NVVM::ReduxKind> getReduxKind(tile::ReduceOp op) {
  if (op.getNumOperands() != 1 ||
      !getElementTypeOrSelf(op.getSrcs()[0].getType()).isInteger(32))
    return std::nullopt;
  Block &body = op.getCombineOp().front();
  auto ops = body.without_terminator();
  if (std::distance(ops.begin(), ops.end()) != 1)
    return std::nullopt;
  Operation &combine = *ops.begin();
  Operation *ret = body.getTerminator();
  if (ret->getNumOperands() != 1 || ret->getOperand(0) != combine.getResult(0) ||
      combine.getNumOperands() != 2 ||
      !llvm::is_contained(body.getArguments(), combine.getOperand(0)) ||
      !llvm::is_contained(body.getArguments(), combine.getOperand(1)) ||
      combine.getOperand(0) == combine.getOperand(1))
    return std::nullopt;
  return llvm::TypeSwitch<Operation *, std::optional<NVVM::ReduxKind>>(&combine)
      .Case([](arith::AddIOp) { return NVVM::ReduxKind::ADD; })
      .Case([](arith::AndIOp) { return NVVM::ReduxKind::AND; })
      .Case([](arith::OrIOp) { return NVVM::ReduxKind::OR; })
      .Case([](arith::XOrIOp) { return NVVM::ReduxKind::XOR; })
      .Case([](arith::MaxSIOp) { return NVVM::ReduxKind::MAX; })
      .Case([](arith::MinSIOp) { return NVVM::ReduxKind::MIN; })
      .Case([](arith::MaxUIOp) { return NVVM::ReduxKind::UMAX; })
      .Case([](arith::MinUIOp) { return NVVM::ReduxKind::UMIN; })
      .Default([](Operation *) { return std::nullopt; });
}

struct ReduceOpLowering : ConvertOpToLLVMPattern<tile::ReduceOp> {
  ReduceOpLowering(TesseraTypeConverter &converter, LoweringTarget target)
      : ConvertOpToLLVMPattern(converter), target(target) {}

  LogicalResult
  matchAndRewrite(tile::ReduceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    unsigned axis = op.getAxis();
    auto srcType = cast<RankedTensorType>(op.getSrcs()[0].getType());
    LinearLayout layout = getLinearLayout(srcType);
    for (InDim in : {InDim::Register, InDim::Lane, InDim::Warp})
      for (const auto &basis : layout.getBases(in))
        if (movesAlong(basis, axis) && movesElsewhere(basis, axis))
          return op.emitOpError("layout mixes the reduced axis with other "
                                "dimensions in one basis; convert it first");
    unsigned numOperands = op.getNumOperands();
    SmallVector<SmallVector<Value>> srcs;
    for (Value src : adaptor.getSrcs())
      srcs.push_back(unpackElements(rewriter, loc, src));

    // 1. In-thread, keyed by the register part of the output position.
    uint32_t duplicates = layout.getFreeVariableMask(InDim::Register);
    llvm::MapVector<SmallVector<int32_t>, SmallVector<Value>> partial;
    for (int32_t r = 0; r < layout.getNumRegisters(); ++r) {
      if (r & duplicates)
        continue;
      SmallVector<int32_t> key = dropAxis(layout.apply(r, 0, 0), axis);
      SmallVector<Value> values;
      for (auto &operand : srcs)
        values.push_back(operand[r]);
      auto [it, inserted] = partial.insert({key, values});
      if (!inserted)
        it->second = applyCombiner(rewriter, loc, op.getCombineOp(),
                                   it->second, values);
    }

    // 2. In-warp: one redux.sync when every lane of the warp lies along the
    //    axis and the combiner is an integer op the hardware reduces (sm_80+;
    //    exact, so the order does not matter), else butterflies over the lane
    //    bits along the axis.
    SmallVector<unsigned> laneBits = axisBits(layout, InDim::Lane, axis);
    std::optional<NVVM::ReduxKind> redux;
    if (target.computeCapability >= 80 &&
        (1u << laneBits.size()) == target.threadsPerWarp)
      redux = getReduxKind(op);
    if (redux) {
      Value all = LLVM::ConstantOp::create(rewriter, loc, rewriter.getI32Type(),
                                           rewriter.getI32IntegerAttr(-1));
      for (auto &entry : partial)
        entry.second[0] = NVVM::ReduxOp::create(
            rewriter, loc, entry.second[0].getType(), entry.second[0], *redux,
            all);
      laneBits.clear();
    }
    for (unsigned bit : laneBits)
      for (auto &entry : partial) {
        SmallVector<Value> other;
        for (Value v : entry.second)
          other.push_back(shuffleXor(rewriter, loc, v, 1u << bit));
        entry.second = applyCombiner(rewriter, loc, op.getCombineOp(),
                                     entry.second, other);
      }

    // 3. Across warps, through shared memory.
    SmallVector<unsigned> warpBits = axisBits(layout, InDim::Warp, axis);
    if (!warpBits.empty()) {
      std::optional<int64_t> offset = getScratchOffset(op);
      if (!offset)
        return op.emitOpError("needs shared memory; run "
                              "tgpu-allocate-shared-memory first");
      if (failed(exchangeAcrossWarps(op, layout, warpBits, *offset, partial,
                                     rewriter)))
        return failure();
    }

    // Results, in the result layout's register order.
    SmallVector<Value> results;
    for (unsigned k = 0; k < numOperands; ++k) {
      Type resultType = op->getResult(k).getType();
      auto tensorType = dyn_cast<RankedTensorType>(resultType);
      if (!tensorType) {
        results.push_back(partial.front().second[k]);
        continue;
      }
      LinearLayout resultLayout = getLinearLayout(tensorType);
      SmallVector<Value> elements;
      for (int32_t r = 0; r < resultLayout.getNumRegisters(); ++r) {
        SmallVector<int32_t> key = resultLayout.apply(r, 0, 0);
        auto it = partial.find(key);
        if (it == partial.end())
          return op.emitOpError("result layout is not the slice of the "
                                "source layout along the axis");
        elements.push_back(it->second[k]);
      }
      results.push_back(packElements(
          rewriter, loc, getTypeConverter()->convertType(tensorType), elements));
    }
    rewriter.replaceOp(op, results);
    return success();
  }

  /// Step 3: partials to shared memory as scratch[operand][warpSlot][output],
  /// then every thread combines the slots of its outputs in order.
  LogicalResult exchangeAcrossWarps(
      tile::ReduceOp op, const LinearLayout &layout,
      ArrayRef<unsigned> warpBits, int64_t offset,
      llvm::MapVector<SmallVector<int32_t>, SmallVector<Value>> &partial,
      ConversionPatternRewriter &rewriter) const {
    Location loc = op.getLoc();
    unsigned axis = op.getAxis();
    ThreadIds ids = getThreadIds(rewriter, loc, target.threadsPerWarp);
    int64_t numOutputs = getNumOutputs(op);
    int64_t numSlots = int64_t(1) << warpBits.size();

    // The thread part of the output coordinates, flattened row-major over
    // the result shape, plus each key's register part.
    SmallVector<Value> thread = emitThreadOffsets(rewriter, loc, layout, ids);
    SmallVector<int64_t> outShape(op.getSrcShape());
    outShape.erase(outShape.begin() + axis);
    thread.erase(thread.begin() + axis);
    auto outputIndex = [&](ArrayRef<int32_t> key) -> Value {
      Value index = i32Constant(rewriter, loc, 0);
      for (auto [d, size] : llvm::enumerate(outShape)) {
        Value coord = key[d] == 0 ? thread[d]
                                  : LLVM::XOrOp::create(rewriter, loc, thread[d],
                                                        i32Constant(rewriter, loc, key[d]))
                                        .getResult();
        index = LLVM::AddOp::create(
            rewriter, loc,
            LLVM::MulOp::create(rewriter, loc, index,
                                i32Constant(rewriter, loc, size)),
            coord);
      }
      return index;
    };
    // This warp's slot: its warp bits along the axis, packed.
    Value slot = i32Constant(rewriter, loc, 0);
    for (auto [i, bit] : llvm::enumerate(warpBits)) {
      Value b = LLVM::AndOp::create(
          rewriter, loc,
          LLVM::LShrOp::create(rewriter, loc, ids.warp,
                               i32Constant(rewriter, loc, bit)),
          i32Constant(rewriter, loc, 1));
      slot = LLVM::OrOp::create(
          rewriter, loc, slot,
          LLVM::ShlOp::create(rewriter, loc, b, i32Constant(rewriter, loc, i)));
    }
    // One writer per (output, slot): lanes along the axis and broadcast
    // copies hold the same value.
    uint32_t quietLanes = layout.getFreeVariableMask(InDim::Lane);
    for (unsigned bit : axisBits(layout, InDim::Lane, axis))
      quietLanes |= 1u << bit;
    uint32_t quietWarps = layout.getFreeVariableMask(InDim::Warp);
    Value writer = LLVM::ICmpOp::create(
        rewriter, loc, LLVM::ICmpPredicate::eq,
        LLVM::AndOp::create(rewriter, loc, ids.lane,
                            i32Constant(rewriter, loc, quietLanes)),
        i32Constant(rewriter, loc, 0));
    if (quietWarps)
      writer = LLVM::AndOp::create(
          rewriter, loc, writer,
          LLVM::ICmpOp::create(rewriter, loc, LLVM::ICmpPredicate::eq,
                               LLVM::AndOp::create(rewriter, loc, ids.warp,
                                                   i32Constant(rewriter, loc, quietWarps)),
                               i32Constant(rewriter, loc, 0)));

    SmallVector<Type> elemTypes;
    SmallVector<int64_t> operandOffsets;
    int64_t bytes = offset;
    for (Value src : op.getSrcs()) {
      Type elem = getTypeConverter()->convertType(getElementTypeOrSelf(src.getType()));
      elemTypes.push_back(elem);
      operandOffsets.push_back(bytes);
      unsigned size = isa<LLVM::LLVMPointerType>(elem)
                          ? 8
                          : std::max(1u, elem.getIntOrFloatBitWidth() / 8);
      bytes += llvm::alignTo(numSlots * numOutputs * size, 16);
    }

    // Earlier users of this scratch are done reading before we write.
    emitScratchFence(rewriter, loc, op);
    SmallVector<Value> indices;
    for (auto &entry : partial) {
      Value out = outputIndex(entry.first);
      indices.push_back(out);
      Value at = LLVM::AddOp::create(
          rewriter, loc,
          LLVM::MulOp::create(rewriter, loc, slot,
                              i32Constant(rewriter, loc, numOutputs)),
          out);
      for (auto [k, value] : llvm::enumerate(entry.second)) {
        Value ptr = getSharedElementPointer(rewriter, loc, op, operandOffsets[k],
                                            elemTypes[k], at);
        emitGuarded(rewriter, loc, writer, Type(), [&]() -> Value {
          LLVM::StoreOp::create(rewriter, loc, value, ptr);
          return Value();
        }, Value());
      }
    }
    emitBarrier(rewriter, loc);
    for (auto [entry, out] : llvm::zip(partial, indices)) {
      SmallVector<Value> acc;
      for (int64_t s = 0; s < numSlots; ++s) {
        Value at = LLVM::AddOp::create(
            rewriter, loc, out, i32Constant(rewriter, loc, s * numOutputs));
        SmallVector<Value> values;
        for (auto [k, elem] : llvm::enumerate(elemTypes))
          values.push_back(LLVM::LoadOp::create(
              rewriter, loc, elem,
              getSharedElementPointer(rewriter, loc, op, operandOffsets[k],
                                      elem, at)));
        acc = acc.empty() ? values
                          : applyCombiner(rewriter, loc, op.getCombineOp(),
                                          acc, values);
      }
      entry.second = acc;
    }
    return success();
  }

  LoweringTarget target;
};

} // namespace

int64_t mlir::tessera::getReduceScratchBytes(tile::ReduceOp op) {
  auto srcType = cast<RankedTensorType>(op.getSrcs()[0].getType());
  if (!tgpu::getDistributedLayout(srcType))
    return 0;
  LinearLayout layout = getLinearLayout(srcType);
  size_t warpBits = axisBits(layout, InDim::Warp, op.getAxis()).size();
  if (warpBits == 0)
    return 0;
  int64_t slots = (int64_t(1) << warpBits) * getNumOutputs(op);
  int64_t bytes = 0;
  for (Value src : op.getSrcs()) {
    Type elem = getElementTypeOrSelf(src.getType());
    unsigned size = isa<tile::PointerType>(elem) ? 8 : std::max(1u, elem.getIntOrFloatBitWidth() / 8);
    bytes += llvm::alignTo(slots * size, 16);
  }
  return bytes;
}

void mlir::tessera::populateReduceOpToLLVMPatterns(
    TesseraTypeConverter &converter, RewritePatternSet &patterns,
    const LoweringTarget &target) {
  patterns.add<ReduceOpLowering>(converter, target);
}
