//===- LayoutVerifierTest.cpp - checks IR text cannot reach ---------------===//
//
// Layout attributes built from C++ can break rules the parser already
// enforces (a null slice parent); invalid.mlir covers everything else.
//
//===----------------------------------------------------------------------===//
#include "LayoutTestUtils.h"

#include "mlir/IR/Diagnostics.h"

using namespace tessera_test;
using namespace mlir::tessera::tgpu;

namespace {

class LayoutVerifier : public LayoutTest {
protected:
  LayoutVerifier()
      : handler(&ctx, [this](mlir::Diagnostic &diag) {
          messages.push_back(diag.str());
          return mlir::success();
        }) {}

  std::function<mlir::InFlightDiagnostic()> emitter() {
    return [this] { return mlir::emitError(mlir::UnknownLoc::get(&ctx)); };
  }

  std::vector<std::string> messages;
  mlir::ScopedDiagnosticHandler handler;
};

TEST_F(LayoutVerifier, SliceNeedsAParent) {
  auto attr = SliceEncodingAttr::getChecked(emitter(), &ctx, 0u,
                                            DistributedLayoutAttr());
  EXPECT_FALSE(attr);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "slice parent must be a distributed layout");
}

TEST_F(LayoutVerifier, BlockedGetCheckedRejectsBadParameters) {
  SmallVector<unsigned> oneV = {1}, threeV = {3}, zeroV = {0};
  llvm::ArrayRef<unsigned> one = oneV, three = threeV, zero = zeroV;
  EXPECT_FALSE(BlockedEncodingAttr::getChecked(emitter(), &ctx, three, one,
                                               one, zero));
  EXPECT_TRUE(
      BlockedEncodingAttr::getChecked(emitter(), &ctx, one, one, one, zero));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "sizePerThread entries must be powers of two");
}

TEST_F(LayoutVerifier, DefaultLayoutIsValidForAnyShape) {
  EXPECT_FALSE(getDefaultBlockedLayout(&ctx, {}, 4, 32));
  for (SmallVector<int64_t> shape :
       {SmallVector<int64_t>{1024}, {100}, {3, 5}, {1, 1}, {64, 128}}) {
    BlockedEncodingAttr attr = getDefaultBlockedLayout(&ctx, shape, 4, 32);
    ASSERT_TRUE(attr);
    EXPECT_TRUE(mlir::succeeded(BlockedEncodingAttr::verify(
        emitter(), attr.getSizePerThread(), attr.getThreadsPerWarp(),
        attr.getWarpsPerCTA(), attr.getOrder())));
    EXPECT_EQ(attr.getTotalWarps(), 4u);
    EXPECT_EQ(attr.getTotalLanes(), 32u);
  }
  EXPECT_TRUE(messages.empty());
  BlockedEncodingAttr rows = getDefaultBlockedLayout(&ctx, {1024}, 4, 32);
  LinearLayout ll = rows.toLinearLayout({1024});
  EXPECT_EQ(ll.getNumRegisters(), 8);
  EXPECT_EQ(ll.getFreeVariableMask(InDim::Lane), 0u);
}

} // namespace
