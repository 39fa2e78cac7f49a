//===- AllocateSharedMemory.cpp - scratch offsets with reuse --------------===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"
#include "tessera/Transforms/Passes.h"

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

struct AllocateSharedMemoryPass
    : tessera::impl::AllocateSharedMemoryBase<AllocateSharedMemoryPass> {
  void runOnOperation() override {
    Builder b(&getContext());
    getOperation().walk([&](tile::FuncOp fn) {
      SmallVector<Buffer> buffers;
      int64_t point = 0;
      fn.walk([&](Operation *op) {
        ++point;
        if (int64_t bytes = getScratchBytes(op))
          buffers.push_back({op, bytes, point, point});
      });
      int64_t total = assignOffsets(buffers);
      for (const Buffer &buffer : buffers)
        buffer.owner->setAttr("tgpu.scratch_offset",
                              b.getI32IntegerAttr(buffer.offset));
      fn->setAttr("tgpu.shared_bytes", b.getI32IntegerAttr(total));
    });
  }
};

} // namespace
