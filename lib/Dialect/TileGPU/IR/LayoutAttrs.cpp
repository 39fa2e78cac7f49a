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
  auto checkPow2 = [&](StringRef what, ArrayRef<unsigned> values) {
    for (unsigned v : values)
      if (v == 0 || !llvm::isPowerOf2_32(v))
        return failure();
    (void)what;
    return success();
  };
  for (auto [what, values] :
       {std::pair<StringRef, ArrayRef<unsigned>>{"sizePerThread", sizePerThread},
        {"threadsPerWarp", threadsPerWarp},
        {"warpsPerCTA", warpsPerCTA}})
    if (failed(checkPow2(what, values)))
      return emitError() << what << " entries must be powers of two";
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
  for (int64_t d : shape)
    if (d <= 0 || !llvm::isPowerOf2_64(d))
      return emitError() << "distributed tensors need power-of-two "
                            "dimensions, got "
                         << d;
  return success();
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
  for (int64_t d : shape)
    if (d <= 0 || !llvm::isPowerOf2_64(d))
      return emitError() << "distributed tensors need power-of-two "
                            "dimensions, got "
                         << d;
  return success();
}

//===----------------------------------------------------------------------===//
// Layout construction
//===----------------------------------------------------------------------===//

namespace mlir::tessera::tgpu {

BlockedEncodingAttr getDefaultBlockedLayout(MLIRContext *ctx,
                                            ArrayRef<int64_t> shape,
                                            unsigned numWarps,
                                            unsigned threadsPerWarp) {
  unsigned rank = shape.size();
  SmallVector<unsigned> sizePerThread(rank, 1), lanes(rank, 1), warps(rank, 1),
      order;
  for (unsigned d = rank; d-- > 0;)
    order.push_back(d);
  // Hand out lanes, then warps, from the fastest dimension to the slowest,
  // never more along a dimension than it has elements left to cover.
  unsigned lanesLeft = threadsPerWarp, warpsLeft = numWarps;
  for (unsigned d : order) {
    unsigned size = static_cast<unsigned>(std::max<int64_t>(shape[d], 1));
    lanes[d] = std::min(lanesLeft, size);
    lanesLeft /= lanes[d];
  }
  for (unsigned d : order) {
    unsigned size = static_cast<unsigned>(std::max<int64_t>(shape[d], 1));
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
