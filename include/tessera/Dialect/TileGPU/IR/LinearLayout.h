//===- LinearLayout.h - layouts as linear maps over F2 ----------*- C++ -*-===//
//
// Every distributed layout answers one question: which tensor element does
// (register, lane, warp) hold? When all sizes are powers of two, the answer is
// a linear map over F2 from the bits of the three hardware indices to the bits
// of the tensor coordinates: the element held by an index is the XOR of the
// images ("bases") of the index's set bits. Conversion lowering, coalescing,
// broadcast detection (atomics) and the remat cost model all read this one map
// instead of special-casing pairs of layouts.
//
// The class is a plain value: no MLIRContext, cheap to copy, compared with ==.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_DIALECT_TILEGPU_IR_LINEARLAYOUT_H
#define TESSERA_DIALECT_TILEGPU_IR_LINEARLAYOUT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace mlir::tessera::tgpu {

/// The hardware index a layout reads: which register of a thread, which lane
/// of a warp, which warp of the CTA.
enum class InDim : unsigned { Register = 0, Lane = 1, Warp = 2 };
inline constexpr unsigned kNumInDims = 3;
inline constexpr std::array<InDim, kNumInDims> kAllInDims = {
    InDim::Register, InDim::Lane, InDim::Warp};

/// "register", "lane" or "warp".
llvm::StringRef getInDimName(InDim dim);

/// A linear map over F2 from (register, lane, warp) to N output coordinates
/// (the tensor dimensions, each of power-of-two size; the last one varies
/// fastest in row-major order).
///
/// `getBasis(in, i)` is the output of input value `1 << i` along `in` (the
/// other inputs zero); any other input maps to the XOR of the bases of its set
/// bits. A zero basis means the bit does not matter: the element is held in
/// several places (broadcast). The number of registers, lanes and warps is
/// `1 << (number of bases)` of that input.
///
/// Limits: at most 64 input bits in all and 63 output bits in all (a tensor of
/// fewer than 2^63 elements); in practice layouts are far smaller.
class LinearLayout {
public:
  /// One coordinate per output dimension.
  using Basis = llvm::SmallVector<int32_t, 4>;

  /// From the bases of each input. Every basis has one coordinate per output
  /// dimension, each in [0, size); every size is a power of two.
  LinearLayout(llvm::ArrayRef<Basis> registers, llvm::ArrayRef<Basis> lanes,
               llvm::ArrayRef<Basis> warps,
               llvm::ArrayRef<int32_t> outDimSizes);

  /// One register, lane and warp holding element 0 of a tensor whose
  /// `numOutDims` dimensions all have size 1. The unit of `operator*`.
  static LinearLayout empty(unsigned numOutDims);
  /// `size` values of `in` walk output dimension `outDim` (of `size`
  /// elements, the others of size 1): value v holds coordinate v.
  static LinearLayout identity1D(unsigned numOutDims, InDim in,
                                 unsigned outDim, int32_t size);
  /// `size` values of `in` that all hold the same element (every output
  /// dimension of size 1): pure broadcast.
  static LinearLayout zeros1D(unsigned numOutDims, InDim in, int32_t size);

  /// `inner * outer`: `outer` repeats `inner` as a block. Each input keeps
  /// inner's bits low and gets outer's above them; outer's coordinates are
  /// scaled by inner's output sizes (which multiply). Both must have the same
  /// number of output dimensions.
  friend LinearLayout operator*(const LinearLayout &inner,
                                const LinearLayout &outer);

  //===--------------------------------------------------------------------===//
  // Sizes and bases
  //===--------------------------------------------------------------------===//

  unsigned getInDimSizeLog2(InDim in) const { return getBases(in).size(); }
  int32_t getInDimSize(InDim in) const { return 1 << getInDimSizeLog2(in); }
  int32_t getNumRegisters() const { return getInDimSize(InDim::Register); }
  int32_t getNumLanes() const { return getInDimSize(InDim::Lane); }
  int32_t getNumWarps() const { return getInDimSize(InDim::Warp); }

  unsigned getNumOutDims() const { return outDimSizes.size(); }
  int32_t getOutDimSize(unsigned dim) const { return outDimSizes[dim]; }
  unsigned getOutDimSizeLog2(unsigned dim) const;
  llvm::ArrayRef<int32_t> getOutDimSizes() const { return outDimSizes; }
  /// Number of tensor elements: the product of the output sizes.
  int64_t getTotalOutSize() const;

  llvm::ArrayRef<Basis> getBases(InDim in) const {
    return bases[static_cast<unsigned>(in)];
  }
  const Basis &getBasis(InDim in, unsigned bit) const {
    return getBases(in)[bit];
  }

  //===--------------------------------------------------------------------===//
  // Queries
  //===--------------------------------------------------------------------===//

  /// The coordinates of the element that (reg, lane, warp) holds. Bits beyond
  /// an input's size are ignored.
  llvm::SmallVector<int32_t> apply(int32_t reg, int32_t lane,
                                   int32_t warp) const;

  /// Bit i is set when bit i of `in` is a free variable: it adds nothing the
  /// input bits before it (registers, then lanes, then warps, low bits first)
  /// do not already reach, so flipping it lands on an element held elsewhere.
  /// Zero bases are the usual case (broadcast). Every element is held by
  /// exactly one (register, lane, warp) whose free bits are all zero: the
  /// owner, e.g. the one thread that performs an atomic.
  uint32_t getFreeVariableMask(InDim in) const;

  /// Every element of the tensor is held somewhere.
  bool isSurjective() const;

  /// How many consecutive elements along `outDim` a thread holds in
  /// consecutive registers, in order, starting at every multiple of that
  /// count (1 when nothing vectorises). The vector width of loads and stores.
  int32_t getNumConsecutiveInOut(unsigned outDim) const;
  /// Along the fastest (last) output dimension; 1 without output dimensions.
  int32_t getNumConsecutiveInOut() const {
    return getNumOutDims() ? getNumConsecutiveInOut(getNumOutDims() - 1) : 1;
  }

  //===--------------------------------------------------------------------===//
  // Transformations (each returns a new layout)
  //===--------------------------------------------------------------------===//

  /// Drops output dimension `dim`: bases that only moved along it become zero
  /// (free variables) but are kept; see `removeZeroBases`.
  LinearLayout removeOutDim(unsigned dim) const;
  /// Drops the zero bases of `in`, renumbering the remaining bits. Meant for
  /// registers (a thread keeps one copy of each element); lanes and warps are
  /// fixed by the hardware.
  LinearLayout removeZeroBases(InDim in) const;
  /// Reads the output coordinates as one row-major index and splits it again
  /// into dimensions of `newSizes` (same number of elements): flatten,
  /// unflatten, and tile.reshape.
  LinearLayout reshapeOuts(llvm::ArrayRef<int32_t> newSizes) const;
  /// Output dimension i of the result is output dimension perm[i] of this.
  LinearLayout permuteOuts(llvm::ArrayRef<unsigned> perm) const;
  /// Fits the layout to a tensor of `shape` (powers of two): an output
  /// dimension larger than the shape wraps around (its high bits become zero
  /// bases: broadcast), a smaller one repeats in more registers, added for the
  /// dimensions in `order` (fastest first).
  LinearLayout fitToShape(llvm::ArrayRef<int64_t> shape,
                          llvm::ArrayRef<unsigned> order) const;

  /// The map C from this layout's hardware indices to `outer`'s with
  /// outer(C(x)) == this(x) for every x: C's output dimensions are outer's
  /// [register, lane, warp] (sizes outer.getNumRegisters(), ...). For a
  /// conversion src -> dst, `dst.invertAndCompose(src)` says, for each
  /// destination (register, lane, warp), where the source holds its element.
  /// Where `outer` holds an element in several places, C picks the one that
  /// moves data the least: the same lane and warp if possible, else the same
  /// warp. nullopt when the output sizes differ or `outer` misses an element
  /// this layout holds.
  std::optional<LinearLayout> invertAndCompose(const LinearLayout &outer) const;

  bool operator==(const LinearLayout &other) const {
    return bases == other.bases && outDimSizes == other.outDimSizes;
  }
  bool operator!=(const LinearLayout &other) const { return !(*this == other); }

  /// `register: [[0,1],[0,2]] lane: [[1,0]] warp: [] out: [2,4]`.
  std::string toString() const;

private:
  /// The output coordinates as one row-major index (the last dimension in the
  /// low bits): the vector the linear algebra works on.
  uint64_t flatten(llvm::ArrayRef<int32_t> coords) const;
  Basis unflatten(uint64_t flat) const;

  std::array<llvm::SmallVector<Basis>, kNumInDims> bases;
  llvm::SmallVector<int32_t> outDimSizes;
};

llvm::raw_ostream &operator<<(llvm::raw_ostream &os, const LinearLayout &ll);

//===----------------------------------------------------------------------===//
// What a conversion between two layouts of the same tensor costs
//===----------------------------------------------------------------------===//

/// What moving a tensor from layout `src` to layout `dst` takes, cheapest
/// first.
enum class ConversionKind {
  /// Every thread already holds what it needs: each destination register is
  /// one of the thread's own source registers (a RegisterSelect), possibly
  /// chosen by its lane and warp.
  RegisterPermutation,
  /// Data moves between lanes of a warp only, and a WarpShufflePlan exists:
  /// one `shfl.sync.idx` per destination register, no shared memory and no
  /// barrier.
  WarpShuffle,
  /// Data moves between warps, or within warps in a pattern shuffles cannot
  /// serve cheaply: a round trip through shared memory.
  SharedMemory,
};

/// One register per entry of `registers`, picked by every thread among its
/// own: entry k is register `registers[k] ^ t`, where t, fixed per thread, is
/// the XOR of `laneBases` over the set bits of its lane and of `warpBases`
/// over those of its warp. t takes one of `offsets` (0 first), so entry k is
/// a select among `offsets.size()` registers; with `offsets == {0}` it is
/// register `registers[k]` in every thread, a plain renaming.
struct RegisterSelect {
  llvm::SmallVector<int32_t> registers;
  llvm::SmallVector<int32_t> laneBases, warpBases;
  llvm::SmallVector<int32_t> offsets;
};

/// A conversion that keeps every element in its warp, as shuffle rounds, one
/// per destination register. In round k every thread
///   - receives from lane `roundLane[k] ^ u` the value for its destination
///     register `k ^ v`, and
///   - sends entry k of `send`: its source register `send.registers[k] ^ t`,
/// where u, v and t are fixed per thread (XOR of the bases over the set bits
/// of its lane and warp):
///   u: receiverLaneBases, receiverWarpBases;  v: receiverRegisterBases
///   (lane bits only);  t: send.laneBases, send.warpBases.
/// v is 0 and t is 0 in the common case. t is not when which register a
/// thread sends depends on who receives it; the receivers of one sender are
/// then told apart by their lanes (one-to-one), and v is not 0 when it takes
/// rotating the receivers' registers to make them so. t takes one of
/// `send.offsets` and v one of `receiverOffsets` (0 first, at most 8 each):
/// a select among that many registers.
struct WarpShufflePlan {
  llvm::SmallVector<int32_t> roundLane;
  RegisterSelect send;
  llvm::SmallVector<int32_t> receiverLaneBases, receiverWarpBases;
  llvm::SmallVector<int32_t> receiverRegisterBases;
  llvm::SmallVector<int32_t> receiverOffsets;
};

/// How a conversion is lowered: the kind, and the plan of that kind. Every
/// consumer (the lowering, the shared-memory allocator, the remat cost model)
/// reads this one answer, so they cannot disagree.
struct ConversionPlan {
  ConversionKind kind = ConversionKind::SharedMemory;
  /// RegisterPermutation: destination register k is entry k of `inThread`.
  /// Registers are the lowest that hold each element.
  RegisterSelect inThread;
  /// WarpShuffle.
  WarpShufflePlan shuffle;
};

/// How to convert `src` into `dst` (layouts of the same tensor over the same
/// number of lanes and warps): in-thread selects whenever every thread holds
/// what it needs (any number of candidates), else shuffle rounds when every
/// element stays in its warp and senders and receivers choose among at most
/// 8 registers, else shared memory (also when the layouts do not fit
/// together).
ConversionPlan planConversion(const LinearLayout &src, const LinearLayout &dst);
/// planConversion's kind.
ConversionKind getConversionKind(const LinearLayout &src,
                                 const LinearLayout &dst);
/// planConversion's shuffle plan when its kind is WarpShuffle.
std::optional<WarpShufflePlan> planWarpShuffle(const LinearLayout &src,
                                               const LinearLayout &dst);
/// The conversion needs no data movement between threads.
bool isRegisterPermutation(const LinearLayout &src, const LinearLayout &dst);
/// The conversion needs no shared memory: a register permutation or warp
/// shuffles (see getConversionKind).
bool isWithinWarp(const LinearLayout &src, const LinearLayout &dst);

} // namespace mlir::tessera::tgpu

#endif // TESSERA_DIALECT_TILEGPU_IR_LINEARLAYOUT_H
