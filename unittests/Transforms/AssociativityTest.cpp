//===- AssociativityTest.cpp - which combinations may be computed twice ---===//
//
// The proof reads the combine region: exact integer and NaN-propagating
// min/max combiners of (arg i, arg N+i) pass, in either operand order; float
// add/mul, maxnumf (either zero of equal operands), anything with extra ops,
// or combining the wrong arguments fails. Scans follow the same rule, dots
// are exact only on integers.
//
//===----------------------------------------------------------------------===//
#include "RematTestUtils.h"

#include "tessera/Transforms/Remat/Associativity.h"

using namespace tessera_test;
using namespace mlir;
using namespace mlir::tessera;

namespace {

using Associativity = RematIRTest;

/// A reduce of a 16x64 tile of `elem` with the one-op combiner `combine`.
std::string reduceWith(llvm::StringRef id, llvm::StringRef elem,
                       llvm::StringRef combine) {
  return ("  %" + id + " = tile.reduce %x" + elem + " axis = 1 {test.id = \"" +
          id + "\"} : (tensor<16x64x" + elem + ", #t>) -> tensor<16x" + elem +
          ", #r> {\n  ^bb0(%a: " + elem + ", %b: " + elem + "):\n    " +
          combine + "\n  }\n")
      .str();
}

TEST_F(Associativity, CombinersFromTheRegion) {
  std::string body =
      "tile.func private @f(%xi32: tensor<16x64xi32, #t>, %xf32: "
      "tensor<16x64xf32, #t>) {\n";
  struct Case {
    const char *id, *elem, *combine;
    bool exact;
  };
  Case cases[] = {
      {"addi", "i32", "%m = arith.addi %a, %b : i32\n tile.reduce.return %m : i32", true},
      {"addi_swapped", "i32", "%m = arith.addi %b, %a : i32\n tile.reduce.return %m : i32", true},
      {"maxsi", "i32", "%m = arith.maxsi %a, %b : i32\n tile.reduce.return %m : i32", true},
      {"xori", "i32", "%m = arith.xori %a, %b : i32\n tile.reduce.return %m : i32", true},
      {"maximumf", "f32", "%m = arith.maximumf %a, %b : f32\n tile.reduce.return %m : f32", true},
      {"minimumf", "f32", "%m = arith.minimumf %a, %b : f32\n tile.reduce.return %m : f32", true},
      {"addf", "f32", "%m = arith.addf %a, %b : f32\n tile.reduce.return %m : f32", false},
      {"mulf", "f32", "%m = arith.mulf %a, %b : f32\n tile.reduce.return %m : f32", false},
      {"maxnumf", "f32", "%m = arith.maxnumf %a, %b : f32\n tile.reduce.return %m : f32", false},
      {"subi", "i32", "%m = arith.subi %a, %b : i32\n tile.reduce.return %m : i32", false},
      {"same_arg", "i32", "%m = arith.addi %a, %a : i32\n tile.reduce.return %m : i32", false},
      {"select_max", "f32",
       "%g = arith.cmpf ogt, %a, %b : f32\n %m = arith.select %g, %a, %b : f32\n"
       " tile.reduce.return %m : f32",
       false},
      {"extra_op", "i32",
       "%m = arith.addi %a, %b : i32\n %k = arith.constant 0 : i32\n"
       " tile.reduce.return %m : i32",
       false},
  };
  for (const Case &c : cases)
    body += reduceWith(c.id, c.elem, c.combine);
  body += "  tile.return\n}\n";
  parse(body);
  for (const Case &c : cases) {
    Operation *reduce = op(c.id);
    ASSERT_TRUE(reduce);
    EXPECT_TRUE(remat::isOrderSensitive(reduce)) << c.id;
    EXPECT_EQ(remat::isExactCombiner(
                  cast<tile::ReduceOp>(reduce).getCombineOp()),
              c.exact)
        << c.id;
    EXPECT_EQ(remat::isSafeToDuplicate(reduce), c.exact) << c.id;
  }
}

TEST_F(Associativity, SeveralResultsEachExact) {
  parse(R"(
tile.func private @f(%x: tensor<16x64xi32, #t>, %y: tensor<16x64xi32, #t>) {
  %s:2 = tile.reduce %x, %y axis = 1 {test.id = "pair"} : (tensor<16x64xi32, #t>, tensor<16x64xi32, #t>) -> (tensor<16xi32, #r>, tensor<16xi32, #r>) {
  ^bb0(%a: i32, %b: i32, %c: i32, %d: i32):
    %m = arith.addi %a, %c : i32
    %n = arith.maxsi %d, %b : i32
    tile.reduce.return %m, %n : i32, i32
  }
  %t:2 = tile.reduce %x, %y axis = 1 {test.id = "crossed"} : (tensor<16x64xi32, #t>, tensor<16x64xi32, #t>) -> (tensor<16xi32, #r>, tensor<16xi32, #r>) {
  ^bb0(%a: i32, %b: i32, %c: i32, %d: i32):
    %m = arith.addi %a, %b : i32
    %n = arith.maxsi %c, %d : i32
    tile.reduce.return %m, %n : i32, i32
  }
  tile.return
}
)");
  EXPECT_TRUE(remat::isSafeToDuplicate(op("pair")));
  // Combining a with b mixes the two reductions' operands: no proof.
  EXPECT_FALSE(remat::isSafeToDuplicate(op("crossed")));
}

TEST_F(Associativity, ScansDotsAndOthers) {
  parse(R"(
tile.func private @f(%x: tensor<512xi32, #v>, %f: tensor<512xf32, #v>,
                     %a8: tensor<32x32xi8, #u>, %b8: tensor<32x32xi8, #u>, %c32: tensor<32x32xi32, #u>,
                     %a16: tensor<32x32xf16, #u>, %b16: tensor<32x32xf16, #u>, %f32: tensor<32x32xf32, #u>) {
  %s = tile.scan %x axis = 0 {test.id = "scan_addi"} : (tensor<512xi32, #v>) -> tensor<512xi32, #v> {
  ^bb0(%a: i32, %b: i32):
    %m = arith.addi %a, %b : i32
    tile.scan.return %m : i32
  }
  %t = tile.scan %f axis = 0 {test.id = "scan_addf"} : (tensor<512xf32, #v>) -> tensor<512xf32, #v> {
  ^bb0(%a: f32, %b: f32):
    %m = arith.addf %a, %b : f32
    tile.scan.return %m : f32
  }
  %d = tile.dot %a8, %b8, %c32 {test.id = "dot_int"} : tensor<32x32xi8, #u> * tensor<32x32xi8, #u> -> tensor<32x32xi32, #u>
  %e = tile.dot %a16, %b16, %f32 {test.id = "dot_float"} : tensor<32x32xf16, #u> * tensor<32x32xf16, #u> -> tensor<32x32xf32, #u>
  %g = arith.addf %f, %f {test.id = "elementwise"} : tensor<512xf32, #v>
  tile.return
}
)");
  EXPECT_TRUE(remat::isSafeToDuplicate(op("scan_addi")));
  EXPECT_FALSE(remat::isSafeToDuplicate(op("scan_addf")));
  EXPECT_TRUE(remat::isSafeToDuplicate(op("dot_int")));
  EXPECT_FALSE(remat::isSafeToDuplicate(op("dot_float")));
  EXPECT_FALSE(remat::isOrderSensitive(op("elementwise")));
  EXPECT_TRUE(remat::isSafeToDuplicate(op("elementwise")));
}

} // namespace
