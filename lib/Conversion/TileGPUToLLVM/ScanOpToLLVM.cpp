//===- ScanOpToLLVM.cpp - tile.scan on distributed tiles ------------------===//
//
// An inclusive scan along `axis`, driven only by the operand's linear layout.
//
// The axis position of an element is a binary number whose digits are the
// (register, lane, warp) bits that move along the axis: a bit with axis stride
// 2^i is digit i (the layout must give every digit exactly one bit, and a bit
// that moves along the axis must move along nothing else). Read from the
// lowest digit up, the digits form *levels*: maximal runs of digits of one
// kind. A blocked layout gives register (sizePerThread) | lane | warp |
// register (repetitions when the tensor is longer than the CTA tile), but the
// order is read off the bases, never assumed.
//
// Levels are processed lowest first. Before level k, every element holds the
// inclusive scan of its *chunk*: the positions that share its digits at
// levels >= k. The total of a chunk sits at its last position (all lower
// digits one). Level k combines the 2^n chunks of each group (positions
// sharing the digits above level k) so that chunk j gets
//     prefix_j (+) value,  prefix_j = the totals of chunks 0 .. j-1,
// and after the last level every element holds its inclusive scan.
//   - register level: the thread holds every chunk of the group; the prefix
//     is a left fold, in-thread. The totals are the thread's own registers
//     when no lane or warp digit lies below (level 0: a plain in-thread
//     scan), come by `shfl.sync idx` from the lane whose lower digits are all
//     one when only lanes lie below, and through shared memory when warps do.
//   - lane level: each lane fetches its chunk's total (same three ways), a
//     Hillis-Steele scan over the level's lanes (`shfl.sync up` by 1, 2, 4..
//     axis positions, `down` when reversed, `idx` when the lane bits are not
//     contiguous) makes it inclusive, and one more shuffle from the previous
//     lane gives the exclusive prefix.
//   - warp level (and any level with warp digits below it): the chunk totals
//     go to shared memory (one writer per element: the owner, never a
//     broadcast copy), a barrier, and every thread folds the totals of the
//     chunks before its own, left to right.
//   - a level right above a warp level needs no round of its own: every
//     thread read all of that round's totals, and the total of each of its
//     groups (the left fold over all warps, bit for bit what the group's last
//     element holds) is this level's chunk total. For a blocked layout longer
//     than the CTA tile, the repetitions thus cost no extra barrier.
// Each shared-memory level has its own scratch region, so one barrier before
// the first write (only where the allocation marks the scratch
// `tgpu.scratch_fence`: an earlier user of the bytes may still read them)
// and one between each write and its reads suffice. Note the scratch of a warp level is one
// slot per chunk total: when warps are the lowest axis digits (a layout that
// puts lanes on another dimension), that is every element of the tile.
//
// `reverse` scans from the end: every axis digit is complemented ("effective"
// digits), which is the scan of the flipped sequence; the combiner is applied
// as (accumulation of the later elements, current element), as flipping,
// scanning and flipping back would.
//
// Combination order (float add is not associative): deterministic, and the
// same in every thread that holds a copy of an element. An element's result
// is  P_L (+) ( ... (P_1 (+) (P_0 (+) x)) ... )  where P_k is level k's prefix
// of the chunks before it: a left fold ((T_0 (+) T_1) (+) ...) (+) T_{j-1} for
// register and warp levels, the Hillis-Steele tree for lane levels. For a
// blocked layout: the in-thread sequential scan, then the warp's prefix, then
// the earlier warps' totals, then the earlier repetitions' totals. Integer
// and selection combiners (add, max, argmax) are exact regardless.
//
// Several operands scan together: the combiner takes (lhs..., rhs...).
// Registers that merely repeat an element (zero register bases) are computed
// once and copied; lanes and warps that hold copies compute exactly what
// their owner does, from copies, so they end with the same bits.
//
//===----------------------------------------------------------------------===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/Support/MathExtras.h"

#include <map>

using namespace mlir;
using namespace mlir::tessera;
using tgpu::InDim;
using tgpu::LinearLayout;

namespace {

constexpr unsigned kReg = static_cast<unsigned>(InDim::Register);
constexpr unsigned kLane = static_cast<unsigned>(InDim::Lane);
constexpr unsigned kWarp = static_cast<unsigned>(InDim::Warp);

/// A run of consecutive axis digits of one kind.
struct Level {
  InDim kind;
  /// The in-dim bits of the level's digits, lowest stride first.
  SmallVector<unsigned> bits;
  /// Their mask within `kind`.
  uint32_t mask = 0;
  /// Number of axis digits below the level (its lowest stride is 2^lowerBits).
  unsigned lowerBits = 0;
  /// Per in-dim, the bits of the digits below the level.
  std::array<uint32_t, tgpu::kNumInDims> lowerMask{};
  /// The chunk totals go through shared memory.
  bool viaShared = false;
  /// The level right below is a warp level, whose shared-memory round every
  /// thread read in full: the totals are folded from those (no round here).
  bool totalsFromBelow = false;
  /// This level's scratch region, relative to the op's scratch offset.
  int64_t scratchOffset = 0;

  unsigned numDigits() const { return bits.size(); }
  /// The bits are (p, p+1, ...): digit j sits at `j << p`.
  std::optional<unsigned> contiguousFrom() const {
    for (auto [i, bit] : llvm::enumerate(bits))
      if (bit != bits.front() + i)
        return std::nullopt;
    return bits.front();
  }
};

struct ScanPlan {
  LinearLayout layout;
  unsigned axis;
  bool reverse;
  int64_t axisSize;
  /// Elements per axis position: the product of the other dimensions.
  int64_t numRows;
  SmallVector<Level> levels;
  std::array<uint32_t, tgpu::kNumInDims> axisMask{}, freeMask{};
  /// Per operand, the bytes of one element in shared memory.
  SmallVector<unsigned> elemBytes;
  int64_t scratchBytes = 0;

  uint32_t revMask(unsigned in) const { return reverse ? axisMask[in] : 0; }
  /// Slots of the chunk totals a shared-memory level stores.
  int64_t numSlots(const Level &level) const {
    return numRows * (axisSize >> level.lowerBits);
  }
  int64_t regionBytes(const Level &level, unsigned operand) const {
    return llvm::alignTo(numSlots(level) * elemBytes[operand], 16);
  }
};

unsigned getElemBytes(Type elem) {
  if (isa<tile::PointerType, LLVM::LLVMPointerType>(elem))
    return 8;
  return std::max(1u, elem.getIntOrFloatBitWidth() / 8);
}

/// Reads the layout of the scan's operand; the reason it cannot be scanned
/// otherwise.
FailureOr<ScanPlan> planScan(tile::ScanOp op, std::string &why) {
  auto type = cast<RankedTensorType>(op.getSrcs()[0].getType());
  if (!tgpu::getDistributedLayout(type)) {
    why = "operand has no distributed layout; run tile-to-tgpu first";
    return failure();
  }
  ScanPlan plan{getLinearLayout(type), op.getAxis(), op.getReverse(), 0, 1};
  const LinearLayout &layout = plan.layout;
  unsigned axis = plan.axis;
  plan.axisSize = layout.getOutDimSize(axis);
  for (unsigned d = 0; d < layout.getNumOutDims(); ++d)
    if (d != axis)
      plan.numRows *= layout.getOutDimSize(d);
  for (Value src : op.getSrcs())
    plan.elemBytes.push_back(getElemBytes(getElementTypeOrSelf(src.getType())));

  if (layout.getNumLanes() > 32) {
    why = "layout has more than 32 lanes";
    return failure();
  }
  struct AxisBit {
    int32_t stride;
    unsigned in, bit;
  };
  SmallVector<AxisBit> axisBits;
  for (InDim in : tgpu::kAllInDims) {
    unsigned i = static_cast<unsigned>(in);
    plan.freeMask[i] = layout.getFreeVariableMask(in);
    for (auto [bit, basis] : llvm::enumerate(layout.getBases(in))) {
      bool zero = llvm::all_of(basis, [](int32_t c) { return c == 0; });
      if ((plan.freeMask[i] >> bit & 1) && !zero) {
        why = ("layout holds copies of elements through a non-zero " +
               tgpu::getInDimName(in) + " basis; convert it first")
                  .str();
        return failure();
      }
      if (basis[axis] == 0)
        continue;
      for (auto [d, c] : llvm::enumerate(basis))
        if (d != axis && c != 0) {
          why = ("a " + tgpu::getInDimName(in) +
                 " basis of the layout moves along the scanned axis and "
                 "another dimension at once; convert the layout first")
                    .str();
          return failure();
        }
      if (!llvm::isPowerOf2_32(basis[axis])) {
        why = "a layout basis moves along the scanned axis by a stride that "
              "is not a power of two";
        return failure();
      }
      axisBits.push_back({basis[axis], i, static_cast<unsigned>(bit)});
      plan.axisMask[i] |= uint32_t(1) << bit;
    }
  }
  llvm::stable_sort(axisBits, [](const AxisBit &a, const AxisBit &b) {
    return a.stride < b.stride;
  });
  if (axisBits.size() != llvm::Log2_64(plan.axisSize) ||
      llvm::any_of(llvm::enumerate(axisBits), [](auto e) {
        return e.value().stride != (int32_t(1) << e.index());
      })) {
    why = "layout does not hold every position of the scanned axis exactly "
          "once per row";
    return failure();
  }

  std::array<uint32_t, tgpu::kNumInDims> below{};
  for (auto [i, ab] : llvm::enumerate(axisBits)) {
    if (plan.levels.empty() ||
        static_cast<unsigned>(plan.levels.back().kind) != ab.in) {
      Level level;
      level.kind = static_cast<InDim>(ab.in);
      level.lowerBits = i;
      level.lowerMask = below;
      level.totalsFromBelow =
          !plan.levels.empty() && plan.levels.back().kind == InDim::Warp;
      level.viaShared =
          !level.totalsFromBelow && (ab.in == kWarp || below[kWarp] != 0);
      plan.levels.push_back(level);
    }
    Level &level = plan.levels.back();
    level.bits.push_back(ab.bit);
    level.mask |= uint32_t(1) << ab.bit;
    below[ab.in] |= uint32_t(1) << ab.bit;
  }
  for (Level &level : plan.levels) {
    if (!level.viaShared)
      continue;
    level.scratchOffset = plan.scratchBytes;
    for (unsigned k = 0; k < plan.elemBytes.size(); ++k)
      plan.scratchBytes += plan.regionBytes(level, k);
  }
  return plan;
}

/// `bits` of `value` gathered into a dense number (bit i from bits[i]).
uint32_t gatherBits(uint32_t value, ArrayRef<unsigned> bits) {
  uint32_t result = 0;
  for (auto [i, bit] : llvm::enumerate(bits))
    result |= (value >> bit & 1) << i;
  return result;
}
/// The inverse: bit i of `digits` to position bits[i].
uint32_t scatterBits(uint32_t digits, ArrayRef<unsigned> bits) {
  uint32_t result = 0;
  for (auto [i, bit] : llvm::enumerate(bits))
    result |= (digits >> i & 1) << bit;
  return result;
}


using Values = SmallVector<Value>;

/// Emits one scan: the state is, per canonical register (free register bits
/// zero), the current values of all operands.
class ScanEmitter {
public:
  ScanEmitter(ConversionPatternRewriter &rewriter, tile::ScanOp op,
              const ScanPlan &plan, const LoweringTarget &target,
              const TypeConverter &converter, int64_t scratch)
      : b(rewriter), loc(op.getLoc()), op(op), plan(plan), target(target),
        scratch(scratch) {
    for (Value src : op.getSrcs())
      elemTypes.push_back(
          converter.convertType(getElementTypeOrSelf(src.getType())));
  }

  /// Scans `srcs` (per operand, per register) in place.
  void run(SmallVectorImpl<Values> &srcs) {
    const LinearLayout &layout = plan.layout;
    for (int32_t r = 0; r < layout.getNumRegisters(); ++r)
      if (isCanonical(r)) {
        Values values;
        for (auto &operand : srcs)
          values.push_back(operand[r]);
        vals[r] = values;
      }
    for (auto [k, level] : llvm::enumerate(plan.levels)) {
      below = k ? &plan.levels[k - 1] : nullptr;
      bool feedsNext = k + 1 < plan.levels.size() &&
                       plan.levels[k + 1].totalsFromBelow;
      if (level.viaShared)
        writeTotals(level);
      switch (level.kind) {
      case InDim::Register:
        registerLevel(level);
        break;
      case InDim::Lane:
        laneLevel(level);
        break;
      case InDim::Warp:
        warpLevel(level, feedsNext);
        break;
      }
    }
    for (auto [k, operand] : llvm::enumerate(srcs))
      for (int32_t r = 0; r < layout.getNumRegisters(); ++r)
        operand[r] = vals[r & ~plan.freeMask[kReg]][k];
  }

private:
  bool isCanonical(int32_t r) const { return (r & plan.freeMask[kReg]) == 0; }

  //===--- combining ------------------------------------------------------===//

  /// The combiner applied to (lhs..., rhs...), once per distinct input.
  Values combine(ArrayRef<Value> lhs, ArrayRef<Value> rhs) {
    SmallVector<const void *> key;
    for (Value v : llvm::concat<const Value>(lhs, rhs))
      key.push_back(v.getAsOpaquePointer());
    auto it = memo.find(key);
    if (it != memo.end())
      return it->second;
    Values result =
        applyCombiner(b, loc, op.getCombineOp(), ValueRange(lhs), ValueRange(rhs));
    memo.emplace(std::move(key), result);
    return result;
  }
  Values select(Value cond, ArrayRef<Value> ifTrue, ArrayRef<Value> ifFalse) {
    Values result;
    for (auto [t, f] : llvm::zip_equal(ifTrue, ifFalse))
      result.push_back(LLVM::SelectOp::create(b, loc, cond, t, f));
    return result;
  }
  /// cond ? prefix (+) value : value, for every register of `regs`.
  void applyPrefix(Value cond, ArrayRef<Value> prefix,
                   ArrayRef<int32_t> regs) {
    for (int32_t r : regs) {
      Values combined = combine(prefix, vals[r]);
      vals[r] = cond ? select(cond, combined, vals[r]) : combined;
    }
  }

  //===--- integers -------------------------------------------------------===//

  Value c32(int64_t v) { return i32Constant(b, loc, v); }
  Value andI(Value a, uint32_t m) { return LLVM::AndOp::create(b, loc, a, c32(m)); }
  Value orI(Value a, Value c) { return LLVM::OrOp::create(b, loc, a, c); }
  Value xorI(Value a, uint32_t m) {
    return m ? LLVM::XOrOp::create(b, loc, a, c32(m)).getResult() : a;
  }
  Value shr(Value a, unsigned s) {
    return s ? LLVM::LShrOp::create(b, loc, a, c32(s)).getResult() : a;
  }
  Value shl(Value a, unsigned s) {
    return s ? LLVM::ShlOp::create(b, loc, a, c32(s)).getResult() : a;
  }
  Value cmp(LLVM::ICmpPredicate pred, Value a, Value c) {
    return LLVM::ICmpOp::create(b, loc, pred, a, c);
  }
  Value andPred(Value p, Value q) {
    return p ? LLVM::AndOp::create(b, loc, p, q).getResult() : q;
  }

  const ThreadIds &ids() {
    if (!threadIds)
      threadIds = getThreadIds(b, loc, target.threadsPerWarp);
    return *threadIds;
  }
  Value index(InDim in) { return in == InDim::Lane ? ids().lane : ids().warp; }

  /// The level's effective digits (reversed when scanning from the end) of
  /// this thread's lane or warp index, as a number.
  Value runtimeDigits(const Level &level) {
    Value eff = xorI(index(level.kind), plan.revMask(static_cast<unsigned>(level.kind)));
    if (auto p = level.contiguousFrom())
      return andI(shr(eff, *p), (1u << level.numDigits()) - 1);
    Value digits = c32(0);
    for (auto [i, bit] : llvm::enumerate(level.bits))
      digits = orI(digits, shl(andI(shr(eff, bit), 1), i));
    return digits;
  }

  /// The physical value of in-dim bits `mask` when their effective digits
  /// are all one.
  uint32_t onesPhysical(unsigned in, uint32_t mask) const {
    return plan.reverse ? 0 : mask;
  }

  //===--- fetching chunk totals ------------------------------------------===//

  /// The register that holds the total of the chunk of register `r` (its
  /// lower register digits set to effective ones).
  int32_t totalRegister(const Level &level, int32_t r) const {
    uint32_t lower = level.lowerMask[kReg];
    return (r & ~lower) | onesPhysical(kReg, lower);
  }

  /// The values, at register `r`, of the lane whose lower lane digits are
  /// effective ones (same warp): the chunk total when no warp digit lies
  /// below the level.
  Values fetchInWarp(const Level &level, int32_t r) {
    uint32_t lower = level.lowerMask[kLane];
    if (lower == 0)
      return vals[r];
    Value src = orI(andI(ids().lane, ~lower), c32(onesPhysical(kLane, lower)));
    Values result;
    for (Value v : vals[r])
      result.push_back(shuffleLanes(b, loc, v, src, NVVM::ShflKind::idx));
    return result;
  }

  /// Thread part of the element coordinates, computed once.
  ArrayRef<Value> threadOffsets() {
    if (offsets.empty())
      offsets = emitThreadOffsets(b, loc, plan.layout, ids());
    return offsets;
  }

  /// The shared-memory slot of the chunk of register `r` at `level`: rows
  /// (the non-axis coordinates, row-major) times chunks (the effective axis
  /// position >> lowerBits). With `digits`, the slot of the chunk whose
  /// level digits are `digits` in the same group instead.
  Value slotOf(const Level &level, int32_t r, Value digits = {}) {
    SmallVector<int32_t> regCoords = plan.layout.apply(r, 0, 0);
    ArrayRef<Value> thread = threadOffsets();
    auto coord = [&](unsigned d) { return xorI(thread[d], regCoords[d]); };
    Value row = c32(0);
    for (unsigned d = 0; d < plan.layout.getNumOutDims(); ++d) {
      if (d == plan.axis || plan.layout.getOutDimSize(d) == 1)
        continue;
      row = LLVM::AddOp::create(
          b, loc,
          LLVM::MulOp::create(b, loc, row, c32(plan.layout.getOutDimSize(d))),
          coord(d));
    }
    Value pos = xorI(coord(plan.axis), plan.reverse ? plan.axisSize - 1 : 0);
    Value chunk = shr(pos, level.lowerBits);
    if (digits)
      chunk = orI(andI(chunk, ~((1u << level.numDigits()) - 1)), digits);
    int64_t chunks = plan.axisSize >> level.lowerBits;
    return LLVM::AddOp::create(b, loc,
                               LLVM::MulOp::create(b, loc, row, c32(chunks)),
                               chunk);
  }

  Value slotPointer(const Level &level, unsigned k, Value slot) {
    int64_t offset = scratch + level.scratchOffset;
    for (unsigned i = 0; i < k; ++i)
      offset += plan.regionBytes(level, i);
    return getSharedElementPointer(b, loc, op, offset, elemTypes[k], slot);
  }

  /// The shared-memory round of a level: the owner of each chunk total (the
  /// element whose lower digits are all effective ones; broadcast copies do
  /// not write) stores it; a barrier; then anyone may read (`readTotal`).
  void writeTotals(const Level &level) {
    // Before the first write, a barrier where the allocation says an earlier
    // user of these bytes may still be reading them.
    if (!fenced)
      emitScratchFence(b, loc, op);
    fenced = true;
    Value writer;
    for (unsigned in : {kLane, kWarp}) {
      uint32_t lower = level.lowerMask[in];
      uint32_t mask = lower | plan.freeMask[in];
      if (mask == 0)
        continue;
      Value idx = index(static_cast<InDim>(in));
      writer = andPred(writer, cmp(LLVM::ICmpPredicate::eq, andI(idx, mask),
                                   c32(onesPhysical(in, lower))));
    }
    SmallVector<std::pair<Value, Value>> stores; // (value, pointer)
    uint32_t lowerReg = level.lowerMask[kReg];
    for (auto &[r, values] : vals) {
      if ((uint32_t(r) & lowerReg) != onesPhysical(kReg, lowerReg))
        continue;
      Value slot = slotOf(level, r);
      for (auto [k, v] : llvm::enumerate(values))
        stores.push_back({v, slotPointer(level, k, slot)});
    }
    if (!writer) {
      for (auto [v, ptr] : stores)
        LLVM::StoreOp::create(b, loc, v, ptr);
    } else {
      Block *current = b.getInsertionBlock();
      Block *rest = b.splitBlock(current, b.getInsertionPoint());
      Block *store = b.createBlock(rest);
      b.setInsertionPointToEnd(current);
      LLVM::CondBrOp::create(b, loc, writer, store, rest);
      b.setInsertionPointToEnd(store);
      for (auto [v, ptr] : stores)
        LLVM::StoreOp::create(b, loc, v, ptr);
      LLVM::BrOp::create(b, loc, ValueRange{}, rest);
      b.setInsertionPointToStart(rest);
    }
    emitBarrier(b, loc);
  }

  Values readTotal(const Level &level, int32_t r, Value digits = {}) {
    Value slot = slotOf(level, r, digits);
    Values result;
    for (auto [k, type] : llvm::enumerate(elemTypes))
      result.push_back(
          LLVM::LoadOp::create(b, loc, type, slotPointer(level, k, slot)));
    return result;
  }

  /// The total of the chunk of register `r` before this level.
  Values fetchTotal(const Level &level, int32_t r) {
    if (level.totalsFromBelow)
      return groupTotals.at(totalRegister(level, r) & ~below->lowerMask[kReg]);
    if (level.viaShared)
      return readTotal(level, r);
    return fetchInWarp(level, totalRegister(level, r));
  }

  /// Canonical registers grouped by their bits outside `mask`, in register
  /// order.
  llvm::MapVector<uint32_t, SmallVector<int32_t>> groupRegisters(uint32_t mask) {
    llvm::MapVector<uint32_t, SmallVector<int32_t>> groups;
    for (auto &entry : vals)
      groups[entry.first & ~mask].push_back(entry.first);
    return groups;
  }

  //===--- levels ---------------------------------------------------------===//

  /// The thread holds all chunks of a group: left fold of their totals.
  void registerLevel(const Level &level) {
    uint32_t revLevel = plan.reverse ? level.mask : 0;
    unsigned numChunks = 1u << level.numDigits();
    for (auto &[key, regs] : groupRegisters(level.mask | level.lowerMask[kReg])) {
      // Chunk j's registers, and its total (fetched before anything of this
      // level changes).
      SmallVector<SmallVector<int32_t>> chunkRegs(numChunks);
      for (int32_t r : regs)
        chunkRegs[gatherBits(r ^ revLevel, level.bits)].push_back(r);
      SmallVector<Values> totals;
      for (unsigned j = 0; j + 1 < numChunks; ++j) {
        int32_t r = key | (scatterBits(j, level.bits) ^ revLevel);
        totals.push_back(fetchTotal(level, totalRegister(level, r)));
      }
      Values prefix = totals[0];
      for (unsigned j = 1; j < numChunks; ++j) {
        applyPrefix(Value(), prefix, chunkRegs[j]);
        if (j + 1 < numChunks)
          prefix = combine(prefix, totals[j]);
      }
    }
  }

  /// Hillis-Steele over the level's lanes, then the previous lane's
  /// inclusive value is this lane's prefix.
  void laneLevel(const Level &level) {
    Value digits = runtimeDigits(level);
    unsigned n = level.numDigits();
    std::optional<unsigned> from = level.contiguousFrom();
    uint32_t rev = plan.revMask(kLane);
    // The value of the lane whose effective level digits are ours - delta.
    auto fromEarlier = [&](ArrayRef<Value> values, uint32_t delta) {
      Value laneArg;
      NVVM::ShflKind kind = NVVM::ShflKind::idx;
      if (from) {
        laneArg = c32(delta << *from);
        kind = plan.reverse ? NVVM::ShflKind::down : NVVM::ShflKind::up;
      } else {
        Value target = LLVM::SubOp::create(b, loc, digits, c32(delta));
        Value lane = andI(xorI(ids().lane, rev), ~level.mask);
        for (auto [i, bit] : llvm::enumerate(level.bits))
          lane = orI(lane, shl(andI(shr(target, i), 1), bit));
        laneArg = xorI(lane, rev);
      }
      Values result;
      for (Value v : values)
        result.push_back(shuffleLanes(b, loc, v, laneArg, kind));
      return result;
    };
    for (auto &[key, regs] : groupRegisters(level.lowerMask[kReg])) {
      Values inclusive = fetchTotal(level, regs.front());
      for (unsigned s = 0; s < n; ++s) {
        Values other = fromEarlier(inclusive, 1u << s);
        Value has = cmp(LLVM::ICmpPredicate::uge, digits, c32(1u << s));
        inclusive = select(has, combine(other, inclusive), inclusive);
      }
      Values prefix = fromEarlier(inclusive, 1);
      applyPrefix(cmp(LLVM::ICmpPredicate::ne, digits, c32(0)), prefix, regs);
    }
  }

  /// Every thread folds the totals of the warps before its own, left to
  /// right, from shared memory. With `feedsNext`, also the total of each
  /// group (all its warps, the same left fold: what the group's last element
  /// ends with), which is the next level's chunk total.
  void warpLevel(const Level &level, bool feedsNext) {
    Value digits = runtimeDigits(level);
    unsigned numChunks = 1u << level.numDigits();
    groupTotals.clear();
    for (auto &[key, regs] : groupRegisters(level.lowerMask[kReg])) {
      Values first = readTotal(level, regs.front(), c32(0));
      Values prefix = first, all = first;
      for (unsigned j = 1; j < numChunks; ++j) {
        if (j + 1 == numChunks && !feedsNext)
          break;
        Values total = readTotal(level, regs.front(), c32(j));
        if (feedsNext)
          all = combine(all, total);
        if (j + 1 < numChunks) {
          Value before = cmp(LLVM::ICmpPredicate::ugt, digits, c32(j));
          prefix = select(before, combine(prefix, total), prefix);
        }
      }
      applyPrefix(cmp(LLVM::ICmpPredicate::ne, digits, c32(0)), prefix, regs);
      if (feedsNext)
        groupTotals[key] = all;
    }
  }

  ConversionPatternRewriter &b;
  Location loc;
  tile::ScanOp op;
  const ScanPlan &plan;
  const LoweringTarget &target;
  int64_t scratch;
  SmallVector<Type> elemTypes;
  /// Canonical register -> its values, in register order.
  std::map<int32_t, Values> vals;
  std::map<SmallVector<const void *>, Values> memo;
  std::optional<ThreadIds> threadIds;
  /// The level below the one being emitted, if any.
  const Level *below = nullptr;
  /// Per group of the last warp level (keyed like `groupRegisters`), the
  /// total of all its warps, when the next level reads it.
  std::map<int32_t, Values> groupTotals;
  SmallVector<Value> offsets;
  bool fenced = false;
};

struct ScanOpLowering : ConvertOpToLLVMPattern<tile::ScanOp> {
  ScanOpLowering(TesseraTypeConverter &converter, LoweringTarget target)
      : ConvertOpToLLVMPattern(converter), target(target) {}

  LogicalResult
  matchAndRewrite(tile::ScanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto srcType = cast<RankedTensorType>(op.getSrcs()[0].getType());
    for (Value v : llvm::concat<Value>(op.getSrcs(), op.getResults()))
      if (cast<RankedTensorType>(v.getType()).getEncoding() !=
          srcType.getEncoding())
        return op.emitOpError("operands and results must share one layout");
    std::string why;
    FailureOr<ScanPlan> plan = planScan(op, why);
    if (failed(plan))
      return op.emitOpError(why);
    std::optional<int64_t> scratch = getScratchOffset(op);
    if (plan->scratchBytes > 0 && !scratch)
      return op.emitOpError("needs shared memory; run "
                            "tgpu-allocate-shared-memory first");

    SmallVector<Values> srcs;
    for (Value src : adaptor.getSrcs())
      srcs.push_back(unpackElements(rewriter, loc, src));
    ScanEmitter(rewriter, op, *plan, target, *getTypeConverter(),
                scratch.value_or(0))
        .run(srcs);

    SmallVector<Value> results;
    for (auto [result, elements] : llvm::zip_equal(op.getResults(), srcs))
      results.push_back(packElements(
          rewriter, loc, getTypeConverter()->convertType(result.getType()),
          elements));
    rewriter.replaceOp(op, results);
    return success();
  }

  LoweringTarget target;
};

} // namespace

int64_t mlir::tessera::getScanScratchBytes(tile::ScanOp op) {
  std::string why;
  FailureOr<ScanPlan> plan = planScan(op, why);
  return failed(plan) ? 0 : plan->scratchBytes;
}

void mlir::tessera::populateScanOpToLLVMPatterns(
    TesseraTypeConverter &converter, RewritePatternSet &patterns,
    const LoweringTarget &target) {
  patterns.add<ScanOpLowering>(converter, target);
}
