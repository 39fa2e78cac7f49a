//===- LinearLayoutTest.cpp - the F2 algebra on hand-written layouts ------===//
#include "tessera/Dialect/TileGPU/IR/LinearLayout.h"

#include "gtest/gtest.h"

#include <map>

using namespace mlir::tessera::tgpu;
using llvm::SmallVector;

namespace {

using Coords = SmallVector<int32_t>;

/// 4 registers walking columns, 8 lanes walking rows, 2 warps broadcast:
/// out [8, 4].
LinearLayout rowsOverLanes() {
  return LinearLayout({{0, 1}, {0, 2}}, {{1, 0}, {2, 0}, {4, 0}}, {{0, 0}},
                      {8, 4});
}

TEST(LinearLayout, SizesAndBases) {
  LinearLayout ll = rowsOverLanes();
  EXPECT_EQ(ll.getNumRegisters(), 4);
  EXPECT_EQ(ll.getNumLanes(), 8);
  EXPECT_EQ(ll.getNumWarps(), 2);
  EXPECT_EQ(ll.getInDimSizeLog2(InDim::Lane), 3u);
  EXPECT_EQ(ll.getNumOutDims(), 2u);
  EXPECT_EQ(ll.getOutDimSize(0), 8);
  EXPECT_EQ(ll.getOutDimSizeLog2(1), 2u);
  EXPECT_EQ(ll.getTotalOutSize(), 32);
  EXPECT_EQ(ll.getBasis(InDim::Lane, 2), (LinearLayout::Basis{4, 0}));
  EXPECT_EQ(getInDimName(InDim::Warp), "warp");
}

TEST(LinearLayout, ApplyXorsTheBasesOfSetBits) {
  LinearLayout ll = rowsOverLanes();
  EXPECT_EQ(ll.apply(0, 0, 0), (Coords{0, 0}));
  EXPECT_EQ(ll.apply(3, 0, 0), (Coords{0, 3}));
  EXPECT_EQ(ll.apply(2, 5, 1), (Coords{5, 2}));
  // Non-trivial XOR: two bases touching the same coordinate bits.
  LinearLayout swizzled({{1, 1}, {0, 2}}, {}, {}, {2, 4});
  EXPECT_EQ(swizzled.apply(3, 0, 0), (Coords{1, 3}));
  EXPECT_EQ(swizzled.apply(1, 0, 0), (Coords{1, 1}));
}

TEST(LinearLayout, EmptyIdentityZeros) {
  LinearLayout unit = LinearLayout::empty(2);
  EXPECT_EQ(unit.getNumRegisters(), 1);
  EXPECT_EQ(unit.getOutDimSizes(), (llvm::ArrayRef<int32_t>{1, 1}));
  LinearLayout id = LinearLayout::identity1D(2, InDim::Lane, 1, 8);
  EXPECT_EQ(id.getNumLanes(), 8);
  for (int32_t l = 0; l < 8; ++l)
    EXPECT_EQ(id.apply(0, l, 0), (Coords{0, l}));
  LinearLayout zeros = LinearLayout::zeros1D(2, InDim::Warp, 4);
  EXPECT_EQ(zeros.getNumWarps(), 4);
  EXPECT_EQ(zeros.apply(0, 0, 3), (Coords{0, 0}));
  EXPECT_EQ(zeros.getFreeVariableMask(InDim::Warp), 0b11u);
}

TEST(LinearLayout, ProductStacksOuterAboveInner) {
  // 2 registers along dim 1, then 4 lanes along dim 1, then 2 lanes along 0.
  LinearLayout ll = LinearLayout::identity1D(2, InDim::Register, 1, 2) *
                    LinearLayout::identity1D(2, InDim::Lane, 1, 4) *
                    LinearLayout::identity1D(2, InDim::Lane, 0, 2);
  EXPECT_EQ(ll, LinearLayout({{0, 1}}, {{0, 2}, {0, 4}, {1, 0}}, {}, {2, 8}));
  EXPECT_EQ(LinearLayout::empty(2) * ll, ll);
  EXPECT_EQ(ll * LinearLayout::empty(2), ll);
}

TEST(LinearLayout, EqualityAndPrinting) {
  EXPECT_EQ(rowsOverLanes(), rowsOverLanes());
  EXPECT_NE(rowsOverLanes(), rowsOverLanes().removeZeroBases(InDim::Warp));
  EXPECT_EQ(rowsOverLanes().toString(),
            "register: [[0,1],[0,2]] lane: [[1,0],[2,0],[4,0]] warp: [[0,0]] "
            "out: [8,4]");
  std::string text;
  llvm::raw_string_ostream os(text);
  os << LinearLayout::empty(1);
  EXPECT_EQ(text, "register: [] lane: [] warp: [] out: [1]");
}

TEST(LinearLayout, FreeVariablesAreZeroAndDependentBases) {
  LinearLayout ll = rowsOverLanes();
  EXPECT_EQ(ll.getFreeVariableMask(InDim::Register), 0u);
  EXPECT_EQ(ll.getFreeVariableMask(InDim::Lane), 0u);
  EXPECT_EQ(ll.getFreeVariableMask(InDim::Warp), 1u);
  // Lane bit 1 repeats what register bit 0 reaches: the lane is the free one
  // (registers come first), although its basis is not zero.
  LinearLayout dup({{0, 1}}, {{1, 0}, {0, 1}}, {{1, 1}}, {2, 2});
  EXPECT_EQ(dup.getFreeVariableMask(InDim::Register), 0u);
  EXPECT_EQ(dup.getFreeVariableMask(InDim::Lane), 0b10u);
  EXPECT_EQ(dup.getFreeVariableMask(InDim::Warp), 1u);
}

TEST(LinearLayout, EachElementHasExactlyOneOwner) {
  LinearLayout dup({{0, 1}, {0, 0}}, {{1, 0}, {0, 1}, {2, 0}}, {{3, 1}},
                   {4, 2});
  uint32_t freeReg = dup.getFreeVariableMask(InDim::Register);
  uint32_t freeLane = dup.getFreeVariableMask(InDim::Lane);
  uint32_t freeWarp = dup.getFreeVariableMask(InDim::Warp);
  std::map<Coords, int> owners;
  for (int32_t r = 0; r < dup.getNumRegisters(); ++r)
    for (int32_t l = 0; l < dup.getNumLanes(); ++l)
      for (int32_t w = 0; w < dup.getNumWarps(); ++w)
        if (!(r & freeReg) && !(l & freeLane) && !(w & freeWarp))
          ++owners[dup.apply(r, l, w)];
  EXPECT_EQ(owners.size(), 8u);
  for (const auto &[coords, count] : owners)
    EXPECT_EQ(count, 1);
}

TEST(LinearLayout, Surjectivity) {
  EXPECT_TRUE(rowsOverLanes().isSurjective());
  LinearLayout half({{0, 1}}, {}, {}, {2, 2});
  EXPECT_FALSE(half.isSurjective());
  EXPECT_TRUE(LinearLayout::empty(3).isSurjective());
}

TEST(LinearLayout, RemoveOutDimKeepsZeroBases) {
  LinearLayout ll = rowsOverLanes().removeOutDim(0);
  EXPECT_EQ(ll, LinearLayout({{1}, {2}}, {{0}, {0}, {0}}, {{0}}, {4}));
  EXPECT_EQ(ll.getFreeVariableMask(InDim::Lane), 0b111u);
  EXPECT_EQ(rowsOverLanes().removeOutDim(1).removeZeroBases(InDim::Register),
            LinearLayout({}, {{1}, {2}, {4}}, {{0}}, {8}));
}

TEST(LinearLayout, RemoveZeroBasesRenumbersRegisters) {
  LinearLayout ll({{0}, {1}, {0}, {2}}, {}, {}, {4});
  LinearLayout dense = ll.removeZeroBases(InDim::Register);
  EXPECT_EQ(dense.getNumRegisters(), 4);
  for (int32_t r = 0; r < 4; ++r)
    EXPECT_EQ(dense.apply(r, 0, 0), (Coords{r}));
}

TEST(LinearLayout, ReshapeIsRowMajor) {
  LinearLayout ll = rowsOverLanes();
  LinearLayout flat = ll.reshapeOuts({32});
  LinearLayout wide = ll.reshapeOuts({2, 16});
  for (int32_t r = 0; r < 4; ++r)
    for (int32_t l = 0; l < 8; ++l) {
      Coords c = ll.apply(r, l, 0);
      int32_t index = c[0] * 4 + c[1];
      EXPECT_EQ(flat.apply(r, l, 0), (Coords{index}));
      EXPECT_EQ(wide.apply(r, l, 0), (Coords{index / 16, index % 16}));
    }
  EXPECT_EQ(flat.reshapeOuts({8, 4}), ll);
  EXPECT_EQ(ll.reshapeOuts({2, 2, 2, 4}).reshapeOuts({8, 4}), ll);
}

TEST(LinearLayout, PermuteOuts) {
  LinearLayout t = rowsOverLanes().permuteOuts({1, 0});
  EXPECT_EQ(t.getOutDimSizes(), (llvm::ArrayRef<int32_t>{4, 8}));
  EXPECT_EQ(t.apply(2, 5, 0), (Coords{2, 5}));
  EXPECT_EQ(t.permuteOuts({1, 0}), rowsOverLanes());
}

TEST(LinearLayout, FitToShapeWrapsAndRepeats) {
  // A [2, 8] tile: lanes along dim 1, then dim 0.
  LinearLayout tile = LinearLayout::identity1D(2, InDim::Lane, 1, 8) *
                      LinearLayout::identity1D(2, InDim::Lane, 0, 2);
  // Smaller: dim 1 of 4 wraps (lane bit 2 becomes a zero basis).
  LinearLayout small = tile.fitToShape({2, 4}, {1, 0});
  EXPECT_EQ(small, LinearLayout({}, {{0, 1}, {0, 2}, {0, 0}, {1, 0}}, {},
                                {2, 4}));
  // Larger: registers repeat the tile, dim 1 first.
  LinearLayout large = tile.fitToShape({4, 16}, {1, 0});
  EXPECT_EQ(large.getNumRegisters(), 4);
  EXPECT_EQ(large.getBasis(InDim::Register, 0), (LinearLayout::Basis{0, 8}));
  EXPECT_EQ(large.getBasis(InDim::Register, 1), (LinearLayout::Basis{2, 0}));
  EXPECT_TRUE(large.isSurjective());
}

TEST(LinearLayout, ConsecutiveElementsInConsecutiveRegisters) {
  // Registers 0..3 along dim 1 then one along dim 0: vectors of 4.
  LinearLayout v4({{0, 1}, {0, 2}, {1, 0}}, {{0, 4}}, {}, {2, 8});
  EXPECT_EQ(v4.getNumConsecutiveInOut(), 4);
  EXPECT_EQ(v4.getNumConsecutiveInOut(0), 1);
  // Along dim 0 only the first register steps: 1 along dim 1.
  LinearLayout rows({{1, 0}, {2, 0}}, {{0, 1}}, {}, {4, 2});
  EXPECT_EQ(rows.getNumConsecutiveInOut(), 1);
  EXPECT_EQ(rows.getNumConsecutiveInOut(0), 4);
  // Registers out of order: nothing vectorises beyond 1.
  LinearLayout swapped({{0, 2}, {0, 1}}, {}, {}, {1, 4});
  EXPECT_EQ(swapped.getNumConsecutiveInOut(), 1);
  // A lane that XORs inside a group of 4 (lane 1 holds 2,3,0,1): pairs only.
  LinearLayout scrambled({{0, 1}, {0, 2}}, {{0, 2}}, {}, {1, 4});
  EXPECT_EQ(scrambled.getNumConsecutiveInOut(), 2);
  // A duplicate register (zero basis) ends the run.
  LinearLayout dup({{0, 1}, {0, 0}, {0, 2}}, {}, {}, {1, 4});
  EXPECT_EQ(dup.getNumConsecutiveInOut(), 2);
}

TEST(LinearLayout, InvertAndComposeWithItselfIsTheIdentity) {
  for (const LinearLayout &ll :
       {rowsOverLanes(),
        LinearLayout({{0, 1}, {0, 0}}, {{1, 0}, {0, 1}, {2, 0}}, {{3, 1}},
                     {4, 2})}) {
    std::optional<LinearLayout> c = ll.invertAndCompose(ll);
    ASSERT_TRUE(c);
    for (int32_t r = 0; r < ll.getNumRegisters(); ++r)
      for (int32_t l = 0; l < ll.getNumLanes(); ++l)
        for (int32_t w = 0; w < ll.getNumWarps(); ++w)
          EXPECT_EQ(c->apply(r, l, w), (Coords{r, l, w}));
  }
}

TEST(LinearLayout, InvertAndComposeFindsTheSourceHolder) {
  // Source: 4 registers along dim 0, lanes along dim 1. Destination: the
  // transpose of the distribution.
  LinearLayout src({{1, 0}, {2, 0}}, {{0, 1}, {0, 2}}, {}, {4, 4});
  LinearLayout dst({{0, 1}, {0, 2}}, {{1, 0}, {2, 0}}, {}, {4, 4});
  std::optional<LinearLayout> c = dst.invertAndCompose(src);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->getOutDimSizes(), (llvm::ArrayRef<int32_t>{4, 4, 1}));
  for (int32_t r = 0; r < 4; ++r)
    for (int32_t l = 0; l < 4; ++l) {
      Coords hw = c->apply(r, l, 0);
      EXPECT_EQ(src.apply(hw[0], hw[1], hw[2]), dst.apply(r, l, 0));
    }
}

TEST(LinearLayout, InvertAndComposeFailsWhenTheSourceMissesElements) {
  LinearLayout half({{0, 1}}, {}, {}, {2, 2});
  LinearLayout full({{0, 1}, {1, 0}}, {}, {}, {2, 2});
  EXPECT_FALSE(full.invertAndCompose(half));
  EXPECT_TRUE(half.invertAndCompose(full));
  EXPECT_FALSE(full.invertAndCompose(full.reshapeOuts({4})));
}

} // namespace
