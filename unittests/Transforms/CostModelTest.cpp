//===- CostModelTest.cpp - the order the cost model puts things in --------===//
//
// Conversions: a register renaming is free, per-thread selects cost one
// cheap op per candidate past the first and register, a shuffle within warps is
// cheaper than a trip through shared memory, which pays a barrier, and
// narrower elements move fewer bytes. Ops: constants, splats and ranges are
// free; expensive math costs more than cheap math; a duplicated global load
// costs its bytes and more than a shared-memory (local) load of the same
// tile; a reduction costs its shuffles, and more when warps split the axis.
//
//===----------------------------------------------------------------------===//
#include "RematTestUtils.h"

#include "tessera/Transforms/Remat/CostModel.h"

using namespace tessera_test;
using namespace mlir;
using namespace mlir::tessera;
using remat::CostModel;

namespace {

using CostModelTest = RematIRTest;

TEST_F(CostModelTest, ConversionKinds) {
  parse("");
  CostModel model;
  auto v = type("tensor<512xf32, #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>>");
  auto w = type("tensor<512xf32, #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>>");
  // The same tile with its registers in another order (reverse dimension
  // order of a 2D layout whose lanes and warps agree).
  auto a = type("tensor<4x128xf32, #tgpu.blocked<{sizePerThread = [4, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [1, 0]}>>");
  auto b = type("tensor<4x128xf32, #tgpu.blocked<{sizePerThread = [4, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [0, 1]}>>");
  // Within a warp: 32 elements swapped between lanes, every warp has all.
  auto l1 = type("tensor<32xf32, #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>>");
  auto l2 = type("tensor<32xf32, #tgpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>>");

  EXPECT_EQ(model.conversionCost(v, v), 0);
  EXPECT_EQ(model.conversionCost(a, b), 0);
  int64_t shuffle = model.conversionCost(l1, l2);
  int64_t shared = model.conversionCost(v, w);
  EXPECT_GT(shuffle, 0);
  EXPECT_LT(shuffle, CostModel::kBarrier);
  EXPECT_GT(shared, CostModel::kBarrier);
  EXPECT_LT(shuffle, shared);
  // bf16 moves half the words of f32 through shared memory.
  auto vb = type("tensor<512xbf16, #tgpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>>");
  auto wb = type("tensor<512xbf16, #tgpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>>");
  EXPECT_LT(model.conversionCost(vb, wb), shared);
  // In-thread but keyed on the warp: every warp of `wrap` holds all four rows
  // (row r in register r); in `rows` warp w holds row w. Each thread picks
  // one of 4 registers: 3 selects, still cheaper than shared memory.
  auto wrap = type("tensor<4x32xf32, #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [1, 0]}>>");
  auto rows = type("tensor<4x32xf32, #tgpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>>");
  EXPECT_EQ(model.conversionCost(wrap, rows), 3 * CostModel::kCheapMath);
  EXPECT_LT(model.conversionCost(wrap, rows), model.conversionCost(v, w));
}

TEST_F(CostModelTest, OpsInOrder) {
  parse(R"(
tile.func private @f(%p: !tile.ptr<f32>, %q: !tile.ptr<f32, 3>, %f: f32, %x: tensor<512xf32, #v>,
                     %xt: tensor<16x64xf32, #t>, %xu: tensor<16x64xf32, #u>) {
  %c = arith.constant {test.id = "constant"} dense<1.0> : tensor<512xf32, #v>
  %s = tile.splat %f {test.id = "splat"} : tensor<512xf32, #v>
  %r = tile.make_range {start = 0 : i32, end = 512 : i32, test.id = "range"} : tensor<512xi32, #v>
  %a = arith.addf %x, %x {test.id = "addf"} : tensor<512xf32, #v>
  %d = arith.divf %x, %x {test.id = "divf"} : tensor<512xf32, #v>
  %e = math.exp %x {test.id = "exp"} : tensor<512xf32, #v>
  %pb = tile.splat %p : tensor<512x!tile.ptr<f32>, #v>
  %pa = tile.addptr %pb, %r : tensor<512x!tile.ptr<f32>, #v>, tensor<512xi32, #v>
  %g = tile.load %pa {test.id = "global"} : tensor<512x!tile.ptr<f32>, #v>
  %qb = tile.splat %q : tensor<512x!tile.ptr<f32, 3>, #v>
  %qa = tile.addptr %qb, %r : tensor<512x!tile.ptr<f32, 3>, #v>, tensor<512xi32, #v>
  %l = tile.load %qa {test.id = "local"} : tensor<512x!tile.ptr<f32, 3>, #v>
  %pb8 = tile.splat %p : tensor<128x!tile.ptr<f32>, #v>
  %g8 = tile.load %pb8 {test.id = "global_small"} : tensor<128x!tile.ptr<f32>, #v>
  %in = tile.reduce %xt axis = 1 {test.id = "reduce_in_warp"} : (tensor<16x64xf32, #t>) -> tensor<16xf32, #r> {
  ^bb0(%u: f32, %w: f32):
    %m = arith.addf %u, %w : f32
    tile.reduce.return %m : f32
  }
  %across = tile.reduce %xu axis = 1 {test.id = "reduce_across_warps"} : (tensor<16x64xf32, #u>) -> tensor<16xf32, #s> {
  ^bb0(%u: f32, %w: f32):
    %m = arith.addf %u, %w : f32
    tile.reduce.return %m : f32
  }
  tile.return
}
)");
  CostModel model;
  EXPECT_EQ(model.opCost(op("constant")), 0);
  EXPECT_EQ(model.opCost(op("splat")), 0);
  EXPECT_EQ(model.opCost(op("range")), 0);
  int64_t cheap = model.opCost(op("addf"));
  EXPECT_GT(cheap, 0);
  EXPECT_GT(model.opCost(op("divf")), cheap);
  EXPECT_GT(model.opCost(op("exp")), cheap);
  EXPECT_EQ(CostModel::mathCost(op("exp")), CostModel::kExpensiveMath);
  int64_t global = model.opCost(op("global"));
  EXPECT_GT(global, model.opCost(op("local")));
  EXPECT_GT(model.opCost(op("local")), 0);
  // Bytes: four times the tile, more than the small load.
  EXPECT_GT(global, model.opCost(op("global_small")));
  int64_t inWarp = model.opCost(op("reduce_in_warp"));
  int64_t acrossWarps = model.opCost(op("reduce_across_warps"));
  EXPECT_GT(inWarp, 0);
  EXPECT_GT(acrossWarps, inWarp);
  EXPECT_GT(acrossWarps, 2 * CostModel::kBarrier);
}

/// The model prices an op in the layout it would be rebuilt in, not only
/// the one it has: a load rebuilt in a layout with more registers per
/// thread costs more.
TEST_F(CostModelTest, PricedInTheTargetLayout) {
  parse(R"(
tile.func private @f(%p: tensor<512x!tile.ptr<f32>, #v>) {
  %g = tile.load %p {test.id = "load"} : tensor<512x!tile.ptr<f32>, #v>
  tile.return
}
)");
  CostModel model;
  Operation *load = op("load");
  auto wide = type("tensor<512xf32, #tgpu.blocked<{sizePerThread = [8], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>>");
  // 512 elements over 128 threads with 8 consecutive per thread: the tile
  // wraps over half the warps, each thread holds 8 registers instead of 4.
  EXPECT_EQ(tgpu::getElemsPerThread(wide), 8u);
  EXPECT_GT(model.opCost(load, TypeRange{wide}), model.opCost(load));
}

} // namespace
