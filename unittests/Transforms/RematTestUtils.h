//===- RematTestUtils.h - parse IR for the remat unit tests -----*- C++ -*-===//
#ifndef TESSERA_UNITTESTS_TRANSFORMS_REMATTESTUTILS_H
#define TESSERA_UNITTESTS_TRANSFORMS_REMATTESTUTILS_H

#include "tessera/Dialect/Tile/IR/Tile.h"
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

namespace tessera_test {

/// A context with the dialects of tgpu IR and a parsed module; ops are found
/// by their `test.id` attribute.
class RematIRTest : public ::testing::Test {
protected:
  RematIRTest() {
    registry.insert<mlir::tessera::tile::TileDialect,
                    mlir::tessera::tgpu::TileGPUDialect,
                    mlir::arith::ArithDialect, mlir::math::MathDialect,
                    mlir::scf::SCFDialect>();
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    context.allowUnregisteredDialects();
  }

  /// Parses `body` inside a module that declares the layouts every test
  /// uses (#v, #w: 1D blocked; #t, #u: 2D blocked, #r, #s their row slices).
  void parse(llvm::StringRef body) {
    std::string text = R"(
#v = #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#w = #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#t = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#u = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [1, 4], order = [1, 0]}>
#r = #tgpu.slice<{dim = 1, parent = #t}>
#s = #tgpu.slice<{dim = 1, parent = #u}>
module {
)" + body.str() + "\n}\n";
    module = mlir::parseSourceString<mlir::ModuleOp>(text, &context);
    ASSERT_TRUE(module) << text;
  }

  mlir::Operation *op(llvm::StringRef id) {
    mlir::Operation *found = nullptr;
    module->walk([&](mlir::Operation *candidate) {
      if (auto attr = candidate->getAttrOfType<mlir::StringAttr>("test.id"))
        if (attr.getValue() == id)
          found = candidate;
    });
    EXPECT_TRUE(found) << "no op with test.id = " << id.str();
    return found;
  }

  mlir::RankedTensorType type(llvm::StringRef text) {
    return llvm::cast<mlir::RankedTensorType>(
        mlir::parseType(text, &context));
  }

  mlir::DialectRegistry registry;
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

} // namespace tessera_test

#endif // TESSERA_UNITTESTS_TRANSFORMS_REMATTESTUTILS_H
