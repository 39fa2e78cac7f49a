//===- TileGPUToLLVM.h - lowering tgpu programs to LLVM + NVVM --*- C++ -*-===//
//
// What the lowering patterns share: the type converter (a distributed tensor
// becomes an LLVM struct of the elements one thread holds, in register
// order), packing helpers, per-thread index computation from the linear
// layout, and the `populate…` entry points, one per op family.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_TILEGPUTOLLVM_TILEGPUTOLLVM_H
#define TESSERA_CONVERSION_TILEGPUTOLLVM_TILEGPUTOLLVM_H

#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include <functional>
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "tessera/Dialect/TileGPU/IR/LinearLayout.h"
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"

namespace mlir::tessera {
class ModuleAxisInfo;

/// Options every pattern may read.
struct LoweringTarget {
  /// Compute capability times ten plus minor: 80, 90 ...
  unsigned computeCapability = 90;
  unsigned threadsPerWarp = 32;
};

/// LLVM's type converter plus the Tessera types: `!tile.ptr<T, as>` becomes
/// `!llvm.ptr<as>`, a distributed tensor the struct of its per-thread
/// elements (pointers converted likewise).
class TesseraTypeConverter : public LLVMTypeConverter {
public:
  TesseraTypeConverter(MLIRContext *ctx, const LowerToLLVMOptions &options);
};

/// The linear layout of a distributed tensor type.
tgpu::LinearLayout getLinearLayout(RankedTensorType type);

/// Number of elements a thread holds of a distributed tensor: its registers.
unsigned getElemsPerThread(RankedTensorType type);

//===----------------------------------------------------------------------===//
// Building blocks for patterns
//===----------------------------------------------------------------------===//

/// A tile value's converted type (a struct for a tensor) and its converted
/// element type; both null when either does not convert.
struct ConvertedTileType {
  Type type, element;
};
ConvertedTileType convertTileType(const TypeConverter &converter, Type type);

/// The elements of a converted tensor value (a struct) in register order; a
/// scalar is returned as itself.
SmallVector<Value> unpackElements(OpBuilder &b, Location loc, Value packed);
/// The struct of `type` (a converted tensor type) holding `elements`.
Value packElements(OpBuilder &b, Location loc, Type type,
                   ArrayRef<Value> elements);

Value i32Constant(OpBuilder &b, Location loc, int64_t value);

/// threadIdx.x, the lane in the warp, and the warp in the CTA.
struct ThreadIds {
  Value tid, lane, warp;
};
ThreadIds getThreadIds(OpBuilder &b, Location loc, unsigned threadsPerWarp);

/// The tensor coordinates (one i32 per dimension) of every element the
/// calling thread holds, in register order: register r holds the element at
/// layout(r, lane, warp).
SmallVector<SmallVector<Value>> emitIndices(OpBuilder &b, Location loc,
                                            const tgpu::LinearLayout &layout,
                                            const ThreadIds &ids);

/// Per output dimension, the part of the coordinate that depends on the lane
/// and warp only: layout(0, lane, warp).
SmallVector<Value> emitThreadOffsets(OpBuilder &b, Location loc,
                                     const tgpu::LinearLayout &layout,
                                     const ThreadIds &ids);

/// i1 that is true on the thread that owns its elements: the lane and warp
/// bits the layout ignores (broadcast copies) are all zero. Null when every
/// thread owns what it holds.
Value emitOwnerPredicate(OpBuilder &b, Location loc,
                         const tgpu::LinearLayout &layout,
                         const ThreadIds &ids);

/// Pointer to byte `offset` of the kernel's dynamic shared memory.
Value getSharedMemoryPointer(OpBuilder &b, Location loc, Operation *from,
                             int64_t offset);
/// Name of the extern shared array the pass declares when shared memory is
/// used.
inline constexpr llvm::StringLiteral kSharedMemoryGlobal = "global_smem";
/// Scratch offset the shared-memory allocation gave an op (bytes), if any.
std::optional<int64_t> getScratchOffset(Operation *op);

/// Runs `body` only where `pred` holds (a branch around it; ptxas turns short
/// ones into predicated instructions) and continues after it. `body` yields
/// the value the join receives, `otherwise` the value on the skipped path;
/// both null when there is none. Leaves the insertion point at the join.
Value emitGuarded(RewriterBase &rewriter, Location loc, Value pred,
                  Type resultType, function_ref<Value()> body, Value otherwise);

/// `bar.sync 0`: every thread of the CTA arrives before any goes on.
void emitBarrier(OpBuilder &b, Location loc);

/// The barrier before an op writes its scratch, when the allocation says an
/// earlier user of those bytes may still be reading them.
void emitScratchFence(OpBuilder &b, Location loc, Operation *op);

/// `shfl.sync` (`kind` bfly, up, down or idx, lane argument `laneArg`) of
/// any scalar of up to 64 bits: pointers and 64-bit values move as two
/// 32-bit halves, narrower values widened to 32 bits.
Value shuffleLanes(OpBuilder &b, Location loc, Value value, Value laneArg,
                   NVVM::ShflKind kind);

/// The value `value` has in lane `lane ^ laneMask` (shfl.sync.bfly), for any
/// scalar of up to 64 bits (split into 32-bit shuffles).
Value shuffleXor(OpBuilder &b, Location loc, Value value, unsigned laneMask);

/// Applies a reduce/scan combiner region to (lhs..., rhs...): its scalar ops
/// are cloned here (and lowered by the same conversion).
SmallVector<Value> applyCombiner(OpBuilder &b, Location loc, Region &combiner,
                                 ValueRange lhs, ValueRange rhs);

/// Address of element `index` (i32) of an array of `elemType` at byte
/// `offset` of shared memory.
Value getSharedElementPointer(OpBuilder &b, Location loc, Operation *from,
                              int64_t offset, Type elemType, Value index);

/// Where each register of `dst` finds its element among the registers of
/// `src` in the same thread, when `toSrc` maps dst coordinates to src
/// coordinates linearly; fails when data would have to move between threads
/// (the lane and warp bases must agree under `toSrc`).
using CoordMap = std::function<SmallVector<int32_t>(ArrayRef<int32_t>)>;
FailureOr<SmallVector<unsigned>>
mapRegistersThrough(const tgpu::LinearLayout &src,
                    const tgpu::LinearLayout &dst, const CoordMap &toSrc);

/// Shared memory a layout conversion needs (0 for register permutations).
int64_t getConvertLayoutScratchBytes(tgpu::ConvertLayoutOp op);

/// Shared memory a reduction needs for its cross-warp step (0 when the
/// warps do not split the axis). The allocation pass reserves it; the
/// lowering uses exactly this much.
int64_t getReduceScratchBytes(tile::ReduceOp op);

/// Shared memory a scan needs (0 when no warp bit moves along the axis):
/// one region of chunk totals per level that crosses warps.
int64_t getScanScratchBytes(tile::ScanOp op);

/// Shared memory an atomic needs to broadcast its old values (elements x
/// element size): 0 when the result is unused or every holder of an element
/// is the thread that performed its atomic.
int64_t getAtomicScratchBytes(Operation *op);

//===----------------------------------------------------------------------===//
// Pattern sets
//===----------------------------------------------------------------------===//

void populateFuncOpToLLVMPatterns(TesseraTypeConverter &converter,
                                  RewritePatternSet &patterns);
void populateElementwiseOpToLLVMPatterns(TesseraTypeConverter &converter,
                                         RewritePatternSet &patterns,
                                         const LoweringTarget &target);
void populateMathToNVVMPatterns(TesseraTypeConverter &converter,
                                RewritePatternSet &patterns);
void populateBarrierOpToLLVMPatterns(TesseraTypeConverter &converter,
                                     RewritePatternSet &patterns);
void populateShapeOpToLLVMPatterns(TesseraTypeConverter &converter,
                                   RewritePatternSet &patterns,
                                   const LoweringTarget &target);
void populateConvertLayoutOpToLLVMPatterns(TesseraTypeConverter &converter,
                                           RewritePatternSet &patterns,
                                           const LoweringTarget &target);
void populateReduceOpToLLVMPatterns(TesseraTypeConverter &converter,
                                    RewritePatternSet &patterns,
                                    const LoweringTarget &target);
void populateScanOpToLLVMPatterns(TesseraTypeConverter &converter,
                                  RewritePatternSet &patterns,
                                  const LoweringTarget &target);
void populateAtomicOpToLLVMPatterns(TesseraTypeConverter &converter,
                                    RewritePatternSet &patterns,
                                    const LoweringTarget &target,
                                    const ModuleAxisInfo *axisInfo);
void populateLoadStoreOpToLLVMPatterns(TesseraTypeConverter &converter,
                                       RewritePatternSet &patterns,
                                       const LoweringTarget &target,
                                       const ModuleAxisInfo *axisInfo);

/// Replaces every struct-typed argument of a non-entry block under `root`
/// by one argument per field (see ScalarizeBlockArguments.cpp).
void scalarizeStructBlockArguments(Operation *root);

} // namespace mlir::tessera

#endif // TESSERA_CONVERSION_TILEGPUTOLLVM_TILEGPUTOLLVM_H
