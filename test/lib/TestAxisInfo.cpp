//===- TestAxisInfo.cpp - print the axis analysis as remarks --------------===//
//
// `-test-print-axis-info`: runs ModuleAxisInfo over the module and emits, for
// every op result, a remark with its lattice value
// (`contiguity = [..], divisibility = [..], constancy = [..]`). Loads, stores
// and atomics get a second remark with what the LLVM lowering would ask:
// getPtrVectorSize along the last dimension (a row-major thread order, with
// `elems-per-thread` contiguous elements per thread) and, when masked,
// getMaskConstancy. `per-function` runs the analysis on each function alone.
// Lit tests check the remarks with -verify-diagnostics.
//
//===----------------------------------------------------------------------===//
#include "tessera/Analysis/AxisInfo.h"
#include "tessera/Dialect/Tile/IR/Tile.h"
#include "tessera/Test/TestPasses.h"

#include "mlir/Pass/Pass.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {
struct TestPrintAxisInfoPass
    : PassWrapper<TestPrintAxisInfoPass, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestPrintAxisInfoPass)

  TestPrintAxisInfoPass() = default;
  TestPrintAxisInfoPass(const TestPrintAxisInfoPass &other)
      : PassWrapper(other) {}

  StringRef getArgument() const final { return "test-print-axis-info"; }
  StringRef getDescription() const final {
    return "Print contiguity, divisibility and constancy of every op result";
  }

  Option<unsigned> elemsPerThread{
      *this, "elems-per-thread",
      llvm::cl::desc("Contiguous elements per thread assumed for the vector "
                     "size of loads and stores"),
      llvm::cl::init(128)};

  Option<bool> perFunction{
      *this, "per-function",
      llvm::cl::desc("Run the analysis on each function separately instead "
                     "of once over the whole module"),
      llvm::cl::init(false)};

  void runOnOperation() override {
    if (!perFunction)
      return print(getOperation(), ModuleAxisInfo(getOperation()));
    getOperation()->walk<WalkOrder::PreOrder>([&](FunctionOpInterface func) {
      print(func, ModuleAxisInfo(func));
      return WalkResult::skip();
    });
  }

private:
  void print(Operation *root, const ModuleAxisInfo &axisInfo) {
    root->walk([&](Operation *op) {
      for (OpResult result : op->getResults()) {
        InFlightDiagnostic remark = op->emitRemark();
        if (op->getNumResults() > 1)
          remark << "result #" << result.getResultNumber() << ": ";
        if (const AxisInfo *info = axisInfo.lookup(result))
          remark << printed(*info);
        else
          remark << "no axis info (unreachable)";
      }
      printAccess(op, axisInfo);
    });
  }

  static std::string printed(const AxisInfo &info) {
    std::string text;
    llvm::raw_string_ostream os(text);
    info.print(os);
    return text;
  }

  void printAccess(Operation *op, const ModuleAxisInfo &axisInfo) {
    auto [ptr, mask] =
        llvm::TypeSwitch<Operation *, std::pair<Value, Value>>(op)
            .Case<tile::LoadOp, tile::StoreOp, tile::AtomicRMWOp>(
                [](auto access) {
                  return std::pair<Value, Value>(access.getPtr(),
                                                 access.getMask());
                })
            .Case([](tile::AtomicCASOp cas) {
              return std::pair<Value, Value>(cas.getPtr(), Value());
            })
            .Default([](Operation *) { return std::pair<Value, Value>(); });
    auto tensor = ptr ? dyn_cast<RankedTensorType>(ptr.getType()) : nullptr;
    if (!tensor || tensor.getRank() == 0)
      return;
    unsigned dim = tensor.getRank() - 1;
    InFlightDiagnostic remark = op->emitRemark();
    remark << "vector = " << axisInfo.getPtrVectorSize(ptr, dim, elemsPerThread)
           << " along dim " << dim;
    if (mask)
      remark << ", mask constancy = " << axisInfo.getMaskConstancy(mask, dim);
  }
};
} // namespace

namespace mlir::tessera::test {
void registerTestAxisInfoPass() { PassRegistration<TestPrintAxisInfoPass>(); }
} // namespace mlir::tessera::test
