//===- LayoutTestUtils.h - references and builders for layout tests -------===//
//
// A blocked layout computed straight from its definition, with plain integer
// arithmetic (no F2 algebra), so that the linear layouts can be checked
// against something written independently; and enumerators of valid layouts.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_UNITTESTS_LAYOUTTESTUTILS_H
#define TESSERA_UNITTESTS_LAYOUTTESTUTILS_H

#include "tessera/Dialect/TileGPU/IR/TileGPU.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/STLExtras.h"
#include "gtest/gtest.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

namespace tessera_test {

using llvm::ArrayRef;
using llvm::SmallVector;
using mlir::tessera::tgpu::InDim;
using mlir::tessera::tgpu::LinearLayout;

struct BlockedParams {
  SmallVector<unsigned> sizePerThread, threadsPerWarp, warpsPerCTA, order;
};

inline int64_t product(ArrayRef<unsigned> values) {
  int64_t result = 1;
  for (unsigned v : values)
    result *= v;
  return result;
}

/// Splits `index` into a multi-index over `sizes`, order[0] varying fastest.
inline SmallVector<int64_t> delinearize(int64_t index, ArrayRef<int64_t> sizes,
                                        ArrayRef<unsigned> order) {
  SmallVector<int64_t> result(sizes.size(), 0);
  for (unsigned d : order) {
    result[d] = index % sizes[d];
    index /= sizes[d];
  }
  return result;
}

inline SmallVector<int64_t> toI64(ArrayRef<unsigned> values) {
  return SmallVector<int64_t>(values.begin(), values.end());
}

/// How many times the CTA tile repeats along each dimension (at least once).
inline SmallVector<int64_t> repetitions(const BlockedParams &p,
                                        ArrayRef<int64_t> shape) {
  SmallVector<int64_t> reps;
  for (unsigned d = 0; d < shape.size(); ++d) {
    int64_t tile = int64_t(p.sizePerThread[d]) * p.threadsPerWarp[d] *
                   p.warpsPerCTA[d];
    reps.push_back(std::max<int64_t>(1, shape[d] / tile));
  }
  return reps;
}

/// Registers per thread: the elements of a thread's block times the
/// repetitions of the CTA tile.
inline int64_t referenceElemsPerThread(const BlockedParams &p,
                                       ArrayRef<int64_t> shape) {
  int64_t n = product(p.sizePerThread);
  for (int64_t r : repetitions(p, shape))
    n *= r;
  return n;
}

/// The element (reg, lane, warp) holds under the blocked definition: register
/// = (element within the thread's block, then repetition), each numbered in
/// `order`; coordinates wrap around the shape.
inline SmallVector<int32_t> referenceBlocked(const BlockedParams &p,
                                             ArrayRef<int64_t> shape,
                                             int64_t reg, int64_t lane,
                                             int64_t warp) {
  int64_t perBlock = product(p.sizePerThread);
  SmallVector<int64_t> inBlock =
      delinearize(reg % perBlock, toI64(p.sizePerThread), p.order);
  SmallVector<int64_t> rep =
      delinearize(reg / perBlock, repetitions(p, shape), p.order);
  SmallVector<int64_t> l = delinearize(lane, toI64(p.threadsPerWarp), p.order);
  SmallVector<int64_t> w = delinearize(warp, toI64(p.warpsPerCTA), p.order);
  SmallVector<int32_t> coords;
  for (unsigned d = 0; d < shape.size(); ++d) {
    int64_t spt = p.sizePerThread[d], tpw = p.threadsPerWarp[d];
    int64_t tile = spt * tpw * p.warpsPerCTA[d];
    int64_t c = rep[d] * tile + w[d] * spt * tpw + l[d] * spt + inBlock[d];
    coords.push_back(static_cast<int32_t>(c % shape[d]));
  }
  return coords;
}

/// Every way to split 2^bits over `rank` dimensions as powers of two.
inline std::vector<SmallVector<unsigned>> splitsOf(unsigned bits,
                                                   unsigned rank) {
  if (rank == 1)
    return {SmallVector<unsigned>{1u << bits}};
  std::vector<SmallVector<unsigned>> result;
  for (unsigned first = 0; first <= bits; ++first)
    for (SmallVector<unsigned> rest : splitsOf(bits - first, rank - 1)) {
      rest.insert(rest.begin(), 1u << first);
      result.push_back(rest);
    }
  return result;
}

/// Every permutation of [0, rank).
inline std::vector<SmallVector<unsigned>> ordersOf(unsigned rank) {
  SmallVector<unsigned> order;
  for (unsigned d = 0; d < rank; ++d)
    order.push_back(d);
  std::vector<SmallVector<unsigned>> result;
  do
    result.push_back(order);
  while (std::next_permutation(order.begin(), order.end()));
  return result;
}

/// Blocked layouts of `rank` over 2^laneBits lanes and 2^warpBits warps with
/// sizePerThread entries in {1, 2, 4}: every combination, or every `stride`th
/// one to keep a large family quick.
inline std::vector<BlockedParams> blockedFamily(unsigned rank,
                                                unsigned laneBits,
                                                unsigned warpBits,
                                                unsigned stride = 1) {
  std::vector<BlockedParams> result;
  std::vector<SmallVector<unsigned>> sizes;
  for (unsigned bits = 0; bits <= 2 * rank; ++bits)
    for (const SmallVector<unsigned> &split : splitsOf(bits, rank))
      if (llvm::all_of(split, [](unsigned s) { return s <= 4; }))
        sizes.push_back(split);
  unsigned counter = 0;
  for (const auto &spt : sizes)
    for (const auto &tpw : splitsOf(laneBits, rank))
      for (const auto &wpc : splitsOf(warpBits, rank))
        for (const auto &order : ordersOf(rank))
          if (counter++ % stride == 0)
            result.push_back({spt, tpw, wpc, order});
  return result;
}

/// Every shape of `rank` whose sizes come from `sizes`.
inline std::vector<SmallVector<int64_t>> shapesOf(unsigned rank,
                                                  ArrayRef<int64_t> sizes) {
  if (rank == 0)
    return {SmallVector<int64_t>{}};
  std::vector<SmallVector<int64_t>> result;
  for (int64_t size : sizes)
    for (SmallVector<int64_t> rest : shapesOf(rank - 1, sizes)) {
      rest.insert(rest.begin(), size);
      result.push_back(rest);
    }
  return result;
}

/// "spt=[1,4] tpw=[8,4] wpc=[4,1] order=[1,0] shape=[16,16]" for failures.
inline std::string describe(const BlockedParams &p, ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  auto list = [&](auto values) {
    os << '[';
    llvm::interleaveComma(values, os);
    os << ']';
  };
  os << "spt=";
  list(ArrayRef<unsigned>(p.sizePerThread));
  os << " tpw=";
  list(ArrayRef<unsigned>(p.threadsPerWarp));
  os << " wpc=";
  list(ArrayRef<unsigned>(p.warpsPerCTA));
  os << " order=";
  list(ArrayRef<unsigned>(p.order));
  os << " shape=";
  list(shape);
  return text;
}

/// A context with the tgpu dialect, to build layout attributes.
class LayoutTest : public ::testing::Test {
protected:
  LayoutTest() { ctx.loadDialect<mlir::tessera::tgpu::TileGPUDialect>(); }

  mlir::tessera::tgpu::BlockedEncodingAttr blocked(const BlockedParams &p) {
    return mlir::tessera::tgpu::BlockedEncodingAttr::get(
        &ctx, p.sizePerThread, p.threadsPerWarp, p.warpsPerCTA, p.order);
  }

  mlir::MLIRContext ctx;
};

/// The set of elements one thread holds.
inline std::set<SmallVector<int32_t>> elementsOfThread(const LinearLayout &ll,
                                                       int32_t lane,
                                                       int32_t warp) {
  std::set<SmallVector<int32_t>> result;
  for (int32_t r = 0; r < ll.getNumRegisters(); ++r)
    result.insert(ll.apply(r, lane, warp));
  return result;
}

} // namespace tessera_test

#endif // TESSERA_UNITTESTS_LAYOUTTESTUTILS_H
