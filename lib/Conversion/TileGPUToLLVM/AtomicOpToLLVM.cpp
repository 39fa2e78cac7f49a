//===- AtomicOpToLLVM.cpp - tile.atomic_rmw / tile.atomic_cas -------------===//
//
// Exactly one thread performs each element's atomic: the owner the pointer
// layout names (lane and warp free bits zero, see emitOwnerPredicate), in the
// register whose free register bits are zero; registers and threads holding
// broadcast copies are predicated off, and so are masked-off elements. A
// scalar atomic is performed by thread 0.
//
// The old values: when the result is used and the result layout holds an
// element in several threads (or differs from the pointer layout, or the op is
// scalar), the owner writes the old value of each element to shared-memory
// scratch (element i at index i, row-major; masked-off elements write 0), a
// barrier follows, and every holder reads its elements back: every thread sees
// the same value. Otherwise the old values stay in registers (duplicate
// registers copy their owner register; masked-off elements read 0) and no
// scratch or barrier is emitted. `getAtomicScratchBytes` says which case
// applies; the allocation pass reserves exactly that.
//
// Orderings: relaxed -> monotonic, acquire, release, acq_rel (for
// atomicrmw as fences around a monotonic atomic: NVPTX prints a relaxed
// `atom` for an ordered atomicrmw; cmpxchg keeps its ordering); scopes: cta ->
// syncscope("block"), gpu -> syncscope("device"), sys -> system (""). Float
// max/min are LLVM's `fmax`/`fmin` (maxnum/minnum: a NaN operand is ignored),
// which NVPTX expands into a compare-and-swap loop. CAS on floats compares the
// bits (cmpxchg on the same-width integer).
//
// Packed adds: an f16 (bf16 from sm_90) `fadd` whose layout, alignment and
// mask allow it performs two consecutive registers with one
// `atom.add.noftz.f16x2` (PackedAtomic.cpp); the old pair is unpacked, so
// the result may be used as usual.
//
//===----------------------------------------------------------------------===//
#include "PackedAtomic.h"
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

#include <map>

using namespace mlir;
using namespace mlir::tessera;
using tgpu::InDim;
using tgpu::LinearLayout;

namespace {

LLVM::AtomicOrdering toOrdering(tile::MemSemantic sem) {
  switch (sem) {
  case tile::MemSemantic::relaxed:
    return LLVM::AtomicOrdering::monotonic;
  case tile::MemSemantic::acquire:
    return LLVM::AtomicOrdering::acquire;
  case tile::MemSemantic::release:
    return LLVM::AtomicOrdering::release;
  case tile::MemSemantic::acq_rel:
    return LLVM::AtomicOrdering::acq_rel;
  }
  llvm_unreachable("unknown semantic");
}

/// cmpxchg's failure ordering may not release.
LLVM::AtomicOrdering failureOrdering(tile::MemSemantic sem) {
  switch (sem) {
  case tile::MemSemantic::acquire:
  case tile::MemSemantic::acq_rel:
    return LLVM::AtomicOrdering::acquire;
  default:
    return LLVM::AtomicOrdering::monotonic;
  }
}

StringRef toSyncScope(tile::MemScope scope) {
  switch (scope) {
  case tile::MemScope::cta:
    return "block";
  case tile::MemScope::gpu:
    return "device";
  case tile::MemScope::sys:
    return "";
  }
  llvm_unreachable("unknown scope");
}

LLVM::AtomicBinOp toBinOp(tile::RMWKind kind, bool isFloat) {
  switch (kind) {
  case tile::RMWKind::add:
    return LLVM::AtomicBinOp::add;
  case tile::RMWKind::fadd:
    return LLVM::AtomicBinOp::fadd;
  case tile::RMWKind::max:
    return isFloat ? LLVM::AtomicBinOp::fmax : LLVM::AtomicBinOp::max;
  case tile::RMWKind::min:
    return isFloat ? LLVM::AtomicBinOp::fmin : LLVM::AtomicBinOp::min;
  case tile::RMWKind::umax:
    return LLVM::AtomicBinOp::umax;
  case tile::RMWKind::umin:
    return LLVM::AtomicBinOp::umin;
  case tile::RMWKind::AND:
    return LLVM::AtomicBinOp::_and;
  case tile::RMWKind::OR:
    return LLVM::AtomicBinOp::_or;
  case tile::RMWKind::XOR:
    return LLVM::AtomicBinOp::_xor;
  case tile::RMWKind::xchg:
    return LLVM::AtomicBinOp::xchg;
  }
  llvm_unreachable("unknown kind");
}

unsigned elementBytes(Type elem) {
  if (isa<tile::PointerType, LLVM::LLVMPointerType>(elem))
    return 8;
  return std::max(1u, elem.getIntOrFloatBitWidth() / 8);
}

/// Whether the old values must travel through shared memory: the result is
/// used and some holder of an element is not the thread that performed its
/// atomic.
bool needsBroadcast(Operation *op) {
  Value result = op->getResult(0);
  if (result.use_empty())
    return false;
  Value ptr = op->getOperand(0);
  auto ptrType = dyn_cast<RankedTensorType>(ptr.getType());
  auto resultType = dyn_cast<RankedTensorType>(result.getType());
  if (!ptrType || !resultType)
    return true; // scalar: thread 0 performs it, every thread reads it
  LinearLayout ptrLayout = getLinearLayout(ptrType);
  LinearLayout resultLayout = getLinearLayout(resultType);
  if (ptrLayout != resultLayout)
    return true;
  return ptrLayout.getFreeVariableMask(InDim::Lane) != 0 ||
         ptrLayout.getFreeVariableMask(InDim::Warp) != 0;
}


Value andOf(OpBuilder &b, Location loc, Value x, Value y) {
  if (!x)
    return y;
  if (!y)
    return x;
  return LLVM::AndOp::create(b, loc, x, y);
}

/// Row-major index of `coords` in `shape`, as i32.
Value linearIndex(OpBuilder &b, Location loc, ArrayRef<Value> coords,
                  ArrayRef<int64_t> shape) {
  Value index;
  int64_t stride = 1;
  for (int d = static_cast<int>(shape.size()) - 1; d >= 0; --d) {
    Value term = stride == 1 ? coords[d]
                             : LLVM::MulOp::create(b, loc, coords[d],
                                                   i32Constant(b, loc, stride))
                                   .getResult();
    index = index ? LLVM::AddOp::create(b, loc, index, term).getResult() : term;
    stride *= shape[d];
  }
  return index ? index : i32Constant(b, loc, 0);
}

/// The lowering shared by both ops: `perform(first, ptr)` emits the atomic of
/// registers [first, first + vec) (in the guarded block; `ptr` is the
/// address of the first) and returns their `vec` old values. Groups of `vec`
/// registers share one mask value (the caller checked it).
LogicalResult
lowerAtomic(Operation *op, Value convertedPtr, ArrayRef<Value> operandsToCheck,
            Value convertedMask, Type resultType, Type elemType,
            const LoweringTarget &target, ConversionPatternRewriter &rewriter,
            unsigned vec,
            function_ref<SmallVector<Value>(unsigned first, Value ptr)> perform) {
  Location loc = op->getLoc();
  SmallVector<Value> ptrs = unpackElements(rewriter, loc, convertedPtr);
  SmallVector<Value> masks;
  if (convertedMask)
    masks = unpackElements(rewriter, loc, convertedMask);
  auto ptrType = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  std::optional<LinearLayout> ptrLayout;
  if (ptrType) {
    ptrLayout = getLinearLayout(ptrType);
    for (Value v : operandsToCheck)
      if (auto t = dyn_cast<RankedTensorType>(v.getType()))
        if (getLinearLayout(t) != *ptrLayout)
          return op->emitOpError(
              "operands must have the pointer's layout (run the layout "
              "assignment first)");
  }

  ThreadIds ids = getThreadIds(rewriter, loc, target.threadsPerWarp);
  Value owner;
  uint32_t dupRegs = 0;
  if (ptrLayout) {
    owner = emitOwnerPredicate(rewriter, loc, *ptrLayout, ids);
    dupRegs = ptrLayout->getFreeVariableMask(InDim::Register);
  } else {
    owner = LLVM::ICmpOp::create(rewriter, loc, LLVM::ICmpPredicate::eq,
                                 ids.tid, i32Constant(rewriter, loc, 0));
  }

  bool broadcast = needsBroadcast(op);
  std::optional<int64_t> offset;
  if (broadcast) {
    offset = getScratchOffset(op);
    if (!offset)
      return op->emitOpError("needs shared memory; run "
                             "tgpu-allocate-shared-memory first");
    emitScratchFence(rewriter, loc, op);
  }
  SmallVector<int64_t> shape;
  SmallVector<SmallVector<Value>> ptrCoords;
  if (ptrType) {
    shape.assign(ptrType.getShape().begin(), ptrType.getShape().end());
    if (broadcast)
      ptrCoords = emitIndices(rewriter, loc, *ptrLayout, ids);
  }

  Value zero = LLVM::ZeroOp::create(rewriter, loc, elemType);
  SmallVector<Value> olds(ptrs.size());
  for (unsigned first = 0; first < ptrs.size(); first += vec) {
    // A group never mixes owned and duplicate registers: the duplicate
    // register bits are not below the group size (the pair's registers hold
    // consecutive elements).
    if (first & dupRegs)
      continue; // a copy of an element a lower register holds
    Value pred =
        andOf(rewriter, loc, owner, masks.empty() ? Value() : masks[first]);
    // The guarded region yields the group's old values as one struct.
    Type groupType =
        vec == 1 ? elemType
                 : LLVM::LLVMStructType::getLiteral(
                       rewriter.getContext(), SmallVector<Type>(vec, elemType));
    auto body = [&]() -> Value {
      SmallVector<Value> group = perform(first, ptrs[first]);
      return vec == 1 ? group[0] : packElements(rewriter, loc, groupType, group);
    };
    Value groupOld;
    if (pred) {
      Value none = vec == 1 ? zero
                            : packElements(rewriter, loc, groupType,
                                           SmallVector<Value>(vec, zero));
      groupOld = emitGuarded(rewriter, loc, pred, groupType, body, none);
    } else {
      groupOld = body();
    }
    SmallVector<Value> group =
        vec == 1 ? SmallVector<Value>{groupOld}
                 : unpackElements(rewriter, loc, groupOld);
    for (unsigned i = 0; i < vec; ++i) {
      unsigned r = first + i;
      Value old = group[i];
      olds[r] = old;
      if (broadcast) {
        Value index = ptrType ? linearIndex(rewriter, loc, ptrCoords[r], shape)
                              : i32Constant(rewriter, loc, 0);
        Value slot = getSharedElementPointer(rewriter, loc, op, *offset,
                                             elemType, index);
        auto store = [&]() -> Value {
          LLVM::StoreOp::create(rewriter, loc, old, slot);
          return Value();
        };
        if (owner)
          emitGuarded(rewriter, loc, owner, Type(), store, Value());
        else
          store();
      }
    }
  }

  Value result;
  if (broadcast) {
    emitBarrier(rewriter, loc);
    auto resTensor = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!resTensor) {
      result = LLVM::LoadOp::create(
          rewriter, loc, elemType,
          getSharedElementPointer(rewriter, loc, op, *offset, elemType,
                                  i32Constant(rewriter, loc, 0)));
    } else {
      LinearLayout resLayout = getLinearLayout(resTensor);
      SmallVector<SmallVector<Value>> coords =
          emitIndices(rewriter, loc, resLayout, ids);
      SmallVector<Value> values;
      for (auto &c : coords)
        values.push_back(LLVM::LoadOp::create(
            rewriter, loc, elemType,
            getSharedElementPointer(
                rewriter, loc, op, *offset, elemType,
                linearIndex(rewriter, loc, c, resTensor.getShape()))));
      result = packElements(rewriter, loc, resultType, values);
    }
  } else if (!ptrType) {
    result = olds[0];
  } else {
    // Same layout, every thread an owner: duplicate registers copy the
    // register that performed their element's atomic.
    std::map<SmallVector<int32_t>, unsigned> ownerReg;
    for (int32_t r = 0; r < ptrLayout->getNumRegisters(); ++r)
      if (!(r & dupRegs))
        ownerReg.emplace(ptrLayout->apply(r, 0, 0), r);
    SmallVector<Value> values;
    for (int32_t r = 0; r < static_cast<int32_t>(ptrs.size()); ++r)
      values.push_back(olds[ownerReg.at(ptrLayout->apply(r, 0, 0))]);
    result = isa<LLVM::LLVMStructType>(resultType)
                 ? packElements(rewriter, loc, resultType, values)
                 : values[0];
  }
  rewriter.replaceOp(op, result);
  return success();
}

struct AtomicRMWOpLowering : ConvertOpToLLVMPattern<tile::AtomicRMWOp> {
  AtomicRMWOpLowering(TesseraTypeConverter &converter,
                      const LoweringTarget &target,
                      const ModuleAxisInfo *axisInfo)
      : ConvertOpToLLVMPattern(converter), target(target), axisInfo(axisInfo) {}

  LogicalResult
  matchAndRewrite(tile::AtomicRMWOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto [resultType, elemType] =
        convertTileType(*getTypeConverter(), op.getType());
    if (!resultType)
      return failure();
    SmallVector<Value> vals = unpackElements(rewriter, loc, adaptor.getVal());
    bool scalarVal = !isa<RankedTensorType>(op.getVal().getType());
    LLVM::AtomicBinOp binOp =
        toBinOp(op.getKind(), isa<FloatType>(elemType));
    LLVM::AtomicOrdering ordering = toOrdering(op.getSem());
    StringRef scope = toSyncScope(op.getScope());
    unsigned align = elementBytes(elemType);
    SmallVector<Value> check{op.getVal()};
    if (op.getMask())
      check.push_back(op.getMask());
    unsigned vec = getPackedAtomicWidth(op, axisInfo, target);
    if (vec == 2)
      return lowerAtomic(
          op, adaptor.getPtr(), check, adaptor.getMask(), resultType, elemType,
          target, rewriter, vec,
          [&](unsigned first, Value ptr) -> SmallVector<Value> {
            Value lo = scalarVal ? vals[0] : vals[first];
            Value hi = scalarVal ? vals[0] : vals[first + 1];
            auto [oldLo, oldHi] = emitPackedAtomicAdd(
                rewriter, loc, ptr, lo, hi, op.getSem(), op.getScope());
            return {oldLo, oldHi};
          });
    return lowerAtomic(
        op, adaptor.getPtr(), check, adaptor.getMask(), resultType, elemType,
        target, rewriter, 1, [&](unsigned r, Value ptr) -> SmallVector<Value> {
          Value val = scalarVal ? vals[0] : vals[r];
          // NVPTX (LLVM 22) drops the ordering of atomicrmw (it prints a
          // relaxed `atom`), so the ordering is spelled with fences around a
          // monotonic atomic: fence before for release, after for acquire.
          bool rel = ordering == LLVM::AtomicOrdering::release ||
                     ordering == LLVM::AtomicOrdering::acq_rel;
          bool acq = ordering == LLVM::AtomicOrdering::acquire ||
                     ordering == LLVM::AtomicOrdering::acq_rel;
          if (rel)
            LLVM::FenceOp::create(rewriter, loc, ordering, scope);
          Value old = LLVM::AtomicRMWOp::create(
              rewriter, loc, binOp, ptr, val, LLVM::AtomicOrdering::monotonic,
              scope, align);
          if (acq)
            LLVM::FenceOp::create(rewriter, loc, ordering, scope);
          return {old};
        });
  }

  LoweringTarget target;
  const ModuleAxisInfo *axisInfo;
};

struct AtomicCASOpLowering : ConvertOpToLLVMPattern<tile::AtomicCASOp> {
  AtomicCASOpLowering(TesseraTypeConverter &converter,
                      const LoweringTarget &target)
      : ConvertOpToLLVMPattern(converter), target(target) {}

  LogicalResult
  matchAndRewrite(tile::AtomicCASOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto [resultType, elemType] =
        convertTileType(*getTypeConverter(), op.getType());
    if (!resultType)
      return failure();
    unsigned bits = elemType.getIntOrFloatBitWidth();
    if (bits != 16 && bits != 32 && bits != 64)
      return op.emitOpError("compare-and-swap needs 16-, 32- or 64-bit "
                            "elements, not ")
             << elemType;
    SmallVector<Value> cmps = unpackElements(rewriter, loc, adaptor.getCmp());
    SmallVector<Value> vals = unpackElements(rewriter, loc, adaptor.getVal());
    bool scalarCmp = !isa<RankedTensorType>(op.getCmp().getType());
    bool scalarVal = !isa<RankedTensorType>(op.getVal().getType());
    Type intType = rewriter.getIntegerType(bits);
    LLVM::AtomicOrdering success = toOrdering(op.getSem());
    LLVM::AtomicOrdering failure = failureOrdering(op.getSem());
    StringRef scope = toSyncScope(op.getScope());
    auto asInt = [&](Value v) -> Value {
      return v.getType() == intType
                 ? v
                 : LLVM::BitcastOp::create(rewriter, loc, intType, v).getResult();
    };
    return lowerAtomic(
        op, adaptor.getPtr(), {op.getCmp(), op.getVal()}, Value(), resultType,
        elemType, target, rewriter, 1,
        [&](unsigned r, Value ptr) -> SmallVector<Value> {
          Value cmp = asInt(scalarCmp ? cmps[0] : cmps[r]);
          Value val = asInt(scalarVal ? vals[0] : vals[r]);
          auto cas = LLVM::AtomicCmpXchgOp::create(rewriter, loc, ptr, cmp, val,
                                                   success, failure, scope,
                                                   bits / 8);
          Value old = LLVM::ExtractValueOp::create(rewriter, loc, cas, 0);
          if (old.getType() != elemType)
            old = LLVM::BitcastOp::create(rewriter, loc, elemType, old);
          return {old};
        });
  }

  LoweringTarget target;
};

} // namespace

int64_t mlir::tessera::getAtomicScratchBytes(Operation *op) {
  if (!isa<tile::AtomicRMWOp, tile::AtomicCASOp>(op))
    return 0;
  if (auto t = dyn_cast<RankedTensorType>(op->getOperand(0).getType()))
    if (!tgpu::getDistributedLayout(t))
      return 0;
  if (!needsBroadcast(op))
    return 0;
  Type resultType = op->getResult(0).getType();
  int64_t elems = 1;
  if (auto t = dyn_cast<RankedTensorType>(resultType))
    elems = t.getNumElements();
  return elems * elementBytes(getElementTypeOrSelf(resultType));
}

void mlir::tessera::populateAtomicOpToLLVMPatterns(
    TesseraTypeConverter &converter, RewritePatternSet &patterns,
    const LoweringTarget &target, const ModuleAxisInfo *axisInfo) {
  patterns.add<AtomicRMWOpLowering>(converter, target, axisInfo);
  patterns.add<AtomicCASOpLowering>(converter, target);
}
