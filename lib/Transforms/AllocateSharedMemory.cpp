//===- AllocateSharedMemory.cpp - scratch offsets with reuse --------------===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"
#include "tessera/Transforms/Passes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_ALLOCATESHAREDMEMORY
#include "tessera/Transforms/Passes.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

int64_t mlir::tessera::getScratchBytes(Operation *op) {
  if (auto reduce = dyn_cast<tile::ReduceOp>(op))
    return getReduceScratchBytes(reduce);
  if (auto scan = dyn_cast<tile::ScanOp>(op)) return getScanScratchBytes(scan);
  if (isa<tile::AtomicRMWOp, tile::AtomicCASOp>(op)) return getAtomicScratchBytes(op);
  if (auto convert = dyn_cast<tgpu::ConvertLayoutOp>(op))
    return getConvertLayoutScratchBytes(convert);
  return 0;
}

namespace {

/// A buffer live from program point `start` to `end` (inclusive).
struct Buffer {
  Operation *owner;
  int64_t bytes, start, end, offset = 0;
};

constexpr int64_t kAlignment = 16;

/// First fit in order of start: each buffer goes at the lowest aligned offset
/// that no buffer live at the same time occupies.
int64_t assignOffsets(MutableArrayRef<Buffer> buffers) {
  llvm::sort(buffers, [](const Buffer &a, const Buffer &b) {
    return a.start < b.start;
  });
  int64_t highWater = 0;
  SmallVector<Buffer *> placed;
  for (Buffer &buffer : buffers) {
    SmallVector<std::pair<int64_t, int64_t>> busy;
    for (Buffer *other : placed)
      if (other->end >= buffer.start && other->start <= buffer.end)
        busy.push_back({other->offset, other->offset + other->bytes});
    llvm::sort(busy);
    int64_t offset = 0;
    for (auto [lo, hi] : busy) {
      if (offset + buffer.bytes <= lo)
        break;
      offset = std::max<int64_t>(offset, llvm::alignTo(hi, kAlignment));
    }
    buffer.offset = offset;
    highWater = std::max(highWater, offset + buffer.bytes);
    placed.push_back(&buffer);
  }
  return highWater;
}

/// Whether `op` may run more than once per function invocation: then its
/// own previous run may still be reading the scratch it is about to write.
bool isInLoop(Operation *op) {
  return op->getParentOfType<scf::ForOp>() || op->getParentOfType<scf::WhileOp>();
}

struct AllocateSharedMemoryPass
    : tessera::impl::AllocateSharedMemoryBase<AllocateSharedMemoryPass> {
  void runOnOperation() override {
    // Device functions first: a call needs its callee's shared memory.
    SmallVector<tile::FuncOp> order;
    for (auto fn : getOperation().getOps<tile::FuncOp>())
      if (!fn.isKernel())
        order.push_back(fn);
    for (auto fn : getOperation().getOps<tile::FuncOp>())
      if (fn.isKernel())
        order.push_back(fn);
    SymbolTable symbols(getOperation());
    for (tile::FuncOp fn : order)
      allocate(fn, symbols);
  }

  void allocate(tile::FuncOp fn, SymbolTable &symbols) {
    Builder b(&getContext());
    SmallVector<Buffer> buffers;
    int64_t point = 0;
    fn.walk([&](Operation *op) {
      ++point;
      int64_t bytes = getScratchBytes(op);
      // A call uses its callee's shared memory, from offset 0, for its
      // duration.
      if (auto call = dyn_cast<tile::CallOp>(op))
        if (auto callee = symbols.lookup<tile::FuncOp>(call.getCallee()))
          if (auto used = callee->getAttrOfType<IntegerAttr>("tgpu.shared_bytes"))
            bytes = used.getInt();
      if (bytes)
        buffers.push_back({op, bytes, point, point});
    });
    int64_t total = assignOffsets(buffers);
    // Buffers are sorted by start now: program order.
    for (auto [i, buffer] : llvm::enumerate(buffers)) {
      if (isa<tile::CallOp>(buffer.owner))
        continue;
      buffer.owner->setAttr("tgpu.scratch_offset",
                            b.getI32IntegerAttr(buffer.offset));
      // The lowering writes the scratch after a barrier only when an earlier
      // user of the same bytes might still be reading them: an earlier
      // overlapping buffer of this function, its own previous iteration, or
      // a caller we cannot see (device functions).
      bool fence = !fn.isKernel() || isInLoop(buffer.owner);
      for (const Buffer &earlier : ArrayRef(buffers).take_front(i))
        fence |= earlier.offset < buffer.offset + buffer.bytes &&
                 buffer.offset < earlier.offset + earlier.bytes;
      if (fence)
        buffer.owner->setAttr("tgpu.scratch_fence", b.getUnitAttr());
    }
    fn->setAttr("tgpu.shared_bytes", b.getI32IntegerAttr(total));
  }
};

} // namespace
