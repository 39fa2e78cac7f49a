//===- TestPrintLayouts.cpp - print linear layouts as remarks -------------===//
//
// `-test-print-layouts`: for every op result of distributed tensor type, a
// remark with its linear layout; for every tgpu.convert_layout, a second
// remark with what the conversion takes. Lit tests check both with
// -verify-diagnostics.
//
//===----------------------------------------------------------------------===//
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"
#include "tessera/Test/TestPasses.h"

#include "mlir/Pass/Pass.h"

using namespace mlir;
using namespace mlir::tessera::tgpu;

static StringRef getConversionKindName(ConversionKind kind) {
  switch (kind) {
  case ConversionKind::RegisterPermutation:
    return "register permutation";
  case ConversionKind::WarpShuffle:
    return "warp shuffle";
  case ConversionKind::SharedMemory:
    return "shared memory";
  }
  return "?";
}

namespace {
struct TestPrintLayoutsPass
    : PassWrapper<TestPrintLayoutsPass, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestPrintLayoutsPass)

  StringRef getArgument() const final { return "test-print-layouts"; }
  StringRef getDescription() const final {
    return "Print the linear layout of every distributed tensor result";
  }

  void runOnOperation() override {
    getOperation()->walk([](Operation *op) {
      for (OpResult result : op->getResults())
        if (std::optional<LinearLayout> ll = getLinearLayout(result.getType()))
          op->emitRemark() << "result #" << result.getResultNumber() << ": "
                           << ll->toString();
      if (auto convert = dyn_cast<ConvertLayoutOp>(op)) {
        std::optional<LinearLayout> src =
            getLinearLayout(convert.getSrc().getType());
        std::optional<LinearLayout> dst = getLinearLayout(convert.getType());
        if (src && dst)
          op->emitRemark() << "conversion: "
                           << getConversionKindName(
                                  getConversionKind(*src, *dst));
      }
    });
  }
};
} // namespace

namespace mlir::tessera::test {
void registerTestPrintLayoutsPass() { PassRegistration<TestPrintLayoutsPass>(); }
} // namespace mlir::tessera::test
