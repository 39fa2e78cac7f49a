//===- SliceLayoutTest.cpp - #tgpu.slice against its definition -----------===//
//
// A slice layout gives each thread the elements of the parent it held, with
// the sliced dimension dropped: the reference is the set of elements each
// thread holds, computed from the blocked reference.
//
//===----------------------------------------------------------------------===//
#include "LayoutTestUtils.h"

using namespace tessera_test;
using namespace mlir::tessera::tgpu;

namespace {

using SliceLayout = LayoutTest;

/// What thread (lane, warp) holds under slice(dim, blocked p) over `shape`:
/// its elements of the parent over `shape` with a size-1 `dim` inserted,
/// that coordinate dropped.
std::set<SmallVector<int32_t>>
referenceSliceThread(const BlockedParams &p, unsigned dim,
                     llvm::ArrayRef<int64_t> shape, int64_t lane,
                     int64_t warp) {
  SmallVector<int64_t> parentShape(shape);
  parentShape.insert(parentShape.begin() + dim, 1);
  std::set<SmallVector<int32_t>> result;
  for (int64_t r = 0; r < referenceElemsPerThread(p, parentShape); ++r) {
    SmallVector<int32_t> coords =
        referenceBlocked(p, parentShape, r, lane, warp);
    coords.erase(coords.begin() + dim);
    result.insert(coords);
  }
  return result;
}

TEST_F(SliceLayout, MatchesReferencePerThread) {
  for (const BlockedParams &p : blockedFamily(2, 5, 2, /*stride=*/3))
    for (unsigned dim = 0; dim < 2; ++dim)
      for (int64_t size : {1, 4, 16, 128}) {
        auto slice = SliceEncodingAttr::get(&ctx, dim, blocked(p));
        LinearLayout ll = slice.toLinearLayout({size});
        ASSERT_EQ(ll.getNumOutDims(), 1u);
        for (int32_t l = 0; l < ll.getNumLanes(); ++l)
          for (int32_t w = 0; w < ll.getNumWarps(); ++w) {
            auto held = elementsOfThread(ll, l, w);
            ASSERT_EQ(held, referenceSliceThread(p, dim, {size}, l, w))
                << describe(p, {size}) << " dim " << dim;
            // A thread keeps each element once.
            ASSERT_EQ(int64_t(held.size()), ll.getNumRegisters());
          }
        EXPECT_EQ(slice.getElemsPerThread({size}),
                  uint64_t(ll.getNumRegisters()));
      }
}

TEST_F(SliceLayout, SameAsRemovingTheDimFromAnyParentShape) {
  // Slicing the parent over the full 2-D shape gives the same layout as over
  // a size-1 dimension: what walked the removed dimension becomes a copy.
  for (const BlockedParams &p : blockedFamily(2, 5, 2, /*stride=*/5))
    for (unsigned dim = 0; dim < 2; ++dim)
      for (int64_t removed : {1, 8, 256}) {
        SmallVector<int64_t> parentShape = {32, 32};
        parentShape[dim] = removed;
        LinearLayout fromParent = blocked(p)
                                      .toLinearLayout(parentShape)
                                      .removeOutDim(dim)
                                      .removeZeroBases(InDim::Register);
        auto slice = SliceEncodingAttr::get(&ctx, dim, blocked(p));
        EXPECT_EQ(slice.toLinearLayout({32}), fromParent)
            << describe(p, parentShape) << " dim " << dim;
      }
}

TEST_F(SliceLayout, ReducedLanesBecomeFreeVariables) {
  // 8 lanes along dim 1 (the reduced one), 4 along dim 0.
  BlockedParams p{{1, 4}, {4, 8}, {4, 1}, {1, 0}};
  auto slice = SliceEncodingAttr::get(&ctx, 1, blocked(p));
  LinearLayout ll = slice.toLinearLayout({16});
  EXPECT_EQ(ll, LinearLayout({}, {{0}, {0}, {0}, {1}, {2}}, {{4}, {8}}, {16}));
  EXPECT_EQ(ll.getFreeVariableMask(InDim::Lane), 0b00111u);
  EXPECT_EQ(ll.getFreeVariableMask(InDim::Warp), 0u);
  EXPECT_EQ(slice.getElemsPerThread({16}), 1u);
  // Along dim 0 instead: the registers survive, the row lanes are copies.
  auto rows = SliceEncodingAttr::get(&ctx, 0, blocked(p));
  LinearLayout ll0 = rows.toLinearLayout({32});
  EXPECT_EQ(ll0.getNumRegisters(), 4);
  EXPECT_EQ(ll0.getFreeVariableMask(InDim::Lane), 0b11000u);
  EXPECT_EQ(ll0.getFreeVariableMask(InDim::Warp), 0b11u);
  EXPECT_EQ(ll0.getNumConsecutiveInOut(), 4);
}

TEST_F(SliceLayout, SliceOfSlice) {
  BlockedParams p{{1, 1, 2}, {2, 4, 4}, {2, 2, 1}, {2, 1, 0}};
  auto inner = SliceEncodingAttr::get(&ctx, 2, blocked(p));
  auto outer = SliceEncodingAttr::get(&ctx, 1, inner);
  LinearLayout ll = outer.toLinearLayout({8});
  // Only dim 0 survives: 2 lanes and 2 warps walk it, the rest are copies.
  EXPECT_EQ(ll.getNumRegisters(), 2);
  EXPECT_EQ(ll.getFreeVariableMask(InDim::Lane), 0b01111u);
  EXPECT_EQ(ll.getFreeVariableMask(InDim::Warp), 0b01u);
  for (int32_t l = 0; l < 32; ++l)
    for (int32_t w = 0; w < 4; ++w) {
      std::set<SmallVector<int32_t>> expected;
      for (int64_t r = 0; r < referenceElemsPerThread(p, {8, 1, 1}); ++r)
        expected.insert({referenceBlocked(p, {8, 1, 1}, r, l, w)[0]});
      EXPECT_EQ(elementsOfThread(ll, l, w), expected);
    }
}

} // namespace
