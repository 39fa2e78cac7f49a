//===- Utility.cpp - type converter and helpers shared by the lowering ----===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <map>

using namespace mlir;
using namespace mlir::tessera;

TesseraTypeConverter::TesseraTypeConverter(MLIRContext *ctx,
                                           const LowerToLLVMOptions &options)
    : LLVMTypeConverter(ctx, options) {
  addConversion([ctx](tile::PointerType type) -> Type {
    return LLVM::LLVMPointerType::get(ctx, type.getAddressSpace());
  });
  addConversion([this](RankedTensorType type) -> std::optional<Type> {
    if (!tgpu::getDistributedLayout(type))
      return std::nullopt;
    Type elem = convertType(type.getElementType());
    if (!elem)
      return std::nullopt;
    SmallVector<Type> fields(getElemsPerThread(type), elem);
    return LLVM::LLVMStructType::getLiteral(type.getContext(), fields);
  });
}

namespace mlir::tessera {

tgpu::LinearLayout getLinearLayout(RankedTensorType type) {
  return tgpu::getDistributedLayout(type).toLinearLayout(type.getShape());
}

unsigned getElemsPerThread(RankedTensorType type) {
  return getLinearLayout(type).getNumRegisters();
}

ConvertedTileType convertTileType(const TypeConverter &converter, Type type) {
  Type converted = converter.convertType(type);
  Type element = converter.convertType(getElementTypeOrSelf(type));
  if (!converted || !element)
    return {};
  return {converted, element};
}

SmallVector<Value> unpackElements(OpBuilder &b, Location loc, Value packed) {
  auto structType = dyn_cast<LLVM::LLVMStructType>(packed.getType());
  if (!structType)
    return {packed};
  SmallVector<Value> elements;
  for (unsigned i = 0, e = structType.getBody().size(); i < e; ++i)
    elements.push_back(LLVM::ExtractValueOp::create(b, loc, packed, i));
  return elements;
}

Value packElements(OpBuilder &b, Location loc, Type type,
                   ArrayRef<Value> elements) {
  auto structType = dyn_cast<LLVM::LLVMStructType>(type);
  if (!structType) {
    assert(elements.size() == 1 && "a scalar is one element");
    return elements.front();
  }
  Value result = LLVM::UndefOp::create(b, loc, structType);
  for (auto [i, element] : llvm::enumerate(elements))
    result = LLVM::InsertValueOp::create(b, loc, result, element, i);
  return result;
}

Value i32Constant(OpBuilder &b, Location loc, int64_t value) {
  return LLVM::ConstantOp::create(b, loc, b.getI32Type(),
                                  b.getI32IntegerAttr(value));
}

ThreadIds getThreadIds(OpBuilder &b, Location loc, unsigned threadsPerWarp) {
  Value tid = NVVM::ThreadIdXOp::create(b, loc, b.getI32Type());
  Value lane = LLVM::AndOp::create(b, loc, tid,
                                   i32Constant(b, loc, threadsPerWarp - 1));
  Value warp = LLVM::LShrOp::create(
      b, loc, tid, i32Constant(b, loc, llvm::Log2_32(threadsPerWarp)));
  return {tid, lane, warp};
}

SmallVector<Value> emitThreadOffsets(OpBuilder &b, Location loc,
                                     const tgpu::LinearLayout &layout,
                                     const ThreadIds &ids) {
  unsigned rank = layout.getNumOutDims();
  Value zero = i32Constant(b, loc, 0);
  SmallVector<Value> offsets(rank, zero);
  // Each set bit of the lane (warp) index moves the element by its basis;
  // the contributions of the bits combine by XOR (for blocked layouts they
  // never overlap, and LLVM folds the arithmetic into shifts and masks).
  for (auto [in, index] : {std::pair{tgpu::InDim::Lane, ids.lane},
                           std::pair{tgpu::InDim::Warp, ids.warp}}) {
    for (auto [bit, basis] : llvm::enumerate(layout.getBases(in))) {
      if (llvm::all_of(basis, [](int32_t c) { return c == 0; }))
        continue;
      Value isSet = LLVM::AndOp::create(
          b, loc, LLVM::LShrOp::create(b, loc, index, i32Constant(b, loc, bit)),
          i32Constant(b, loc, 1));
      for (unsigned d = 0; d < rank; ++d) {
        if (basis[d] == 0)
          continue;
        Value step = LLVM::MulOp::create(b, loc, isSet,
                                         i32Constant(b, loc, basis[d]));
        offsets[d] = LLVM::XOrOp::create(b, loc, offsets[d], step);
      }
    }
  }
  return offsets;
}

SmallVector<SmallVector<Value>> emitIndices(OpBuilder &b, Location loc,
                                            const tgpu::LinearLayout &layout,
                                            const ThreadIds &ids) {
  SmallVector<Value> thread = emitThreadOffsets(b, loc, layout, ids);
  SmallVector<SmallVector<Value>> indices;
  for (int32_t reg = 0; reg < layout.getNumRegisters(); ++reg) {
    SmallVector<int32_t> coords = layout.apply(reg, 0, 0);
    SmallVector<Value> index;
    for (auto [d, c] : llvm::enumerate(coords))
      index.push_back(c == 0 ? thread[d]
                             : LLVM::XOrOp::create(b, loc, thread[d],
                                                   i32Constant(b, loc, c))
                                   .getResult());
    indices.push_back(std::move(index));
  }
  return indices;
}

Value emitOwnerPredicate(OpBuilder &b, Location loc,
                         const tgpu::LinearLayout &layout,
                         const ThreadIds &ids) {
  Value pred;
  for (auto [in, index] : {std::pair{tgpu::InDim::Lane, ids.lane},
                           std::pair{tgpu::InDim::Warp, ids.warp}}) {
    uint32_t free = layout.getFreeVariableMask(in);
    if (free == 0)
      continue;
    Value bits = LLVM::AndOp::create(b, loc, index, i32Constant(b, loc, free));
    Value isOwner = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, bits,
                                         i32Constant(b, loc, 0));
    pred = pred ? LLVM::AndOp::create(b, loc, pred, isOwner).getResult()
                : isOwner;
  }
  return pred;
}

Value getSharedMemoryPointer(OpBuilder &b, Location loc, Operation *from,
                             int64_t offset) {
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext(), 3);
  Value base = LLVM::AddressOfOp::create(b, loc, ptrType, kSharedMemoryGlobal);
  if (offset == 0)
    return base;
  return LLVM::GEPOp::create(b, loc, ptrType, b.getI8Type(), base,
                             ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(offset)});
}

std::optional<int64_t> getScratchOffset(Operation *op) {
  if (auto attr = op->getAttrOfType<IntegerAttr>("tgpu.scratch_offset"))
    return attr.getInt();
  return std::nullopt;
}

FailureOr<SmallVector<unsigned>>
mapRegistersThrough(const tgpu::LinearLayout &src,
                    const tgpu::LinearLayout &dst, const CoordMap &toSrc) {
  using tgpu::InDim;
  for (InDim in : {InDim::Lane, InDim::Warp}) {
    if (src.getInDimSize(in) != dst.getInDimSize(in))
      return failure();
    for (auto [s, d] : llvm::zip_equal(src.getBases(in), dst.getBases(in)))
      if (SmallVector<int32_t>(s.begin(), s.end()) != toSrc(d))
        return failure();
  }
  // The lowest register holding each element answers for it.
  std::map<SmallVector<int32_t>, unsigned> registerOf;
  for (int32_t r = src.getNumRegisters() - 1; r >= 0; --r)
    registerOf[src.apply(r, 0, 0)] = r;
  SmallVector<unsigned> mapping;
  for (int32_t r = 0; r < dst.getNumRegisters(); ++r) {
    auto it = registerOf.find(toSrc(dst.apply(r, 0, 0)));
    if (it == registerOf.end())
      return failure();
    mapping.push_back(it->second);
  }
  return mapping;
}

/// Runs `body` only where `pred` holds, continuing after it in a new block;
/// `body` yields the value a merge block receives, `otherwise` the value on
/// the skipped path (both null for no value).
Value emitGuarded(RewriterBase &rewriter, Location loc, Value pred,
                  Type resultType, function_ref<Value()> body,
                  Value otherwise) {
  Block *current = rewriter.getInsertionBlock();
  Block *rest = rewriter.splitBlock(current, rewriter.getInsertionPoint());
  Region *region = current->getParent();
  SmallVector<Type> argTypes;
  SmallVector<Location> argLocs;
  if (resultType) {
    argTypes.push_back(resultType);
    argLocs.push_back(loc);
  }
  Block *merge =
      rewriter.createBlock(region, Region::iterator(rest), argTypes, argLocs);
  Block *guarded = rewriter.createBlock(merge);

  rewriter.setInsertionPointToEnd(current);
  SmallVector<Value> skipArgs;
  if (resultType)
    skipArgs.push_back(otherwise);
  LLVM::CondBrOp::create(rewriter, loc, pred, guarded, ValueRange{}, merge,
                         skipArgs);

  rewriter.setInsertionPointToEnd(guarded);
  Value produced = body();
  SmallVector<Value> bodyArgs;
  if (resultType)
    bodyArgs.push_back(produced);
  LLVM::BrOp::create(rewriter, loc, bodyArgs, merge);

  rewriter.setInsertionPointToEnd(merge);
  LLVM::BrOp::create(rewriter, loc, ValueRange{}, rest);
  rewriter.setInsertionPoint(merge->getTerminator());
  return resultType ? merge->getArgument(0) : Value();
}

void emitBarrier(OpBuilder &b, Location loc) { NVVM::Barrier0Op::create(b, loc); }

void emitScratchFence(OpBuilder &b, Location loc, Operation *op) {
  if (op->hasAttr("tgpu.scratch_fence"))
    emitBarrier(b, loc);
}

Value shuffleLanes(OpBuilder &b, Location loc, Value value, Value laneArg,
              NVVM::ShflKind kind) {
  Type type = value.getType();
  Type i32 = b.getI32Type();
  int32_t clamp = kind == NVVM::ShflKind::up ? 0 : 0x1f;
  auto shuffle32 = [&](Value v) -> Value {
    // Operands in a fixed order (the tests read it): mask, then clamp.
    Value all = i32Constant(b, loc, -1);
    Value clampValue = i32Constant(b, loc, clamp);
    return NVVM::ShflOp::create(b, loc, i32, all, v, laneArg, clampValue,
                                NVVM::ShflKindAttr::get(b.getContext(), kind),
                                UnitAttr());
  };
  if (isa<LLVM::LLVMPointerType>(type)) {
    Value asInt = LLVM::PtrToIntOp::create(b, loc, b.getI64Type(), value);
    return LLVM::IntToPtrOp::create(b, loc, type,
                                    shuffleLanes(b, loc, asInt, laneArg, kind));
  }
  unsigned bits = type.getIntOrFloatBitWidth();
  if (bits == 64) {
    auto vec = VectorType::get({2}, i32);
    Value halves = LLVM::BitcastOp::create(b, loc, vec, value);
    for (int i = 0; i < 2; ++i) {
      Value idx = i32Constant(b, loc, i);
      Value half = LLVM::ExtractElementOp::create(b, loc, halves, idx);
      halves =
          LLVM::InsertElementOp::create(b, loc, halves, shuffle32(half), idx);
    }
    return LLVM::BitcastOp::create(b, loc, type, halves);
  }
  Type intType = b.getIntegerType(bits);
  Value asInt =
      type == intType
          ? value
          : LLVM::BitcastOp::create(b, loc, intType, value).getResult();
  if (bits < 32)
    asInt = LLVM::ZExtOp::create(b, loc, i32, asInt);
  Value shuffled = shuffle32(asInt);
  if (bits < 32)
    shuffled = LLVM::TruncOp::create(b, loc, intType, shuffled);
  return type == intType
             ? shuffled
             : LLVM::BitcastOp::create(b, loc, type, shuffled).getResult();
}

Value shuffleXor(OpBuilder &b, Location loc, Value value, unsigned laneMask) {
  return shuffleLanes(b, loc, value, i32Constant(b, loc, laneMask),
                      NVVM::ShflKind::bfly);
}

SmallVector<Value> applyCombiner(OpBuilder &b, Location loc, Region &combiner,
                                 ValueRange lhs, ValueRange rhs) {
  Block &block = combiner.front();
  IRMapping mapping;
  for (auto [arg, value] : llvm::zip(block.getArguments(),
                                     llvm::concat<const Value>(lhs, rhs)))
    mapping.map(arg, value);
  for (Operation &op : block.without_terminator())
    b.clone(op, mapping);
  SmallVector<Value> results;
  for (Value v : block.getTerminator()->getOperands())
    results.push_back(mapping.lookupOrDefault(v));
  return results;
}

Value getSharedElementPointer(OpBuilder &b, Location loc, Operation *from,
                              int64_t offset, Type elemType, Value index) {
  Value base = getSharedMemoryPointer(b, loc, from, offset);
  return LLVM::GEPOp::create(b, loc, base.getType(), elemType, base,
                             ValueRange{index});
}

} // namespace mlir::tessera
