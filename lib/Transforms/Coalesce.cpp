//===- Coalesce.cpp - tgpu-coalesce: 16-byte vectors for global accesses ---===//
//
// The axis analysis says, for a tensor of pointers, how contiguous and how
// aligned its addresses are along each dimension. An access is coalesced
// when each thread reads a vector along the most contiguous dimension and
// consecutive lanes continue where the previous lane stopped. An access
// whose layout does worse gets the default blocked layout of its shape seen
// with that dimension fastest, holding as many elements per thread as one
// vector (<= 16 bytes) takes; conversions keep the rest of the function as
// it was, for tgpu-remat-layouts to clean up.
//
//===----------------------------------------------------------------------===//
#include "tessera/Transforms/Passes.h"

#include "tessera/Analysis/AxisInfo.h"
#include "tessera/Transforms/Remat/LayoutRules.h"
#include "tessera/Transforms/Remat/Legality.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_COALESCE
#include "tessera/Transforms/Passes.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// The pointer operand of a global memory access, or null.
Value getGlobalPointer(Operation *op) {
  Value ptr;
  if (auto load = dyn_cast<tile::LoadOp>(op))
    ptr = load.getPtr();
  else if (auto store = dyn_cast<tile::StoreOp>(op))
    ptr = store.getPtr();
  else if (auto rmw = dyn_cast<tile::AtomicRMWOp>(op))
    ptr = rmw.getPtr();
  else if (auto cas = dyn_cast<tile::AtomicCASOp>(op))
    ptr = cas.getPtr();
  auto type = ptr ? dyn_cast<RankedTensorType>(ptr.getType()) : nullptr;
  if (!type || !tgpu::getDistributedLayout(type))
    return {};
  // Address space 3 is shared memory, where other rules (banks) apply.
  auto pointer = cast<tile::PointerType>(type.getElementType());
  return pointer.getAddressSpace() == 3 ? Value() : ptr;
}

Value getMask(Operation *op) {
  if (auto load = dyn_cast<tile::LoadOp>(op))
    return load.getMask();
  if (auto store = dyn_cast<tile::StoreOp>(op))
    return store.getMask();
  if (auto rmw = dyn_cast<tile::AtomicRMWOp>(op))
    return rmw.getMask();
  return {};
}

/// The default blocked layout of `shape` with `dim` as the fastest
/// dimension and `vec` elements per thread along it.
tgpu::BlockedEncodingAttr layoutAlong(MLIRContext *ctx, ArrayRef<int64_t> shape,
                                      unsigned dim, unsigned vec,
                                      unsigned warps, unsigned lanes) {
  SmallVector<int32_t> perm;
  for (unsigned d = 0; d < shape.size(); ++d)
    if (d != dim)
      perm.push_back(d);
  perm.push_back(dim);
  SmallVector<int64_t> permuted;
  for (int32_t d : perm)
    permuted.push_back(shape[d]);
  auto blocked =
      tgpu::getDefaultBlockedLayout(ctx, permuted, warps, lanes, vec);
  SmallVector<int32_t> inverse(perm.size());
  for (auto [i, d] : llvm::enumerate(perm))
    inverse[d] = i;
  return tgpu::permuteBlockedLayout(blocked, inverse);
}

/// The operand can be rebuilt in any layout by tgpu-remat-layouts, so the
/// conversion coalescing puts in front of the access will not survive: no
/// block arguments, nothing rematerialization may not duplicate.
bool isRebuildable(Value v, int64_t numThreads,
                   llvm::DenseSet<Operation *> &seen) {
  if (!isa<RankedTensorType>(v.getType()))
    return true;
  Operation *def = v.getDefiningOp();
  if (!def || remat::whyNotRematerializable(def, numThreads))
    return false;
  if (!seen.insert(def).second)
    return true;
  return llvm::all_of(def->getOperands(), [&](Value operand) {
    return isRebuildable(operand, numThreads, seen);
  });
}

/// A loaded value that (through ops that pass layouts on) is carried by a
/// loop or returned by a branch: forward propagation would meet the loop's
/// own layout there, and the conversion would land inside the loop.
bool reachesControlFlow(Value v, llvm::DenseSet<Value> &seen) {
  if (!seen.insert(v).second)
    return false;
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    if (isa<scf::YieldOp, scf::ConditionOp, scf::ForOp, scf::WhileOp>(user))
      return true;
    if (!remat::inferResultLayout(user, use.getOperandNumber(),
                                  remat::getLayout(v.getType())))
      continue;
    for (Value result : user->getResults())
      if (reachesControlFlow(result, seen))
        return true;
  }
  return false;
}

/// A stored value that will arrive in `layout` once forward propagation has
/// carried the new layouts of the coalesced loads it is computed from: its
/// slice holds no block argument, nothing rematerialization may not rebuild,
/// and every expensive load in it is being given `layout` too.
bool followsLoads(Value v, Attribute layout,
                  const llvm::DenseMap<Operation *, Attribute> &decided,
                  int64_t numThreads, llvm::DenseSet<Operation *> &seen) {
  if (!isa<RankedTensorType>(v.getType()))
    return true;
  Operation *def = v.getDefiningOp();
  if (!def)
    return false;
  if (!seen.insert(def).second)
    return true;
  if (isa<tile::LoadOp>(def) && remat::isAnchor(def, numThreads))
    return decided.lookup(def) == layout;
  if (remat::whyNotRematerializable(def, numThreads))
    return false;
  return llvm::all_of(def->getOperands(), [&](Value operand) {
    return followsLoads(operand, layout, decided, numThreads, seen);
  });
}

/// The values an access writes (stored value, atomic operands).
SmallVector<Value> getWrittenValues(Operation *op) {
  if (auto store = dyn_cast<tile::StoreOp>(op))
    return {store.getValue()};
  if (auto rmw = dyn_cast<tile::AtomicRMWOp>(op))
    return {rmw.getVal()};
  if (auto cas = dyn_cast<tile::AtomicCASOp>(op))
    return {cas.getCmp(), cas.getVal()};
  return {};
}

struct CoalescePass : tessera::impl::CoalesceBase<CoalescePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    ModuleAxisInfo axis(module);
    SmallVector<std::pair<Operation *, Attribute>> changes;
    llvm::DenseMap<Operation *, Attribute> decided;
    module.walk([&](tile::FuncOp fn) {
      unsigned warps = tgpu::getNumWarps(fn).value_or(4);
      auto lanesAttr = fn->getAttrOfType<IntegerAttr>(
          tgpu::TileGPUDialect::getThreadsPerWarpAttrName());
      unsigned lanes = lanesAttr ? lanesAttr.getInt() : 32;
      fn.walk([&](Operation *op) {
        Value ptr = getGlobalPointer(op);
        const AxisInfo *info = ptr ? axis.lookup(ptr) : nullptr;
        if (!info || info->isUninitialized())
          return;
        auto type = cast<RankedTensorType>(ptr.getType());
        // The most contiguous dimension; the fastest one wins ties.
        unsigned rank = type.getRank();
        unsigned dim = rank - 1;
        for (unsigned d = 0; d < rank; ++d)
          if (info->getContiguity(d) > info->getContiguity(dim))
            dim = d;
        unsigned bytes = std::max(
            1u, tile::getElementBitWidth(
                    cast<tile::PointerType>(type.getElementType())
                        .getPointeeType()) /
                    8);
        // Atomics are performed one element at a time.
        bool atomic = isa<tile::AtomicRMWOp, tile::AtomicCASOp>(op);
        unsigned maxVec = atomic ? 1 : std::max(1u, 16 / bytes);
        auto vectorOf = [&](unsigned perThread) {
          unsigned vec = axis.getPtrVectorSize(ptr, dim, perThread);
          if (Value mask = getMask(op))
            vec = std::min(vec, axis.getMaskConstancy(mask, dim));
          return vec;
        };
        unsigned want = vectorOf(maxVec);
        auto current = *tgpu::getLinearLayout(type);
        unsigned have = vectorOf(current.getNumConsecutiveInOut(dim));
        // Lanes continue along `dim` when the first lane bit that moves at
        // all (others hold broadcast copies) moves along it.
        bool lanesAlong = true;
        for (const auto &basis : current.getBases(tgpu::InDim::Lane)) {
          if (llvm::all_of(basis, [](int32_t c) { return c == 0; }))
            continue;
          lanesAlong = basis[dim] != 0;
          break;
        }
        if (have >= want && lanesAlong)
          return;
        // A tile too small to give every thread a full vector is mostly
        // broadcast copies; its layout is not what limits bandwidth.
        int64_t numThreads = int64_t(warps) * lanes;
        if (lanesAlong && type.getNumElements() < numThreads * want)
          return;
        // The address and mask conversions in front of the access must be
        // removable, or each execution pays a shared-memory round trip for a
        // wider vector. (Stored values usually come from loads, whose new
        // layout forward propagation carries to the store.)
        llvm::DenseSet<Operation *> seen;
        if (!isRebuildable(ptr, numThreads, seen))
          return;
        if (Value mask = getMask(op))
          if (!isRebuildable(mask, numThreads, seen))
            return;
        llvm::DenseSet<Value> visited;
        if (lanesAlong && op->getNumResults() == 1 &&
            reachesControlFlow(op->getResult(0), visited))
          return;
        auto layout = layoutAlong(op->getContext(), type.getShape(), dim,
                                  want, warps, lanes);
        if (layout == type.getEncoding())
          return;
        // What a store writes must reach it in the new layout without a
        // conversion that stays (unless the access was uncoalesced).
        for (Value written : getWrittenValues(op)) {
          llvm::DenseSet<Operation *> visitedDefs;
          if (lanesAlong && !followsLoads(written, layout, decided, numThreads,
                                          visitedDefs))
            return;
        }
        changes.push_back({op, layout});
        decided[op] = layout;
      });
    });
    IRRewriter rewriter(&getContext());
    for (auto [op, layout] : changes) {
      rewriter.setInsertionPoint(op);
      for (OpOperand &operand : op->getOpOperands())
        if (isa<RankedTensorType>(operand.get().getType()))
          operand.set(tgpu::ConvertLayoutOp::create(
              rewriter, op->getLoc(),
              remat::withLayout(operand.get().getType(), layout),
              operand.get()));
      rewriter.setInsertionPointAfter(op);
      for (Value result : op->getResults()) {
        if (!isa<RankedTensorType>(result.getType()))
          continue;
        Type old = result.getType();
        result.setType(remat::withLayout(old, layout));
        auto back = tgpu::ConvertLayoutOp::create(rewriter, op->getLoc(), old,
                                                  result);
        rewriter.replaceAllUsesExcept(result, back.getResult(), back);
      }
    }
  }
};

} // namespace
