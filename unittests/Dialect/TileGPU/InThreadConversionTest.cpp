//===- InThreadConversionTest.cpp - register selects without shared memory ===//
//
// A conversion in which every thread already holds what it needs lowers to
// selects among the thread's own registers (tgpu::RegisterSelect). Over the
// same families of layout pairs the shuffle tests use, plus broadcast-heavy
// small shapes:
//   - planConversion says RegisterPermutation exactly when a brute-force
//     search finds every destination element in the same thread;
//   - the select plan, run thread by thread, gives every destination register
//     its element from the lowest source register holding it, and is a plain
//     renaming (one candidate) when lanes and warps agree;
//   - the allocator (getScratchBytes, on a real tgpu.convert_layout) reserves
//     shared memory exactly for the pairs planConversion sends there, so no
//     register permutation pays for it.
//
//===----------------------------------------------------------------------===//
#include "LayoutTestUtils.h"

#include "tessera/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace tessera_test;
using namespace mlir::tessera::tgpu;

namespace {

/// A layout with the attribute it comes from (the allocator reads types).
struct Layout {
  DistributedLayoutAttr attr;
  SmallVector<int64_t> shape;
  LinearLayout ll;
};

class InThreadConversion : public LayoutTest {
protected:
  Layout make(DistributedLayoutAttr attr, ArrayRef<int64_t> shape) {
    return {attr, SmallVector<int64_t>(shape), attr.toLinearLayout(shape)};
  }

  /// Bytes the allocator reserves for `src -> dst` (f32 elements).
  int64_t scratchBytes(const Layout &src, const Layout &dst) {
    mlir::OpBuilder b(&ctx);
    auto f32 = b.getF32Type();
    auto srcType = mlir::RankedTensorType::get(src.shape, f32, src.attr);
    auto dstType = mlir::RankedTensorType::get(dst.shape, f32, dst.attr);
    mlir::Block block;
    mlir::Value arg = block.addArgument(srcType, b.getUnknownLoc());
    b.setInsertionPointToStart(&block);
    auto op = ConvertLayoutOp::create(b, b.getUnknownLoc(), dstType, arg);
    int64_t bytes = mlir::tessera::getScratchBytes(op);
    op->erase();
    return bytes;
  }

  struct Counts {
    int pairs = 0, inThread = 0, selecting = 0, shared = 0;
    size_t widest = 0;

    void print() const {
      std::cout << pairs << " pairs: " << inThread << " in-thread ("
                << selecting << " selecting, up to " << widest
                << " candidates), " << shared << " through shared memory\n";
    }
  };

  /// checkPair on every ordered pair of `layouts`, up to the first failure.
  void checkAllPairs(const std::vector<Layout> &layouts, Counts &counts) {
    for (const Layout &src : layouts)
      for (const Layout &dst : layouts) {
        checkPair(src, dst, counts);
        if (HasFailure())
          return;
      }
  }

  /// Every check of this file on one pair.
  void checkPair(const Layout &src, const Layout &dst, Counts &counts) {
    std::string what = src.ll.toString() + " -> " + dst.ll.toString();
    ConversionPlan plan = planConversion(src.ll, dst.ll);
    EXPECT_EQ(plan.kind, getConversionKind(src.ll, dst.ll)) << what;
    bool sameThread = allInThread(src.ll, dst.ll);
    EXPECT_EQ(plan.kind == ConversionKind::RegisterPermutation, sameThread)
        << what;
    // The allocator reads the same answer: scratch exactly for shared memory.
    EXPECT_EQ(scratchBytes(src, dst) > 0,
              plan.kind == ConversionKind::SharedMemory)
        << what;
    ++counts.pairs;
    if (plan.kind == ConversionKind::SharedMemory)
      ++counts.shared;
    if (plan.kind != ConversionKind::RegisterPermutation)
      return;
    ++counts.inThread;
    if (plan.inThread.offsets.size() > 1)
      ++counts.selecting;
    counts.widest = std::max(counts.widest, plan.inThread.offsets.size());
    expectSelectDelivers(src.ll, dst.ll, plan.inThread, what);
    bool sameThreadBases =
        src.ll.getBases(InDim::Lane) == dst.ll.getBases(InDim::Lane) &&
        src.ll.getBases(InDim::Warp) == dst.ll.getBases(InDim::Warp);
    // Lanes and warps that agree leave nothing to choose: a renaming.
    if (sameThreadBases)
      EXPECT_EQ(plan.inThread.offsets.size(), 1u) << what;
  }

  /// Brute force: every destination slot's element is among the elements
  /// its own thread holds in the source.
  static bool allInThread(const LinearLayout &src, const LinearLayout &dst) {
    if (src.getNumLanes() != dst.getNumLanes() ||
        src.getNumWarps() != dst.getNumWarps())
      return false;
    for (int32_t w = 0; w < dst.getNumWarps(); ++w)
      for (int32_t l = 0; l < dst.getNumLanes(); ++l) {
        std::set<SmallVector<int32_t>> held = elementsOfThread(src, l, w);
        for (int32_t r = 0; r < dst.getNumRegisters(); ++r)
          if (!held.count(dst.apply(r, l, w)))
            return false;
      }
    return true;
  }

  static int32_t xorOfBits(ArrayRef<int32_t> images, int32_t value) {
    int32_t result = 0;
    for (auto [bit, image] : llvm::enumerate(images))
      if (value >> bit & 1)
        result ^= image;
    return result;
  }

  /// Runs the select for every thread as the lowering emits it: offset t
  /// from the lane and warp bits, then for destination register k the
  /// candidate registers[k] ^ offset whose offset equals t (offsets[0] when
  /// none matches, the chain's default).
  static void expectSelectDelivers(const LinearLayout &src,
                                   const LinearLayout &dst,
                                   const RegisterSelect &select,
                                   const std::string &what) {
    ASSERT_EQ(select.registers.size(), size_t(dst.getNumRegisters())) << what;
    ASSERT_EQ(select.laneBases.size(), size_t(dst.getInDimSizeLog2(InDim::Lane)))
        << what;
    ASSERT_EQ(select.warpBases.size(), size_t(dst.getInDimSizeLog2(InDim::Warp)))
        << what;
    ASSERT_FALSE(select.offsets.empty()) << what;
    ASSERT_EQ(select.offsets.front(), 0) << what;
    for (int32_t w = 0; w < dst.getNumWarps(); ++w)
      for (int32_t l = 0; l < dst.getNumLanes(); ++l) {
        int32_t t = xorOfBits(select.laneBases, l) ^
                    xorOfBits(select.warpBases, w);
        ASSERT_TRUE(llvm::is_contained(select.offsets, t)) << what;
        for (int32_t k = 0; k < dst.getNumRegisters(); ++k) {
          int32_t chosen = select.registers[k] ^ select.offsets.front();
          for (int32_t candidate : ArrayRef<int32_t>(select.offsets).drop_front())
            if (candidate == t)
              chosen = select.registers[k] ^ candidate;
          ASSERT_GE(chosen, 0) << what;
          ASSERT_LT(chosen, src.getNumRegisters()) << what;
          SmallVector<int32_t> want = dst.apply(k, l, w);
          ASSERT_EQ(src.apply(chosen, l, w), want)
              << what << " register " << k << " lane " << l << " warp " << w;
          // The lowest register holding it (what a renaming always used).
          for (int32_t lower = 0; lower < chosen; ++lower)
            ASSERT_NE(src.apply(lower, l, w), want)
                << what << " register " << k << " lane " << l << " warp " << w;
        }
      }
  }
};

TEST_F(InThreadConversion, PairsOfBlockedLayouts) {
  // The shuffle tests' family, and the broadcast-heavy small shapes where
  // lanes and warps wrap around.
  std::vector<BlockedParams> family = blockedFamily(2, 5, 2, /*stride=*/23);
  Counts counts;
  for (const auto &shape : shapesOf(2, {2, 4, 8, 32})) {
    std::vector<Layout> layouts;
    for (const BlockedParams &p : family)
      layouts.push_back(make(blocked(p), shape));
    checkAllPairs(layouts, counts);
    if (HasFailure())
      return;
  }
  // Selects keyed on lanes or warps are exercised, not only renamings, and
  // shared memory still occurs (the family is not trivially in-thread).
  EXPECT_GT(counts.selecting, 0);
  EXPECT_GT(counts.inThread, counts.selecting);
  EXPECT_GT(counts.shared, 0);
  counts.print();
}

TEST_F(InThreadConversion, SlicesAndBlocked) {
  // Reduction results (slices of 2-D blocked layouts) to and from 1-D
  // blocked layouts: a slice's copies sit on the lanes and warps that walked
  // the reduced dimension.
  Counts counts;
  for (int64_t size : {8, 64}) {
    std::vector<Layout> layouts;
    for (const BlockedParams &p : blockedFamily(2, 5, 2, /*stride=*/17))
      for (unsigned dim = 0; dim < 2; ++dim)
        layouts.push_back(
            make(SliceEncodingAttr::get(&ctx, dim, blocked(p)), {size}));
    for (const BlockedParams &p : blockedFamily(1, 5, 2))
      layouts.push_back(make(blocked(p), {size}));
    checkAllPairs(layouts, counts);
    if (HasFailure())
      return;
  }
  EXPECT_GT(counts.selecting, 0);
  counts.print();
}

TEST_F(InThreadConversion, BroadcastLanesDifferSelectsByLane) {
  // convert-layout.mlir's @bcast_lanes: a row per thread (lanes 0-7 hold row
  // 0) to one element per thread (lanes l and l ^ 4 share it): lane l takes
  // its register l & 3.
  Layout a = make(blocked({{1, 4}, {4, 8}, {1, 1}, {1, 0}}), {4, 4});
  Layout b = make(blocked({{1, 1}, {4, 8}, {1, 1}, {1, 0}}), {4, 4});
  EXPECT_NE(a.ll.getFreeVariableMask(InDim::Lane),
            b.ll.getFreeVariableMask(InDim::Lane));
  ConversionPlan plan = planConversion(a.ll, b.ll);
  ASSERT_EQ(plan.kind, ConversionKind::RegisterPermutation);
  EXPECT_EQ(plan.inThread.registers, (SmallVector<int32_t>{0}));
  EXPECT_EQ(plan.inThread.laneBases, (SmallVector<int32_t>{1, 2, 0, 0, 0}));
  EXPECT_EQ(plan.inThread.offsets, (SmallVector<int32_t>{0, 1, 2, 3}));
  EXPECT_EQ(scratchBytes(a, b), 0);
  expectSelectDelivers(a.ll, b.ll, plan.inThread, "bcast lanes");
  // Back: lane l holds one element and needs the whole row.
  EXPECT_NE(getConversionKind(b.ll, a.ll), ConversionKind::RegisterPermutation);
}

TEST_F(InThreadConversion, WarpKeyedRegister) {
  // Every warp holds all four rows, row r in register r, vs warp w holding
  // row w: warp w takes register w.
  Layout every = make(blocked({{1, 1}, {1, 32}, {1, 4}, {1, 0}}), {4, 32});
  Layout byWarp = make(blocked({{1, 1}, {1, 32}, {4, 1}, {1, 0}}), {4, 32});
  ConversionPlan plan = planConversion(every.ll, byWarp.ll);
  ASSERT_EQ(plan.kind, ConversionKind::RegisterPermutation);
  EXPECT_EQ(plan.inThread.warpBases, (SmallVector<int32_t>{1, 2}));
  EXPECT_EQ(plan.inThread.offsets.size(), 4u);
  EXPECT_EQ(scratchBytes(every, byWarp), 0);
  expectSelectDelivers(every.ll, byWarp.ll, plan.inThread, "by warp");
}

TEST_F(InThreadConversion, SameLanesAndWarpsIsARenaming) {
  // Registers in another order only: no offsets, so no instruction.
  Layout a = make(blocked({{2, 2}, {1, 32}, {1, 4}, {1, 0}}), {4, 256});
  Layout b = make(blocked({{2, 2}, {1, 32}, {1, 4}, {0, 1}}), {4, 256});
  ConversionPlan plan = planConversion(a.ll, b.ll);
  ASSERT_EQ(plan.kind, ConversionKind::RegisterPermutation);
  EXPECT_EQ(plan.inThread.offsets, (SmallVector<int32_t>{0}));
  expectSelectDelivers(a.ll, b.ll, plan.inThread, "renaming");
}

TEST_F(InThreadConversion, DuplicatedSourceRegistersPickTheLowest) {
  // sizePerThread 16 over 8 elements wraps around: every thread holds the
  // whole tile in registers 0-7, and registers 8-15 again. Each lane takes
  // its element from registers 0-7, as a renaming would.
  Layout dup = make(blocked({{16}, {32}, {1}, {0}}), {8});
  Layout one = make(blocked({{1}, {32}, {1}, {0}}), {8});
  ASSERT_EQ(dup.ll.getNumRegisters(), 16);
  ConversionPlan plan = planConversion(dup.ll, one.ll);
  ASSERT_EQ(plan.kind, ConversionKind::RegisterPermutation);
  for (int32_t offset : plan.inThread.offsets)
    EXPECT_LT(plan.inThread.registers[0] ^ offset, 8);
  expectSelectDelivers(dup.ll, one.ll, plan.inThread, "duplicated registers");
}

} // namespace
