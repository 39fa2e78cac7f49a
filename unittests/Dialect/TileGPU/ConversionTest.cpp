//===- ConversionTest.cpp - invertAndCompose and conversion kinds ---------===//
//
// For pairs of layouts of one tensor: the composed map really finds each
// destination element in the source, and the conversion kind agrees with a
// brute-force search over all holders (is some holder in the same thread?
// in the same warp?).
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
        ConversionKind kind = getConversionKind(layouts[i], layouts[j]);
        ASSERT_EQ(kind, bruteForceKind(layouts[i], layouts[j])) << what;
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
      ASSERT_EQ(getConversionKind(src, dst), bruteForceKind(src, dst)) << what;
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
