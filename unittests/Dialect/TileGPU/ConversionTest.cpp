//===- ConversionTest.cpp - invertAndCompose and conversion kinds ---------===//
//
// For pairs of layouts of one tensor: the composed map really finds each
// destination element in the source, and the conversion kind agrees with a
// brute-force search over all holders (is some holder in the same thread?
// in the same warp?). Within-warp conversions with a shuffle plan are
// simulated thread by thread: every destination slot receives its element.
//
//===----------------------------------------------------------------------===//
#include "LayoutTestUtils.h"

using namespace tessera_test;
using namespace mlir::tessera::tgpu;

namespace {

using Conversion = LayoutTest;

/// The kind a conversion needs, found by listing every holder of every
/// element: the cheapest movement that serves every destination slot.
ConversionKind bruteForceKind(const LinearLayout &src,
                              const LinearLayout &dst) {
  std::map<SmallVector<int32_t>, std::vector<std::pair<int32_t, int32_t>>>
      holders;
  for (int32_t r = 0; r < src.getNumRegisters(); ++r)
    for (int32_t l = 0; l < src.getNumLanes(); ++l)
      for (int32_t w = 0; w < src.getNumWarps(); ++w)
        holders[src.apply(r, l, w)].push_back({l, w});
  bool sameThread = true, sameWarp = true;
  for (int32_t r = 0; r < dst.getNumRegisters(); ++r)
    for (int32_t l = 0; l < dst.getNumLanes(); ++l)
      for (int32_t w = 0; w < dst.getNumWarps(); ++w) {
        const auto &from = holders[dst.apply(r, l, w)];
        sameThread &= llvm::any_of(
            from, [&](auto h) { return h.first == l && h.second == w; });
        sameWarp &= llvm::any_of(from, [&](auto h) { return h.second == w; });
      }
  if (sameThread)
    return ConversionKind::RegisterPermutation;
  return sameWarp ? ConversionKind::WarpShuffle : ConversionKind::SharedMemory;
}

/// dst.invertAndCompose(src) maps every destination slot to a source slot
/// holding the same element.
void expectRoundTrip(const LinearLayout &src, const LinearLayout &dst,
                     const std::string &what) {
  std::optional<LinearLayout> c = dst.invertAndCompose(src);
  ASSERT_TRUE(c) << what;
  ASSERT_EQ(c->getOutDimSizes(),
            (llvm::ArrayRef<int32_t>{src.getNumRegisters(), src.getNumLanes(),
                                     src.getNumWarps()}));
  for (int32_t r = 0; r < dst.getNumRegisters(); ++r)
    for (int32_t l = 0; l < dst.getNumLanes(); ++l)
      for (int32_t w = 0; w < dst.getNumWarps(); ++w) {
        SmallVector<int32_t> hw = c->apply(r, l, w);
        ASSERT_EQ(src.apply(hw[0], hw[1], hw[2]), dst.apply(r, l, w)) << what;
      }
}

int32_t xorOfBits(ArrayRef<int32_t> images, int32_t value) {
  int32_t result = 0;
  for (auto [bit, image] : llvm::enumerate(images))
    if (value >> bit & 1)
      result ^= image;
  return result;
}

/// Runs the shuffle rounds of `plan` for every thread: receiver (l, w) reads
/// lane s, whose thread sends the register its own offset selects.
void expectPlanDelivers(const LinearLayout &src, const LinearLayout &dst,
                        const WarpShufflePlan &plan, const std::string &what) {
  ASSERT_EQ(plan.roundLane.size(), size_t(dst.getNumRegisters())) << what;
  ASSERT_LE(plan.send.offsets.size(), 8u) << what;
  ASSERT_LE(plan.receiverOffsets.size(), 8u) << what;
  for (int32_t w = 0; w < dst.getNumWarps(); ++w)
    for (int32_t l = 0; l < dst.getNumLanes(); ++l) {
      int32_t u = xorOfBits(plan.receiverLaneBases, l) ^
                  xorOfBits(plan.receiverWarpBases, w);
      int32_t v = xorOfBits(plan.receiverRegisterBases, l);
      ASSERT_TRUE(llvm::is_contained(plan.receiverOffsets, v)) << what;
      for (int32_t k = 0; k < dst.getNumRegisters(); ++k) {
        int32_t r = k ^ v;
        int32_t s = plan.roundLane[k] ^ u;
        ASSERT_LT(s, src.getNumLanes()) << what;
        int32_t t = xorOfBits(plan.send.laneBases, s) ^
                    xorOfBits(plan.send.warpBases, w);
        ASSERT_TRUE(llvm::is_contained(plan.send.offsets, t)) << what;
        int32_t reg = plan.send.registers[k] ^ t;
        ASSERT_LT(reg, src.getNumRegisters()) << what;
        ASSERT_EQ(src.apply(reg, s, w), dst.apply(r, l, w))
            << what << " register " << r << " lane " << l << " warp " << w;
      }
    }
}

/// getConversionKind against the brute force: the same, except that a
/// within-warp conversion may need shared memory when no shuffle plan
/// exists. A plan, when there is one, must deliver.
ConversionKind checkKind(const LinearLayout &src, const LinearLayout &dst,
                         const std::string &what) {
  ConversionKind kind = getConversionKind(src, dst);
  ConversionKind expected = bruteForceKind(src, dst);
  std::optional<WarpShufflePlan> plan = planWarpShuffle(src, dst);
  EXPECT_EQ(plan.has_value(), kind == ConversionKind::WarpShuffle) << what;
  if (expected == ConversionKind::WarpShuffle && !plan)
    expected = ConversionKind::SharedMemory;
  EXPECT_EQ(kind, expected) << what;
  if (plan)
    expectPlanDelivers(src, dst, *plan, what);
  return kind;
}

TEST_F(Conversion, PairsOfBlockedLayoutsRoundTripAndClassify) {
  std::vector<BlockedParams> family = blockedFamily(2, 5, 2, /*stride=*/23);
  int kinds[3] = {0, 0, 0};
  for (const auto &shape : shapesOf(2, {4, 32})) {
    std::vector<LinearLayout> layouts;
    for (const BlockedParams &p : family)
      layouts.push_back(blocked(p).toLinearLayout(shape));
    for (unsigned i = 0; i < layouts.size(); ++i)
      for (unsigned j = 0; j < layouts.size(); ++j) {
        std::string what = describe(family[i], shape) + " -> " +
                           describe(family[j], shape);
        expectRoundTrip(layouts[i], layouts[j], what);
        ConversionKind kind = checkKind(layouts[i], layouts[j], what);
        if (HasFailure())
          return;
        ++kinds[static_cast<int>(kind)];
      }
  }
  // The family exercises all three kinds.
  EXPECT_GT(kinds[0], 0);
  EXPECT_GT(kinds[1], 0);
  EXPECT_GT(kinds[2], 0);
}

TEST_F(Conversion, SlicesAndBlockedRoundTripAndClassify) {
  // A reduction result (slice) converted to and from 1-D blocked layouts.
  std::vector<LinearLayout> layouts;
  for (const BlockedParams &p : blockedFamily(2, 5, 2, /*stride=*/17))
    for (unsigned dim = 0; dim < 2; ++dim)
      layouts.push_back(
          SliceEncodingAttr::get(&ctx, dim, blocked(p)).toLinearLayout({64}));
  for (const BlockedParams &p : blockedFamily(1, 5, 2))
    layouts.push_back(blocked(p).toLinearLayout({64}));
  for (const LinearLayout &src : layouts)
    for (const LinearLayout &dst : layouts) {
      std::string what = src.toString() + " -> " + dst.toString();
      expectRoundTrip(src, dst, what);
      checkKind(src, dst, what);
      if (HasFailure())
        return;
    }
}

TEST_F(Conversion, IdenticalLayoutsAreRegisterPermutations) {
  BlockedParams p{{1}, {32}, {4}, {0}};
  // Broadcast (16 elements over 128 threads) included.
  for (int64_t size : {16, 128, 1024}) {
    LinearLayout ll = blocked(p).toLinearLayout({size});
    EXPECT_TRUE(isRegisterPermutation(ll, ll));
    EXPECT_TRUE(isWithinWarp(ll, ll));
  }
}

TEST_F(Conversion, ReorderedRegistersArePermutations) {
  // Same threads, same elements; only the order of a thread's registers
  // differs.
  BlockedParams rowMajor{{2, 2}, {1, 32}, {1, 4}, {1, 0}};
  BlockedParams colMajor{{2, 2}, {1, 32}, {1, 4}, {0, 1}};
  LinearLayout a = blocked(rowMajor).toLinearLayout({4, 256});
  LinearLayout b = blocked(colMajor).toLinearLayout({4, 256});
  EXPECT_NE(a, b);
  EXPECT_TRUE(isRegisterPermutation(a, b));
  EXPECT_EQ(getConversionKind(a, b), ConversionKind::RegisterPermutation);
}

TEST_F(Conversion, SameRowsPerWarpNeedOnlyShuffles) {
  // Both give warp w rows [8w, 8w + 8) of a 32x16 tensor.
  BlockedParams a{{1, 4}, {8, 4}, {4, 1}, {1, 0}};
  BlockedParams b{{4, 1}, {2, 16}, {4, 1}, {1, 0}};
  LinearLayout la = blocked(a).toLinearLayout({32, 16});
  LinearLayout lb = blocked(b).toLinearLayout({32, 16});
  EXPECT_FALSE(isRegisterPermutation(la, lb));
  EXPECT_TRUE(isWithinWarp(la, lb));
  EXPECT_EQ(getConversionKind(la, lb), ConversionKind::WarpShuffle);
  std::optional<WarpShufflePlan> plan = planWarpShuffle(la, lb);
  ASSERT_TRUE(plan);
  expectPlanDelivers(la, lb, *plan, "rows per warp");
}

TEST_F(Conversion, RegisterLaneTransposeSendsBySelect) {
  // 32x8 per warp: lane l holds row l (8 registers) vs lane l holding
  // column l % 8 of rows 4 * (l / 8) .. + 4: which register a lane sends
  // depends on who receives it, so senders select.
  BlockedParams rowPerLane{{1, 8}, {32, 1}, {1, 1}, {1, 0}};
  BlockedParams mixed{{4, 1}, {4, 8}, {1, 1}, {0, 1}};
  LinearLayout a = blocked(rowPerLane).toLinearLayout({32, 8});
  LinearLayout b = blocked(mixed).toLinearLayout({32, 8});
  std::optional<WarpShufflePlan> plan = planWarpShuffle(a, b);
  ASSERT_TRUE(plan);
  EXPECT_GT(plan->send.offsets.size(), 1u);
  expectPlanDelivers(a, b, *plan, "register/lane transpose");
}

TEST_F(Conversion, BroadcastLayoutsPermuteLanes) {
  // A 4x4 tile on 32 lanes, each element in two lanes, laid out by rows in
  // one and by columns in the other: several receivers read one sender.
  BlockedParams byRows{{1, 1}, {4, 8}, {1, 1}, {1, 0}};
  BlockedParams byCols{{1, 1}, {8, 4}, {1, 1}, {0, 1}};
  LinearLayout a = blocked(byRows).toLinearLayout({4, 4});
  LinearLayout b = blocked(byCols).toLinearLayout({4, 4});
  EXPECT_NE(a.getFreeVariableMask(InDim::Lane), 0u);
  std::optional<WarpShufflePlan> plan = planWarpShuffle(a, b);
  ASSERT_TRUE(plan);
  expectPlanDelivers(a, b, *plan, "broadcast lanes");
}

TEST_F(Conversion, OneSenderServingTwoRegistersFallsBackToSharedMemory) {
  // Lane l holds elements 2l and 2l + 1 (lanes 8..31 copies); converted to
  // one element per lane, lanes 2s and 2s + 1 both read lane s, wanting
  // different registers in the only round: no shuffle plan.
  BlockedParams two{{2}, {32}, {1}, {0}};
  BlockedParams one{{1}, {32}, {1}, {0}};
  LinearLayout a = blocked(two).toLinearLayout({16});
  LinearLayout b = blocked(one).toLinearLayout({16});
  EXPECT_FALSE(planWarpShuffle(a, b));
  EXPECT_EQ(getConversionKind(a, b), ConversionKind::SharedMemory);
}

TEST_F(Conversion, WarpsAlongAnotherDimensionNeedSharedMemory) {
  BlockedParams rows{{1, 4}, {8, 4}, {4, 1}, {1, 0}};
  BlockedParams cols{{1, 1}, {32, 1}, {1, 4}, {0, 1}};
  LinearLayout a = blocked(rows).toLinearLayout({32, 16});
  LinearLayout b = blocked(cols).toLinearLayout({32, 16});
  EXPECT_FALSE(isRegisterPermutation(a, b));
  EXPECT_FALSE(isWithinWarp(a, b));
  EXPECT_EQ(getConversionKind(a, b), ConversionKind::SharedMemory);
}

TEST_F(Conversion, BroadcastSourceServesFromTheSameThread) {
  // Warp w holds row w of a 4x32 tensor, lane l column l ...
  BlockedParams rowPerWarp{{1, 1}, {1, 32}, {4, 1}, {1, 0}};
  // ... while here every warp holds all four rows (warps walk past the 32
  // columns and wrap around: copies), row r in register r.
  BlockedParams everyWarp{{1, 1}, {1, 32}, {1, 4}, {1, 0}};
  LinearLayout a = blocked(rowPerWarp).toLinearLayout({4, 32});
  LinearLayout b = blocked(everyWarp).toLinearLayout({4, 32});
  EXPECT_EQ(b.getFreeVariableMask(InDim::Warp), 0b11u);
  // Every thread of `b` already holds what it needs in `a`'s place.
  EXPECT_TRUE(isRegisterPermutation(b, a));
  // The other way round each warp needs rows only other warps hold.
  EXPECT_FALSE(isWithinWarp(a, b));
  EXPECT_EQ(getConversionKind(a, b), ConversionKind::SharedMemory);
}

TEST_F(Conversion, MismatchedShapesOrThreadCountsNeedSharedMemory) {
  BlockedParams p{{1}, {32}, {4}, {0}};
  BlockedParams eightWarps{{1}, {32}, {8}, {0}};
  LinearLayout a = blocked(p).toLinearLayout({128});
  EXPECT_EQ(getConversionKind(a, blocked(p).toLinearLayout({256})),
            ConversionKind::SharedMemory);
  EXPECT_EQ(getConversionKind(a, blocked(eightWarps).toLinearLayout({128})),
            ConversionKind::SharedMemory);
}

} // namespace
