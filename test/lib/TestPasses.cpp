//===- TestPasses.cpp - registration of the test passes -------------------===//
#include "tessera/Test/TestPasses.h"

namespace mlir::tessera::test {
void registerTestAxisInfoPass();
void registerTestPrintLayoutsPass();

void registerTesseraTestPasses() {
  registerTestAxisInfoPass();
  registerTestPrintLayoutsPass();
}
} // namespace mlir::tessera::test
