//===- BlockedLayoutTest.cpp - #tgpu.blocked against its definition -------===//
//
// Every blocked layout of a family (all splits of lanes and warps over the
// dimensions, sizePerThread up to 4, every order) over shapes smaller and
// larger than its CTA tile, checked point by point against the integer
// reference in LayoutTestUtils.h.
//
//===----------------------------------------------------------------------===//
#include "LayoutTestUtils.h"

using namespace tessera_test;
using namespace mlir::tessera::tgpu;

namespace {

using BlockedLayout = LayoutTest;

/// Checks `toLinearLayout` of `p` over `shape` against the reference at
/// every (register, lane, warp). Returns false at the first mismatch.
bool matchesReference(BlockedEncodingAttr attr, const BlockedParams &p,
                      llvm::ArrayRef<int64_t> shape) {
  LinearLayout ll = attr.toLinearLayout(shape);
  EXPECT_EQ(ll.getNumRegisters(), referenceElemsPerThread(p, shape))
      << describe(p, shape);
  EXPECT_EQ(ll.getNumLanes(), product(p.threadsPerWarp));
  EXPECT_EQ(ll.getNumWarps(), product(p.warpsPerCTA));
  EXPECT_EQ(attr.getElemsPerThread(shape), uint64_t(ll.getNumRegisters()));
  for (unsigned d = 0; d < shape.size(); ++d)
    EXPECT_EQ(ll.getOutDimSize(d), shape[d]);
  for (int32_t r = 0; r < ll.getNumRegisters(); ++r)
    for (int32_t l = 0; l < ll.getNumLanes(); ++l)
      for (int32_t w = 0; w < ll.getNumWarps(); ++w)
        if (ll.apply(r, l, w) != referenceBlocked(p, shape, r, l, w)) {
          ADD_FAILURE() << describe(p, shape) << " at register " << r
                        << " lane " << l << " warp " << w << ": "
                        << ll.toString();
          return false;
        }
  // A distributed layout holds every element of the tensor somewhere.
  EXPECT_TRUE(ll.isSurjective()) << describe(p, shape);
  return true;
}

TEST_F(BlockedLayout, Rank1MatchesReference) {
  for (const BlockedParams &p : blockedFamily(1, 5, 2))
    for (const auto &shape : shapesOf(1, {1, 4, 32, 128, 1024}))
      ASSERT_TRUE(matchesReference(blocked(p), p, shape));
}

TEST_F(BlockedLayout, Rank2MatchesReference) {
  for (const BlockedParams &p : blockedFamily(2, 5, 2))
    for (const auto &shape : shapesOf(2, {1, 4, 16, 64}))
      ASSERT_TRUE(matchesReference(blocked(p), p, shape));
}

TEST_F(BlockedLayout, Rank2SmallWarpsMatchesReference) {
  // 8 lanes and 8 warps: lanes are not always the majority.
  for (const BlockedParams &p : blockedFamily(2, 3, 3))
    for (const auto &shape : shapesOf(2, {2, 8, 32}))
      ASSERT_TRUE(matchesReference(blocked(p), p, shape));
}

TEST_F(BlockedLayout, Rank3MatchesReference) {
  // A sample of the ~20k rank-3 layouts (every 101st), to stay quick.
  for (const BlockedParams &p : blockedFamily(3, 5, 2, /*stride=*/101))
    for (const auto &shape : shapesOf(3, {2, 16}))
      ASSERT_TRUE(matchesReference(blocked(p), p, shape));
}

TEST_F(BlockedLayout, KnownLayout) {
  // The layout of the dialect documentation.
  BlockedParams p{{1, 4}, {4, 8}, {4, 1}, {1, 0}};
  LinearLayout ll = blocked(p).toLinearLayout({16, 32});
  EXPECT_EQ(ll, LinearLayout({{0, 1}, {0, 2}},
                             {{0, 4}, {0, 8}, {0, 16}, {1, 0}, {2, 0}},
                             {{4, 0}, {8, 0}}, {16, 32}));
  EXPECT_EQ(ll.getNumConsecutiveInOut(), 4);
  // Twice as many rows: a second register repeats the tile below.
  LinearLayout tall = blocked(p).toLinearLayout({32, 32});
  EXPECT_EQ(tall.getNumRegisters(), 8);
  EXPECT_EQ(tall.getBasis(InDim::Register, 2), (LinearLayout::Basis{16, 0}));
}

TEST_F(BlockedLayout, SmallTensorsBroadcast) {
  // 128 threads, 16 elements: lanes 16..31 and all warps but the first hold
  // copies.
  BlockedParams p{{1}, {32}, {4}, {0}};
  LinearLayout ll = blocked(p).toLinearLayout({16});
  EXPECT_EQ(ll.getNumRegisters(), 1);
  EXPECT_EQ(ll.getFreeVariableMask(InDim::Register), 0u);
  EXPECT_EQ(ll.getFreeVariableMask(InDim::Lane), 0b10000u);
  EXPECT_EQ(ll.getFreeVariableMask(InDim::Warp), 0b11u);
  // sizePerThread 4 over 2 elements: two registers of each thread repeat.
  BlockedParams wide{{4}, {32}, {1}, {0}};
  LinearLayout ll2 = blocked(wide).toLinearLayout({2});
  EXPECT_EQ(ll2.getNumRegisters(), 4);
  EXPECT_EQ(ll2.getFreeVariableMask(InDim::Register), 0b10u);
  EXPECT_EQ(ll2.getNumConsecutiveInOut(), 2);
}

TEST_F(BlockedLayout, FreeVariablesAreTheZeroBasesAndOwnersAreUnique) {
  for (const BlockedParams &p : blockedFamily(2, 5, 2, /*stride=*/5))
    for (const auto &shape : shapesOf(2, {2, 16})) {
      LinearLayout ll = blocked(p).toLinearLayout(shape);
      std::map<SmallVector<int32_t>, int> owners;
      for (InDim in : kAllInDims) {
        uint32_t zeros = 0;
        for (auto [bit, basis] : llvm::enumerate(ll.getBases(in)))
          if (llvm::all_of(basis, [](int32_t c) { return c == 0; }))
            zeros |= 1u << bit;
        EXPECT_EQ(ll.getFreeVariableMask(in), zeros) << describe(p, shape);
      }
      uint32_t freeReg = ll.getFreeVariableMask(InDim::Register);
      uint32_t freeLane = ll.getFreeVariableMask(InDim::Lane);
      uint32_t freeWarp = ll.getFreeVariableMask(InDim::Warp);
      for (int32_t r = 0; r < ll.getNumRegisters(); ++r)
        for (int32_t l = 0; l < ll.getNumLanes(); ++l)
          for (int32_t w = 0; w < ll.getNumWarps(); ++w)
            if (!(r & freeReg) && !(l & freeLane) && !(w & freeWarp))
              ++owners[ll.apply(r, l, w)];
      EXPECT_EQ(int64_t(owners.size()), shape[0] * shape[1]);
      for (const auto &entry : owners)
        EXPECT_EQ(entry.second, 1) << describe(p, shape);
    }
}

TEST_F(BlockedLayout, InterfaceAndTypeHelpers) {
  BlockedParams p{{2}, {32}, {4}, {0}};
  BlockedEncodingAttr attr = blocked(p);
  DistributedLayoutAttr layout = attr;
  EXPECT_EQ(layout.toLinearLayout({512}), attr.toLinearLayout({512}));
  EXPECT_EQ(layout.getElemsPerThread({512}), 4u);
  auto type = mlir::RankedTensorType::get({512}, mlir::Float32Type::get(&ctx),
                                          attr);
  std::optional<LinearLayout> ll = getLinearLayout(type);
  ASSERT_TRUE(ll);
  EXPECT_EQ(*ll, attr.toLinearLayout({512}));
  EXPECT_EQ(getElemsPerThread(type), 4u);
  EXPECT_EQ(getElemsPerThread(mlir::Float32Type::get(&ctx)), 1u);
  EXPECT_FALSE(getLinearLayout(
      mlir::RankedTensorType::get({512}, mlir::Float32Type::get(&ctx))));
}

} // namespace
