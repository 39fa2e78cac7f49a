//===- TestPasses.h - test-only passes of tessera-opt -----------*- C++ -*-===//
//
// Passes that print what an analysis computes so that lit tests can check it
// (`-test-print-layouts`, ...). Linked into tessera-opt only.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TEST_TESTPASSES_H
#define TESSERA_TEST_TESTPASSES_H

namespace mlir::tessera::test {

/// Registers every test pass with the global pass registry.
void registerTesseraTestPasses();

} // namespace mlir::tessera::test

#endif // TESSERA_TEST_TESTPASSES_H
