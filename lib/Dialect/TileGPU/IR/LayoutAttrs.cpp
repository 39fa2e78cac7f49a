//===- LayoutAttrs.cpp - blocked and slice layouts ------------------------===//
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::tessera::tgpu;

#include "tessera/Dialect/TileGPU/IR/TileGPUAttrInterfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "tessera/Dialect/TileGPU/IR/TileGPUAttrs.cpp.inc"

void TileGPUDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "tessera/Dialect/TileGPU/IR/TileGPUAttrs.cpp.inc"
      >();
}

namespace mlir::tessera::tgpu {

void printUnsignedList(AsmPrinter &printer, ArrayRef<unsigned> values) {
  printer << '[';
  llvm::interleaveComma(values, printer);
  printer << ']';
}

FailureOr<SmallVector<unsigned>> parseUnsignedList(AsmParser &parser) {
  SmallVector<unsigned> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        return parser.parseInteger(values.emplace_back());
      }))
    return failure();
  return values;
}

} // namespace mlir::tessera::tgpu

static unsigned product(ArrayRef<unsigned> values) {
  unsigned result = 1;
  for (unsigned v : values)
    result *= v;
  return result;
}

/// Registers, lanes, warps and tensor elements are all counted in int32 by the
/// linear layouts (and the LLVM lowering): at most 2^30 of each.
static constexpr unsigned kMaxElementsLog2 = 30;

/// Linear layouts need power-of-two sizes; a tile never comes near 2^30
/// elements, but a typo in a test must not overflow.
static LogicalResult
verifyDistributedShape(ArrayRef<int64_t> shape,
                       function_ref<InFlightDiagnostic()> emitError) {
  unsigned bits = 0;
  for (int64_t d : shape) {
    if (d <= 0 || !llvm::isPowerOf2_64(d))
      return emitError() << "distributed tensors need power-of-two "
                            "dimensions, got "
                         << d;
    bits += llvm::Log2_64(d);
  }
  if (bits > kMaxElementsLog2)
    return emitError() << "distributed tensor of 2^" << bits
                       << " elements is too large (at most 2^"
                       << kMaxElementsLog2 << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// Blocked
//===----------------------------------------------------------------------===//

LogicalResult
BlockedEncodingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                            ArrayRef<unsigned> sizePerThread,
                            ArrayRef<unsigned> threadsPerWarp,
                            ArrayRef<unsigned> warpsPerCTA,
                            ArrayRef<unsigned> order) {
  size_t rank = sizePerThread.size();
  if (rank == 0)
    return emitError() << "blocked layout needs rank at least 1";
  if (threadsPerWarp.size() != rank || warpsPerCTA.size() != rank ||
      order.size() != rank)
    return emitError() << "sizePerThread, threadsPerWarp, warpsPerCTA and "
                          "order must all have "
                       << rank << " entries";
  for (auto [what, values] :
       {std::pair<StringRef, ArrayRef<unsigned>>{"sizePerThread", sizePerThread},
        {"threadsPerWarp", threadsPerWarp},
        {"warpsPerCTA", warpsPerCTA}})
    for (unsigned v : values)
      if (!llvm::isPowerOf2_32(v))
        return emitError() << what << " entries must be powers of two";
  // Counted in bits so that absurd entries cannot overflow: the linear layout
  // indexes registers, lanes, warps and elements with 32-bit integers.
  unsigned tileBits = 0;
  for (ArrayRef<unsigned> values : {sizePerThread, threadsPerWarp, warpsPerCTA})
    for (unsigned v : values)
      tileBits += llvm::Log2_32(v);
  if (tileBits > kMaxElementsLog2)
    return emitError() << "blocked layout tile of 2^" << tileBits
                       << " elements is too large (at most 2^"
                       << kMaxElementsLog2 << ")";
  SmallVector<bool> seen(rank, false);
  for (unsigned d : order) {
    if (d >= rank || seen[d])
      return emitError() << "order must be a permutation of [0, " << rank
                         << ")";
    seen[d] = true;
  }
  return success();
}

unsigned BlockedEncodingAttr::getRank() const { return getSizePerThread().size(); }
unsigned BlockedEncodingAttr::getTotalWarps() const { return product(getWarpsPerCTA()); }
unsigned BlockedEncodingAttr::getTotalLanes() const { return product(getThreadsPerWarp()); }

LogicalResult BlockedEncodingAttr::verifyEncoding(
    ArrayRef<int64_t> shape, Type,
    function_ref<InFlightDiagnostic()> emitError) const {
  if (shape.size() != getSizePerThread().size())
    return emitError() << "blocked layout of rank " << getSizePerThread().size()
                       << " cannot describe a tensor of rank " << shape.size();
  return verifyDistributedShape(shape, emitError);
}

//===----------------------------------------------------------------------===//
// Slice
//===----------------------------------------------------------------------===//

LogicalResult
SliceEncodingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                          unsigned dim, DistributedLayoutAttr parent) {
  if (!parent)
    return emitError() << "slice parent must be a distributed layout";
  if (parent.getRank() < 2)
    return emitError() << "slice parent must have rank at least 2, got "
                       << parent.getRank();
  if (dim >= parent.getRank())
    return emitError() << "slice dim " << dim
                       << " is out of range for a parent of rank "
                       << parent.getRank();
  return success();
}

unsigned SliceEncodingAttr::getRank() const { return getParent().getRank() - 1; }
unsigned SliceEncodingAttr::getTotalWarps() const { return getParent().getTotalWarps(); }
unsigned SliceEncodingAttr::getTotalLanes() const { return getParent().getTotalLanes(); }

LogicalResult SliceEncodingAttr::verifyEncoding(
    ArrayRef<int64_t> shape, Type,
    function_ref<InFlightDiagnostic()> emitError) const {
  unsigned rank = getParent().getRank() - 1;
  if (shape.size() != rank)
    return emitError() << "slice layout of rank " << rank
                       << " cannot describe a tensor of rank " << shape.size();
  return verifyDistributedShape(shape, emitError);
}

//===----------------------------------------------------------------------===//
// Layout construction
//===----------------------------------------------------------------------===//

/// A dimension's size rounded up to a power of two (at least 1, at most
/// 2^31) so that the default layout stays valid even for shapes the
/// verifier will reject.
static unsigned powerOf2Size(int64_t size) {
  if (size <= 1)
    return 1;
  return static_cast<unsigned>(
      llvm::PowerOf2Ceil(std::min<int64_t>(size, int64_t(1) << 31)));
}

namespace mlir::tessera::tgpu {

BlockedEncodingAttr getDefaultBlockedLayout(MLIRContext *ctx,
                                            ArrayRef<int64_t> shape,
                                            unsigned numWarps,
                                            unsigned threadsPerWarp,
                                            unsigned elemsPerThread) {
  unsigned rank = shape.size();
  if (rank == 0)
    return {};
  SmallVector<unsigned> sizePerThread(rank, 1), lanes(rank, 1), warps(rank, 1),
      order;
  for (unsigned d = rank; d-- > 0;)
    order.push_back(d);
  // Consecutive elements per thread along the fastest dimension, but never
  // so many that some threads would get nothing.
  int64_t numElements = 1;
  for (int64_t d : shape)
    if (numElements < (int64_t(1) << 31)) // saturate instead of overflowing
      numElements *= powerOf2Size(d);
  int64_t perThread = std::max<int64_t>(
      1, numElements / (int64_t(numWarps) * threadsPerWarp));
  sizePerThread[order.front()] = static_cast<unsigned>(std::min<int64_t>(
      {powerOf2Size(elemsPerThread), powerOf2Size(shape[order.front()]),
       static_cast<int64_t>(llvm::bit_floor(static_cast<uint64_t>(perThread)))}));
  // Hand out lanes, then warps, from the fastest dimension to the slowest,
  // never more along a dimension than it has elements left to cover.
  unsigned lanesLeft = threadsPerWarp, warpsLeft = numWarps;
  for (unsigned d : order) {
    unsigned size = std::max(1u, powerOf2Size(shape[d]) / sizePerThread[d]);
    lanes[d] = std::min(lanesLeft, size);
    lanesLeft /= lanes[d];
  }
  for (unsigned d : order) {
    unsigned size = powerOf2Size(shape[d]) / sizePerThread[d];
    unsigned room = std::max(1u, size / lanes[d]);
    warps[d] = std::min(warpsLeft, room);
    warpsLeft /= warps[d];
  }
  // A tile smaller than the CTA: the leftover lanes and warps replicate it.
  lanes[order.front()] *= lanesLeft;
  warps[order.front()] *= warpsLeft;
  return BlockedEncodingAttr::get(ctx, sizePerThread, lanes, warps, order);
}

BlockedEncodingAttr permuteBlockedLayout(BlockedEncodingAttr layout,
                                         ArrayRef<int32_t> order) {
  unsigned rank = order.size();
  SmallVector<unsigned> sizePerThread(rank), lanes(rank), warps(rank),
      inverse(rank), newOrder;
  for (unsigned i = 0; i < rank; ++i) {
    sizePerThread[i] = layout.getSizePerThread()[order[i]];
    lanes[i] = layout.getThreadsPerWarp()[order[i]];
    warps[i] = layout.getWarpsPerCTA()[order[i]];
    inverse[order[i]] = i;
  }
  for (unsigned d : layout.getOrder())
    newOrder.push_back(inverse[d]);
  return BlockedEncodingAttr::get(layout.getContext(), sizePerThread, lanes,
                                  warps, newOrder);
}

} // namespace mlir::tessera::tgpu
