//===- LinearLayout.cpp - layouts as linear maps over F2 ------------------===//
//
// The algebra: an output coordinate vector is flattened to one row-major index
// (a bit vector), so the layout is a matrix over F2 with one column per input
// bit. Free variables, surjectivity and inversion are all answered by one
// incremental Gaussian elimination over those columns (`ColumnEchelon`).
//
//===----------------------------------------------------------------------===//
#include "tessera/Dialect/TileGPU/IR/LinearLayout.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <cassert>
#include <limits>

using namespace mlir::tessera::tgpu;
using llvm::ArrayRef;
using llvm::SmallVector;

llvm::StringRef mlir::tessera::tgpu::getInDimName(InDim dim) {
  switch (dim) {
  case InDim::Register:
    return "register";
  case InDim::Lane:
    return "lane";
  case InDim::Warp:
    return "warp";
  }
  return "?";
}

static unsigned index(InDim in) { return static_cast<unsigned>(in); }

namespace {
/// Columns of an F2 matrix added one at a time, kept in echelon form: each
/// independent column contributes a row whose highest set bit (its pivot) no
/// other row has, together with the set of original columns XORed into it.
/// Because columns arrive in order, the rows from the first `m` columns span
/// exactly what those columns span, which lets `solve` restrict a solution to
/// a prefix of the columns (e.g. registers only, or registers and lanes).
class ColumnEchelon {
public:
  /// Adds column `col` (columns must arrive in increasing order) with image
  /// `vec`. Returns false when it depends on the earlier columns.
  bool add(uint64_t vec, unsigned col) {
    uint64_t combo = uint64_t(1) << col;
    reduce(vec, combo, col);
    if (vec == 0)
      return false;
    Row row{vec, combo, col, llvm::Log2_64(vec)};
    // Keep rows sorted by decreasing pivot: `reduce` relies on it.
    auto *pos = llvm::find_if(rows, [&](const Row &r) { return r.pivot < row.pivot; });
    rows.insert(pos, row);
    return true;
  }

  /// The columns (a bit set) among the first `numCols` whose images XOR to
  /// `vec`, or nullopt when they cannot reach it. Never uses a column that
  /// `add` found dependent.
  std::optional<uint64_t> solve(uint64_t vec, unsigned numCols) const {
    uint64_t combo = 0;
    reduce(vec, combo, numCols);
    if (vec != 0)
      return std::nullopt;
    return combo;
  }

  unsigned rank() const { return rows.size(); }

private:
  struct Row {
    uint64_t vec;
    uint64_t combo;
    unsigned col;
    unsigned pivot;
  };

  /// Clears every pivot bit of `vec` using the rows of the first `numCols`
  /// columns, recording the columns used in `combo`.
  void reduce(uint64_t &vec, uint64_t &combo, unsigned numCols) const {
    for (const Row &row : rows) {
      if (row.col >= numCols || !(vec >> row.pivot & 1))
        continue;
      vec ^= row.vec;
      combo ^= row.combo;
    }
  }

  SmallVector<Row> rows;
};
} // namespace

//===----------------------------------------------------------------------===//
// Construction
//===----------------------------------------------------------------------===//

LinearLayout::LinearLayout(ArrayRef<Basis> registers, ArrayRef<Basis> lanes,
                           ArrayRef<Basis> warps, ArrayRef<int32_t> outDimSizes)
    : bases{SmallVector<Basis>(registers), SmallVector<Basis>(lanes),
            SmallVector<Basis>(warps)},
      outDimSizes(outDimSizes) {
#ifndef NDEBUG
  for (int32_t size : outDimSizes)
    assert(size > 0 && llvm::isPowerOf2_32(size) && "sizes are powers of two");
  for (const auto &dimBases : bases)
    for (const Basis &basis : dimBases) {
      assert(basis.size() == outDimSizes.size() && "one coordinate per dim");
      for (auto [coord, size] : llvm::zip(basis, outDimSizes))
        assert(coord >= 0 && coord < size && "coordinate out of range");
    }
#endif
}

LinearLayout LinearLayout::empty(unsigned numOutDims) {
  return LinearLayout({}, {}, {}, SmallVector<int32_t>(numOutDims, 1));
}

LinearLayout LinearLayout::identity1D(unsigned numOutDims, InDim in,
                                      unsigned outDim, int32_t size) {
  LinearLayout result = empty(numOutDims);
  result.outDimSizes[outDim] = size;
  for (int32_t bit = 1; bit < size; bit <<= 1) {
    Basis basis(numOutDims, 0);
    basis[outDim] = bit;
    result.bases[index(in)].push_back(basis);
  }
  return result;
}

LinearLayout LinearLayout::zeros1D(unsigned numOutDims, InDim in,
                                   int32_t size) {
  LinearLayout result = empty(numOutDims);
  for (int32_t bit = 1; bit < size; bit <<= 1)
    result.bases[index(in)].push_back(Basis(numOutDims, 0));
  return result;
}

namespace mlir::tessera::tgpu {
LinearLayout operator*(const LinearLayout &inner, const LinearLayout &outer) {
  assert(inner.getNumOutDims() == outer.getNumOutDims() &&
         "product of layouts of different ranks");
  LinearLayout result = inner;
  for (unsigned d = 0; d < result.getNumOutDims(); ++d)
    result.outDimSizes[d] *= outer.outDimSizes[d];
  for (InDim in : kAllInDims)
    for (const LinearLayout::Basis &basis : outer.getBases(in)) {
      LinearLayout::Basis scaled(basis);
      for (unsigned d = 0; d < scaled.size(); ++d)
        scaled[d] *= inner.outDimSizes[d];
      result.bases[index(in)].push_back(scaled);
    }
  return result;
}
} // namespace mlir::tessera::tgpu

//===----------------------------------------------------------------------===//
// Sizes and the flat index
//===----------------------------------------------------------------------===//

unsigned LinearLayout::getOutDimSizeLog2(unsigned dim) const {
  return llvm::Log2_32(outDimSizes[dim]);
}

int64_t LinearLayout::getTotalOutSize() const {
  int64_t total = 1;
  for (int32_t size : outDimSizes)
    total *= size;
  return total;
}

uint64_t LinearLayout::flatten(ArrayRef<int32_t> coords) const {
  uint64_t flat = 0;
  for (unsigned d = 0; d < getNumOutDims(); ++d)
    flat = (flat << getOutDimSizeLog2(d)) | static_cast<uint64_t>(coords[d]);
  return flat;
}

LinearLayout::Basis LinearLayout::unflatten(uint64_t flat) const {
  Basis coords(getNumOutDims(), 0);
  for (unsigned d = getNumOutDims(); d-- > 0;) {
    coords[d] = static_cast<int32_t>(flat & (outDimSizes[d] - 1));
    flat >>= getOutDimSizeLog2(d);
  }
  return coords;
}

//===----------------------------------------------------------------------===//
// Queries
//===----------------------------------------------------------------------===//

SmallVector<int32_t> LinearLayout::apply(int32_t reg, int32_t lane,
                                         int32_t warp) const {
  SmallVector<int32_t> coords(getNumOutDims(), 0);
  std::array<int32_t, kNumInDims> inputs = {reg, lane, warp};
  for (InDim in : kAllInDims)
    for (auto [bit, basis] : llvm::enumerate(getBases(in)))
      if (inputs[index(in)] >> bit & 1)
        for (unsigned d = 0; d < coords.size(); ++d)
          coords[d] ^= basis[d];
  return coords;
}

uint32_t LinearLayout::getFreeVariableMask(InDim in) const {
  // Registers first, then lanes, then warps: a lane that duplicates what a
  // register of the same thread already reaches is the free one.
  ColumnEchelon echelon;
  unsigned col = 0;
  uint32_t mask = 0;
  for (InDim dim : kAllInDims)
    for (auto [bit, basis] : llvm::enumerate(getBases(dim)))
      if (!echelon.add(flatten(basis), col++) && dim == in)
        mask |= uint32_t(1) << bit;
  return mask;
}

bool LinearLayout::isSurjective() const {
  ColumnEchelon echelon;
  unsigned col = 0;
  for (InDim dim : kAllInDims)
    for (const Basis &basis : getBases(dim))
      echelon.add(flatten(basis), col++);
  return echelon.rank() == llvm::Log2_64(getTotalOutSize());
}

int32_t LinearLayout::getNumConsecutiveInOut(unsigned outDim) const {
  ArrayRef<Basis> regs = getBases(InDim::Register);
  unsigned k = 0;
  for (; k < regs.size(); ++k) {
    // Register bit k must step exactly 2^k along outDim and nowhere else ...
    Basis expected(getNumOutDims(), 0);
    expected[outDim] = 1 << k;
    if (regs[k] != expected)
      break;
    // ... and no other input bit may touch the low k+1 bits along outDim,
    // or a group of registers would start misaligned or come out scrambled.
    int32_t lowBits = (2 << k) - 1;
    bool clean = true;
    for (InDim in : kAllInDims)
      for (auto [bit, basis] : llvm::enumerate(getBases(in)))
        if (!(in == InDim::Register && bit <= k) && (basis[outDim] & lowBits))
          clean = false;
    if (!clean)
      break;
  }
  return 1 << k;
}

//===----------------------------------------------------------------------===//
// Transformations
//===----------------------------------------------------------------------===//

LinearLayout LinearLayout::removeOutDim(unsigned dim) const {
  LinearLayout result = *this;
  result.outDimSizes.erase(result.outDimSizes.begin() + dim);
  for (auto &dimBases : result.bases)
    for (Basis &basis : dimBases)
      basis.erase(basis.begin() + dim);
  return result;
}

LinearLayout LinearLayout::removeZeroBases(InDim in) const {
  LinearLayout result = *this;
  llvm::erase_if(result.bases[index(in)], [](const Basis &basis) {
    return llvm::all_of(basis, [](int32_t c) { return c == 0; });
  });
  return result;
}

LinearLayout LinearLayout::reshapeOuts(ArrayRef<int32_t> newSizes) const {
  LinearLayout result = LinearLayout::empty(newSizes.size());
  result.outDimSizes.assign(newSizes.begin(), newSizes.end());
  assert(result.getTotalOutSize() == getTotalOutSize() &&
         "reshape must keep the number of elements");
  for (InDim in : kAllInDims)
    for (const Basis &basis : getBases(in))
      result.bases[index(in)].push_back(result.unflatten(flatten(basis)));
  return result;
}

LinearLayout LinearLayout::permuteOuts(ArrayRef<unsigned> perm) const {
  assert(perm.size() == getNumOutDims() && "one entry per output dim");
  LinearLayout result = *this;
  for (unsigned i = 0; i < perm.size(); ++i)
    result.outDimSizes[i] = outDimSizes[perm[i]];
  for (InDim in : kAllInDims)
    for (auto [basis, original] :
         llvm::zip(result.bases[index(in)], getBases(in)))
      for (unsigned i = 0; i < perm.size(); ++i)
        basis[i] = original[perm[i]];
  return result;
}

LinearLayout LinearLayout::fitToShape(ArrayRef<int64_t> shape,
                                      ArrayRef<unsigned> order) const {
  assert(shape.size() == getNumOutDims() && "one size per output dim");
  LinearLayout result = *this;
  // Wrap around: coordinates modulo a power of two keep only the low bits.
  for (unsigned d = 0; d < shape.size(); ++d) {
    if (result.outDimSizes[d] <= shape[d])
      continue;
    result.outDimSizes[d] = static_cast<int32_t>(shape[d]);
    for (auto &dimBases : result.bases)
      for (Basis &basis : dimBases)
        basis[d] &= static_cast<int32_t>(shape[d] - 1);
  }
  // Repeat: more registers, fastest dimension first.
  for (unsigned d : order)
    if (result.outDimSizes[d] < shape[d])
      result = result * identity1D(getNumOutDims(), InDim::Register, d,
                                   static_cast<int32_t>(
                                       shape[d] / result.outDimSizes[d]));
  return result;
}

std::optional<LinearLayout>
LinearLayout::invertAndCompose(const LinearLayout &outer) const {
  if (outDimSizes != outer.outDimSizes)
    return std::nullopt;

  // Columns of `outer`, numbered registers, lanes, warps.
  std::array<unsigned, kNumInDims + 1> firstCol = {0};
  for (InDim in : kAllInDims)
    firstCol[index(in) + 1] = firstCol[index(in)] + outer.getInDimSizeLog2(in);
  ColumnEchelon echelon;
  for (InDim in : kAllInDims)
    for (auto [bit, basis] : llvm::enumerate(outer.getBases(in)))
      echelon.add(outer.flatten(basis), firstCol[index(in)] + bit);

  auto toHardware = [&](uint64_t cols) {
    Basis coords;
    for (InDim in : kAllInDims)
      coords.push_back(static_cast<int32_t>(
          (cols >> firstCol[index(in)]) & (outer.getInDimSize(in) - 1)));
    return coords;
  };

  std::array<SmallVector<Basis>, kNumInDims> result;
  for (InDim in : kAllInDims) {
    for (auto [bit, basis] : llvm::enumerate(getBases(in))) {
      // Start from the same hardware bit in `outer` and correct the
      // difference with registers only, else registers and lanes, else
      // anything: the cheapest movement that finds the element.
      uint64_t target = flatten(basis);
      uint64_t same = 0;
      if (bit < outer.getInDimSizeLog2(in)) {
        same = uint64_t(1) << (firstCol[index(in)] + bit);
        target ^= outer.flatten(outer.getBasis(in, bit));
      }
      std::optional<uint64_t> correction;
      for (unsigned level = 1; level <= kNumInDims && !correction; ++level)
        correction = echelon.solve(target, firstCol[level]);
      if (!correction)
        return std::nullopt;
      result[index(in)].push_back(toHardware(same ^ *correction));
    }
  }
  return LinearLayout(result[0], result[1], result[2],
                      {outer.getNumRegisters(), outer.getNumLanes(),
                       outer.getNumWarps()});
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

std::string LinearLayout::toString() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  auto printList = [&](ArrayRef<int32_t> values) {
    os << '[';
    llvm::interleave(values, os, ",");
    os << ']';
  };
  for (InDim in : kAllInDims) {
    os << getInDimName(in) << ": [";
    llvm::interleave(
        getBases(in), os, [&](const Basis &basis) { printList(basis); }, ",");
    os << "] ";
  }
  os << "out: ";
  printList(outDimSizes);
  return text;
}

llvm::raw_ostream &mlir::tessera::tgpu::operator<<(llvm::raw_ostream &os,
                                                   const LinearLayout &ll) {
  return os << ll.toString();
}

//===----------------------------------------------------------------------===//
// Conversions
//===----------------------------------------------------------------------===//

namespace {

/// Where each destination (register, lane, warp) bit reads from, split by
/// input: for destination input `in` and bit i, the source register, lane
/// and warp values (the bases of dst.invertAndCompose(src)).
struct SourceMap {
  LinearLayout fromDst;
  int32_t part(InDim in, unsigned bit, InDim of) const {
    return fromDst.getBasis(in, bit)[index(of)];
  }
  unsigned bits(InDim in) const { return fromDst.getInDimSizeLog2(in); }
};

std::optional<SourceMap> getSourceMap(const LinearLayout &src,
                                      const LinearLayout &dst) {
  if (src.getNumLanes() != dst.getNumLanes() ||
      src.getNumWarps() != dst.getNumWarps())
    return std::nullopt;
  std::optional<LinearLayout> fromDst = dst.invertAndCompose(src);
  if (!fromDst)
    return std::nullopt;
  return SourceMap{*fromDst};
}

/// Every destination bit reads from its own warp bit, and (when `lanesToo`)
/// its own lane bit: by linearity, every thread then reads from its own warp
/// (lane).
bool readsOwn(const SourceMap &map, InDim of) {
  for (InDim in : kAllInDims)
    for (unsigned bit = 0; bit < map.bits(in); ++bit)
      if (map.part(in, bit, of) != (in == of ? 1 << bit : 0))
        return false;
  return true;
}

/// XOR of `images[i]` over the set bits i of `value`.
int32_t applyBits(llvm::ArrayRef<int32_t> images, uint64_t value) {
  int32_t result = 0;
  for (auto [bit, image] : llvm::enumerate(images))
    if (value >> bit & 1)
      result ^= image;
  return result;
}

/// The XOR-span of `bases` (0 first); nullopt beyond `limit` values.
std::optional<llvm::SmallVector<int32_t>> spanOf(llvm::ArrayRef<int32_t> bases,
                                                 unsigned limit) {
  llvm::SmallVector<int32_t> span = {0};
  for (int32_t basis : bases) {
    if (llvm::is_contained(span, basis))
      continue;
    unsigned size = span.size();
    for (unsigned i = 0; i < size; ++i)
      span.push_back(span[i] ^ basis);
    if (span.size() > limit)
      return std::nullopt;
  }
  return span;
}

std::optional<WarpShufflePlan> planFromSourceMap(const SourceMap &map) {
  constexpr unsigned kMaxChoices = 8;
  auto parts = [&](InDim in, InDim of) {
    llvm::SmallVector<int32_t> result;
    for (unsigned bit = 0; bit < map.bits(in); ++bit)
      result.push_back(map.part(in, bit, of));
    return result;
  };
  // Source lane and register as functions of the destination's register
  // (Lr, Rr), lane (Ll, Rl) and warp (Lw, Rw) bits.
  auto laneFromReg = parts(InDim::Register, InDim::Lane);
  auto regFromReg = parts(InDim::Register, InDim::Register);
  auto laneFromLane = parts(InDim::Lane, InDim::Lane);
  auto regFromLane = parts(InDim::Lane, InDim::Register);
  auto laneFromWarp = parts(InDim::Warp, InDim::Lane);
  auto regFromWarp = parts(InDim::Warp, InDim::Register);
  int32_t numRounds = int32_t(1) << regFromReg.size();

  // In round k, receiver l fills destination register k ^ a(l) (a linear;
  // a = 0 unless needed) and reads lane Lr(k) ^ Ms(l) ^ Lw(w), where
  // Ms = Lr o a ^ Ll; the sender must send register Rr(k) ^ Mg(l) ^ Rw(w),
  // Mg = Rr o a ^ Rl. When Mg is not zero, senders must tell their
  // receivers apart: Ms must be one-to-one. a is chosen greedily, bit by
  // bit, to make Ms's columns independent.
  llvm::SmallVector<int32_t> a(laneFromLane.size(), 0);
  bool senderChooses = llvm::any_of(regFromLane, [](int32_t v) { return v; });
  if (senderChooses) {
    ColumnEchelon columns;
    for (unsigned bit = 0; bit < laneFromLane.size(); ++bit) {
      int32_t choice = 0;
      while (choice < numRounds &&
             !columns.add(laneFromLane[bit] ^ applyBits(laneFromReg, choice),
                          bit))
        ++choice;
      if (choice == numRounds)
        return std::nullopt;
      a[bit] = choice;
    }
  }
  WarpShufflePlan plan;
  plan.receiverRegisterBases = a;
  for (auto [lane, reg] : llvm::zip_equal(laneFromLane, a))
    plan.receiverLaneBases.push_back(lane ^ applyBits(laneFromReg, reg));
  plan.receiverWarpBases = laneFromWarp;
  llvm::SmallVector<int32_t> mg;
  for (auto [reg, fromLane] : llvm::zip_equal(a, regFromLane))
    mg.push_back(applyBits(regFromReg, reg) ^ fromLane);

  // With K = Mg o Ms^-1 the sent register is
  // [Rr(k) ^ K(Lr(k))] ^ [K(s) ^ K(Lw(w)) ^ Rw(w)]: a constant per round
  // and a term t per thread.
  llvm::SmallVector<int32_t> k(laneFromLane.size(), 0);
  if (llvm::any_of(mg, [](int32_t v) { return v; })) {
    // Ms^-1 column by column: the receiver lane bits whose images XOR to
    // each sender lane bit.
    ColumnEchelon ms;
    unsigned n = plan.receiverLaneBases.size();
    for (auto [bit, image] : llvm::enumerate(plan.receiverLaneBases))
      if (!ms.add(image, bit))
        return std::nullopt;
    for (unsigned bit = 0; bit < n; ++bit)
      k[bit] = applyBits(mg, *ms.solve(uint64_t(1) << bit, n));
  }
  plan.send.laneBases = k;
  for (auto [lane, reg] : llvm::zip_equal(laneFromWarp, regFromWarp))
    plan.send.warpBases.push_back(applyBits(k, lane) ^ reg);
  for (int32_t round = 0; round < numRounds; ++round) {
    int32_t lane = applyBits(laneFromReg, round);
    plan.roundLane.push_back(lane);
    plan.send.registers.push_back(applyBits(regFromReg, round) ^
                                 applyBits(k, lane));
  }
  std::optional<llvm::SmallVector<int32_t>> senderOffsets = spanOf(
      llvm::to_vector(llvm::concat<const int32_t>(plan.send.laneBases,
                                                  plan.send.warpBases)),
      kMaxChoices);
  std::optional<llvm::SmallVector<int32_t>> receiverOffsets =
      spanOf(a, kMaxChoices);
  if (!senderOffsets || !receiverOffsets)
    return std::nullopt;
  plan.send.offsets = *senderOffsets;
  plan.receiverOffsets = *receiverOffsets;
  return plan;
}

} // namespace

/// Every thread of `dst` finds each of its elements in its own registers of
/// `src`: for every destination input bit, the difference between what it
/// reaches in `dst` and what the same lane or warp bit reaches in `src` (a
/// destination register bit: the whole element) must lie in the span of
/// `src`'s registers. The register found by the echelon uses independent
/// register bits only: the lowest register holding the element. nullopt when
/// some element is held by other threads only.
static std::optional<RegisterSelect> planInThread(const LinearLayout &src,
                                                  const LinearLayout &dst) {
  if (src.getNumLanes() != dst.getNumLanes() ||
      src.getNumWarps() != dst.getNumWarps() ||
      src.getOutDimSizes() != dst.getOutDimSizes())
    return std::nullopt;
  // The bases as row-major indices (one output dimension), the form the
  // echelon works on.
  int32_t total = static_cast<int32_t>(src.getTotalOutSize());
  LinearLayout from = src.reshapeOuts({total}), to = dst.reshapeOuts({total});
  unsigned numRegBits = from.getInDimSizeLog2(InDim::Register);
  ColumnEchelon registers;
  for (unsigned bit = 0; bit < numRegBits; ++bit)
    registers.add(from.getBasis(InDim::Register, bit)[0], bit);

  std::array<SmallVector<int32_t>, kNumInDims> parts;
  for (InDim in : kAllInDims)
    for (unsigned bit = 0; bit < to.getInDimSizeLog2(in); ++bit) {
      uint64_t target = to.getBasis(in, bit)[0];
      if (in != InDim::Register)
        target ^= from.getBasis(in, bit)[0];
      std::optional<uint64_t> reg = registers.solve(target, numRegBits);
      if (!reg)
        return std::nullopt;
      parts[index(in)].push_back(static_cast<int32_t>(*reg));
    }
  RegisterSelect select;
  for (int32_t k = 0; k < dst.getNumRegisters(); ++k)
    select.registers.push_back(applyBits(parts[index(InDim::Register)], k));
  select.laneBases = parts[index(InDim::Lane)];
  select.warpBases = parts[index(InDim::Warp)];
  // Offsets are register numbers, so at most all of them: never nullopt.
  select.offsets = *spanOf(llvm::to_vector(llvm::concat<const int32_t>(
                               select.laneBases, select.warpBases)),
                           std::numeric_limits<unsigned>::max());
  return select;
}

ConversionPlan mlir::tessera::tgpu::planConversion(const LinearLayout &src,
                                                   const LinearLayout &dst) {
  ConversionPlan plan;
  if (std::optional<RegisterSelect> inThread = planInThread(src, dst)) {
    plan.kind = ConversionKind::RegisterPermutation;
    plan.inThread = std::move(*inThread);
    return plan;
  }
  std::optional<SourceMap> map = getSourceMap(src, dst);
  if (!map || !readsOwn(*map, InDim::Warp))
    return plan;
  if (std::optional<WarpShufflePlan> shuffle = planFromSourceMap(*map)) {
    plan.kind = ConversionKind::WarpShuffle;
    plan.shuffle = std::move(*shuffle);
  }
  return plan;
}

ConversionKind mlir::tessera::tgpu::getConversionKind(const LinearLayout &src,
                                                      const LinearLayout &dst) {
  return planConversion(src, dst).kind;
}

std::optional<WarpShufflePlan>
mlir::tessera::tgpu::planWarpShuffle(const LinearLayout &src,
                                     const LinearLayout &dst) {
  ConversionPlan plan = planConversion(src, dst);
  if (plan.kind != ConversionKind::WarpShuffle)
    return std::nullopt;
  return std::move(plan.shuffle);
}

bool mlir::tessera::tgpu::isRegisterPermutation(const LinearLayout &src,
                                                const LinearLayout &dst) {
  return getConversionKind(src, dst) == ConversionKind::RegisterPermutation;
}

bool mlir::tessera::tgpu::isWithinWarp(const LinearLayout &src,
                                       const LinearLayout &dst) {
  return getConversionKind(src, dst) != ConversionKind::SharedMemory;
}
