//===- TileOps.cpp - verifiers and interfaces of tile ops -----------------===//
//
// Every check a tile program must pass before layouts are assigned. Shapes
// are compared without their encodings, so the same verifiers hold after
// `tile-to-tgpu` has given every tensor a layout.
//
//===----------------------------------------------------------------------===//
#include "tessera/Dialect/Tile/IR/Tile.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::tessera::tile;

#define GET_OP_CLASSES
#include "tessera/Dialect/Tile/IR/TileOps.cpp.inc"

namespace {

/// The shape of a tensor, or the empty shape of a scalar.
ArrayRef<int64_t> shapeOf(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor.getShape();
  return {};
}

bool isScalar(Type type) { return !isa<RankedTensorType>(type); }

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string result = "[";
  llvm::raw_string_ostream os(result);
  llvm::interleaveComma(shape, os);
  os << "]";
  return result;
}

} // namespace

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

LogicalResult MakeRangeOp::verify() {
  // Signed: the accessors of I32Attr zero-extend, so `start = -4` would read
  // as 4294967292.
  int64_t start = getStartAttr().getInt(), end = getEndAttr().getInt();
  if (end <= start)
    return emitOpError("end (") << end << ") must be greater than start ("
                                << start << ")";
  RankedTensorType type = getResult().getType();
  if (type.getRank() != 1)
    return emitOpError("result must be a 1-D tensor, got rank ")
           << type.getRank();
  if (type.getDimSize(0) != end - start)
    return emitOpError("result has ")
           << type.getDimSize(0) << " elements but the range [" << start
           << ", " << end << ") has " << end - start;
  if (!llvm::isPowerOf2_64(end - start))
    return emitOpError("range length ")
           << end - start << " must be a power of two";
  return success();
}

LogicalResult BroadcastOp::verify() {
  ArrayRef<int64_t> src = getSrc().getType().getShape();
  ArrayRef<int64_t> res = getResult().getType().getShape();
  if (src.size() != res.size())
    return emitOpError("source rank ")
           << src.size() << " differs from result rank " << res.size()
           << "; use tile.expand_dims to add dimensions";
  for (auto [i, s, r] : llvm::enumerate(src, res))
    if (s != r && s != 1)
      return emitOpError("dimension ")
             << i << " of the source has size " << s
             << ": only unit dimensions can be broadcast (to " << r << ")";
  return success();
}

LogicalResult ExpandDimsOp::verify() {
  ArrayRef<int64_t> src = getSrc().getType().getShape();
  ArrayRef<int64_t> res = getResult().getType().getShape();
  int64_t axis = getAxisAttr().getInt();
  if (axis < 0 || axis > static_cast<int64_t>(src.size()))
    return emitOpError("axis ") << axis << " is out of range [0, "
                                << src.size() << "]";
  SmallVector<int64_t> expected(src);
  expected.insert(expected.begin() + axis, 1);
  if (ArrayRef<int64_t>(expected) != res)
    return emitOpError("result shape ")
           << shapeString(res) << " should be " << shapeString(expected);
  return success();
}

LogicalResult ReshapeOp::verify() {
  RankedTensorType src = getSrc().getType(), res = getResult().getType();
  if (src.getNumElements() != res.getNumElements())
    return emitOpError("source has ")
           << src.getNumElements() << " elements but the result has "
           << res.getNumElements();
  return success();
}

LogicalResult TransOp::verify() {
  ArrayRef<int64_t> src = getSrc().getType().getShape();
  ArrayRef<int64_t> res = getResult().getType().getShape();
  ArrayRef<int32_t> order = getOrder();
  if (order.size() != src.size())
    return emitOpError("order has ")
           << order.size() << " entries but the source has rank "
           << src.size();
  SmallVector<bool> seen(order.size(), false);
  for (int32_t d : order) {
    if (d < 0 || d >= static_cast<int32_t>(order.size()) || seen[d])
      return emitOpError("order must be a permutation of [0, ")
             << order.size() << ")";
    seen[d] = true;
  }
  if (res.size() != src.size())
    return emitOpError("result rank differs from source rank");
  for (auto [i, d] : llvm::enumerate(order))
    if (res[i] != src[d])
      return emitOpError("result dimension ")
             << i << " has size " << res[i] << " but source dimension " << d
             << " has size " << src[d];
  return success();
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

LogicalResult AddPtrOp::verify() {
  Type ptr = getPtr().getType(), offset = getOffset().getType();
  if (isScalar(ptr) != isScalar(offset) || shapeOf(ptr) != shapeOf(offset))
    return emitOpError("offset shape ")
           << shapeString(shapeOf(offset)) << " must match pointer shape "
           << shapeString(shapeOf(ptr));
  return success();
}

LogicalResult LoadOp::verify() {
  if (getOther() && !getMask())
    return emitOpError("'other' is only meaningful together with a mask");
  return success();
}

void LoadOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  effects.emplace_back(MemoryEffects::Read::get(), &getPtrMutable(),
                       SideEffects::DefaultResource::get());
  // A volatile load must not be merged with another or removed when unused.
  if (getIsVolatile())
    effects.emplace_back(MemoryEffects::Write::get(),
                         SideEffects::DefaultResource::get());
}

/// Address space 4 is the read-only constant bank.
static constexpr int kConstantAddressSpace = 4;

LogicalResult StoreOp::verify() {
  auto ptr = cast<PointerType>(getElementTypeOrSelf(getPtr().getType()));
  if (ptr.getAddressSpace() == kConstantAddressSpace)
    return emitOpError("cannot store to the constant address space");
  return success();
}

void StoreOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  effects.emplace_back(MemoryEffects::Write::get(), &getPtrMutable(),
                       SideEffects::DefaultResource::get());
}

//===----------------------------------------------------------------------===//
// Dot
//===----------------------------------------------------------------------===//

/// Whether `a x b -> acc` is a product the tensor cores (or FMA fallback)
/// implement.
static bool isLegalDotTypes(Type a, Type b, Type acc) {
  if (a != b) {
    // Mixed fp8 formats are fine, as on Hopper.
    if (!(isa<Float8E4M3FNType, Float8E5M2Type>(a) &&
          isa<Float8E4M3FNType, Float8E5M2Type>(b)))
      return false;
  }
  if (a.isF16())
    return acc.isF16() || acc.isF32();
  if (a.isBF16() || a.isF32())
    return acc.isF32();
  if (isa<Float8E4M3FNType, Float8E5M2Type>(a))
    return acc.isF16() || acc.isF32();
  if (a.isInteger(8))
    return acc.isInteger(32);
  if (a.isF64())
    return acc.isF64();
  return false;
}

LogicalResult DotOp::verify() {
  RankedTensorType a = getA().getType(), b = getB().getType(),
                   c = getC().getType();
  int64_t rank = a.getRank();
  if (rank != 2 && rank != 3)
    return emitOpError("operands must have rank 2 (or 3 with a batch "
                       "dimension), got ")
           << rank;
  if (b.getRank() != rank || c.getRank() != rank)
    return emitOpError("a, b and the accumulator must have the same rank");
  int64_t m = a.getDimSize(rank - 2), k = a.getDimSize(rank - 1);
  int64_t kb = b.getDimSize(rank - 2), n = b.getDimSize(rank - 1);
  if (k != kb)
    return emitOpError("reduction dimensions differ: a is ")
           << m << "x" << k << " but b is " << kb << "x" << n;
  if (c.getDimSize(rank - 2) != m || c.getDimSize(rank - 1) != n)
    return emitOpError("accumulator must be ")
           << m << "x" << n << ", got " << shapeString(c.getShape());
  if (rank == 3 && (a.getDimSize(0) != b.getDimSize(0) ||
                    a.getDimSize(0) != c.getDimSize(0)))
    return emitOpError("batch dimensions differ");
  Type ea = a.getElementType(), eb = b.getElementType(),
       ec = c.getElementType();
  if (!isLegalDotTypes(ea, eb, ec))
    return emitOpError("unsupported operand/accumulator types ")
           << ea << " x " << eb << " -> " << ec;
  if (getInputPrecision() != InputPrecision::ieee && !ea.isF32())
    return emitOpError("input_precision ")
           << stringifyInputPrecision(getInputPrecision())
           << " only applies to f32 operands";
  return success();
}

//===----------------------------------------------------------------------===//
// Reduce and scan
//===----------------------------------------------------------------------===//

/// Checks shared by reduce and scan: same-shaped sources and an axis in range.
static LogicalResult verifySourcesAndAxis(Operation *op, ValueRange srcs,
                                          int64_t axis, size_t numResults) {
  if (srcs.empty())
    return op->emitOpError("needs at least one source");
  if (numResults != srcs.size())
    return op->emitOpError("has ")
           << srcs.size() << " sources but " << numResults << " results";
  ArrayRef<int64_t> shape = cast<RankedTensorType>(srcs[0].getType()).getShape();
  for (Value src : srcs.drop_front())
    if (cast<RankedTensorType>(src.getType()).getShape() != shape)
      return op->emitOpError("sources must all have shape ")
             << shapeString(shape);
  if (axis < 0 || axis >= static_cast<int64_t>(shape.size()))
    return op->emitOpError("axis ")
           << axis << " is out of range for rank " << shape.size();
  return success();
}

/// The combiner takes (a_0..a_{N-1}, b_0..b_{N-1}) and yields N scalars of
/// the sources' element types through `ReturnOpTy`. The traits have already
/// checked that the region has one non-empty block ending in a terminator.
template <typename ReturnOpTy>
static LogicalResult verifyCombiner(Operation *op, Region &region,
                                    ValueRange srcs) {
  Block &block = region.front();
  size_t n = srcs.size();
  if (block.getNumArguments() != 2 * n)
    return op->emitOpError("combiner must take ")
           << 2 * n << " arguments, got " << block.getNumArguments();
  for (auto [i, src] : llvm::enumerate(srcs)) {
    Type elem = getElementTypeOrSelf(src.getType());
    if (block.getArgument(i).getType() != elem ||
        block.getArgument(i + n).getType() != elem)
      return op->emitOpError("combiner arguments ")
             << i << " and " << i + n << " must have type " << elem;
  }
  // Any terminator without a parent constraint (`llvm.unreachable`) would
  // otherwise pass for a combiner that yields nothing.
  Operation *terminator = &block.back();
  if (!isa<ReturnOpTy>(terminator))
    return op->emitOpError("combiner must end with '")
           << ReturnOpTy::getOperationName() << "', got '"
           << terminator->getName() << "'";
  if (terminator->getNumOperands() != n)
    return op->emitOpError("combiner must yield ")
           << n << " values, got " << terminator->getNumOperands();
  for (auto [i, src] : llvm::enumerate(srcs)) {
    Type elem = getElementTypeOrSelf(src.getType());
    if (terminator->getOperand(i).getType() != elem)
      return op->emitOpError("combiner result ")
             << i << " must have type " << elem << ", got "
             << terminator->getOperand(i).getType();
  }
  return success();
}

LogicalResult ReduceOp::verify() {
  if (failed(verifySourcesAndAxis(*this, getSrcs(), getAxisAttr().getInt(),
                                  getNumResults())))
    return failure();
  SmallVector<int64_t> expected(getSrcShape());
  expected.erase(expected.begin() + getAxis());
  for (auto [i, src, res] : llvm::enumerate(getSrcs(), getResults())) {
    Type elem = getElementTypeOrSelf(src.getType());
    if (getElementTypeOrSelf(res.getType()) != elem)
      return emitOpError("result ") << i << " must have element type " << elem;
    if (expected.empty() ? !isScalar(res.getType())
                         : (isScalar(res.getType()) ||
                            shapeOf(res.getType()) != ArrayRef(expected)))
      return emitOpError("result ")
             << i << " must be "
             << (expected.empty() ? "a scalar"
                                  : "of shape " + shapeString(expected));
  }
  return success();
}

LogicalResult ReduceOp::verifyRegions() {
  return verifyCombiner<ReduceReturnOp>(*this, getCombineOp(), getSrcs());
}

LogicalResult ScanOp::verify() {
  if (failed(verifySourcesAndAxis(*this, getSrcs(), getAxisAttr().getInt(),
                                  getNumResults())))
    return failure();
  for (auto [i, src, res] : llvm::enumerate(getSrcs(), getResults()))
    if (shapeOf(src.getType()) != shapeOf(res.getType()) ||
        getElementTypeOrSelf(src.getType()) != getElementTypeOrSelf(res.getType()))
      return emitOpError("result ")
             << i << " must have the shape and element type of its source";
  return success();
}

LogicalResult ScanOp::verifyRegions() {
  return verifyCombiner<ScanReturnOp>(*this, getCombineOp(), getSrcs());
}

//===----------------------------------------------------------------------===//
// Atomics
//===----------------------------------------------------------------------===//

static LogicalResult verifyAtomicPointer(Operation *op, Type ptrLike) {
  auto ptr = cast<PointerType>(getElementTypeOrSelf(ptrLike));
  // Atomics exist on global and shared memory only.
  if (ptr.getAddressSpace() != 1 && ptr.getAddressSpace() != 3)
    return op->emitOpError("atomics need a global (1) or shared (3) pointer, "
                           "got address space ")
           << ptr.getAddressSpace();
  return success();
}

LogicalResult AtomicRMWOp::verify() {
  if (failed(verifyAtomicPointer(*this, getPtr().getType())))
    return failure();
  Type ptr = getPtr().getType(), val = getVal().getType();
  if (!isScalar(val) && (isScalar(ptr) || shapeOf(val) != shapeOf(ptr)))
    return emitOpError("value must be a scalar or have the pointer's shape ")
           << shapeString(shapeOf(ptr));
  Type elem = getElementTypeOrSelf(val);
  if (elem != getElementTypeOrSelf(getPointeeTypeLike(ptr)))
    return emitOpError("value element type ")
           << elem << " differs from the pointee type";
  bool isInt32Or64 = elem.isInteger(32) || elem.isInteger(64);
  bool isFloat = isa<Float16Type, BFloat16Type, Float32Type, Float64Type>(elem);
  bool ok = false;
  switch (getKind()) {
  case RMWKind::add:
  case RMWKind::umax:
  case RMWKind::umin:
  case RMWKind::AND:
  case RMWKind::OR:
  case RMWKind::XOR:
    ok = isInt32Or64;
    break;
  case RMWKind::fadd:
    ok = isFloat;
    break;
  case RMWKind::max:
  case RMWKind::min:
    ok = isInt32Or64 || isFloat;
    break;
  case RMWKind::xchg:
    ok = isInt32Or64 || elem.isF32() || elem.isF64();
    break;
  }
  if (!ok)
    return emitOpError("'") << stringifyRMWKind(getKind())
                            << "' is not defined on " << elem;
  return success();
}

void AtomicRMWOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  effects.emplace_back(MemoryEffects::Read::get(), &getPtrMutable(),
                       SideEffects::DefaultResource::get());
  effects.emplace_back(MemoryEffects::Write::get(), &getPtrMutable(),
                       SideEffects::DefaultResource::get());
}

LogicalResult BarrierOp::verify() {
  // A combiner region runs per element pair, in whatever threads the
  // lowering picks: a barrier there would wait on threads that never come.
  Operation *combiner = (*this)->getParentOp();
  while (combiner && !isa<ReduceOp, ScanOp>(combiner))
    combiner = combiner->getParentOp();
  if (combiner)
    return emitOpError("is not allowed in the combiner of '")
           << combiner->getName() << "'";
  return success();
}

void BarrierOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  // A fence for everything the program can reach: nothing moves across it.
  effects.emplace_back(MemoryEffects::Read::get(),
                       SideEffects::DefaultResource::get());
  effects.emplace_back(MemoryEffects::Write::get(),
                       SideEffects::DefaultResource::get());
}

LogicalResult AtomicCASOp::verify() {
  if (failed(verifyAtomicPointer(*this, getPtr().getType())))
    return failure();
  unsigned bits = getElementBitWidth(getElementTypeOrSelf(getVal().getType()));
  if (bits != 16 && bits != 32 && bits != 64)
    return emitOpError("compare-and-swap needs 16-, 32- or 64-bit elements, got ")
           << bits << " bits";
  return success();
}

void AtomicCASOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  effects.emplace_back(MemoryEffects::Read::get(), &getPtrMutable(),
                       SideEffects::DefaultResource::get());
  effects.emplace_back(MemoryEffects::Write::get(), &getPtrMutable(),
                       SideEffects::DefaultResource::get());
}

//===----------------------------------------------------------------------===//
// Functions
//===----------------------------------------------------------------------===//

void FuncOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                   FunctionType type, ArrayRef<NamedAttribute> attrs) {
  state.addAttribute(SymbolTable::getSymbolAttrName(),
                     builder.getStringAttr(name));
  state.addAttribute(getFunctionTypeAttrName(state.name), TypeAttr::get(type));
  state.attributes.append(attrs.begin(), attrs.end());
  state.addRegion();
}

ParseResult FuncOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildFuncType = [](Builder &builder, ArrayRef<Type> argTypes,
                          ArrayRef<Type> results,
                          function_interface_impl::VariadicFlag,
                          std::string &) {
    return builder.getFunctionType(argTypes, results);
  };
  return function_interface_impl::parseFunctionOp(
      parser, result, /*allowVariadic=*/false,
      getFunctionTypeAttrName(result.name), buildFuncType,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
}

void FuncOp::print(OpAsmPrinter &printer) {
  function_interface_impl::printFunctionOp(
      printer, *this, /*isVariadic=*/false, getFunctionTypeAttrName(),
      getArgAttrsAttrName(), getResAttrsAttrName());
}

LogicalResult FuncOp::verify() {
  Operation *op = getOperation();
  if (Attribute kernel = op->getAttr(getKernelAttrName())) {
    if (!isa<UnitAttr>(kernel))
      return emitOpError("'") << getKernelAttrName() << "' must be a unit attribute";
    if (!getResultTypes().empty())
      return emitOpError("a kernel cannot return values");
    if (isPrivate())
      return emitOpError("a kernel must be public");
  }
  if (Attribute attr = op->getAttr(getNumWarpsAttrName())) {
    auto warps = dyn_cast<IntegerAttr>(attr);
    if (!warps || !warps.getType().isInteger(32))
      return emitOpError("'") << getNumWarpsAttrName() << "' must be an i32";
    int64_t n = warps.getInt();
    if (n < 1 || n > 32 || !llvm::isPowerOf2_64(n))
      return emitOpError("'") << getNumWarpsAttrName()
                              << "' must be a power of two in [1, 32], got " << n;
  }
  for (auto [i, type] : llvm::enumerate(getArgumentTypes())) {
    Attribute attr = getArgAttr(i, getDivisibilityAttrName());
    if (!attr)
      continue;
    auto div = dyn_cast<IntegerAttr>(attr);
    if (!div || div.getInt() < 1 || !llvm::isPowerOf2_64(div.getInt()))
      return emitOpError("argument ")
             << i << ": '" << getDivisibilityAttrName()
             << "' must be a positive power of two";
    if (!isa<PointerType, IntegerType>(type))
      return emitOpError("argument ")
             << i << ": '" << getDivisibilityAttrName()
             << "' applies to pointers and integers only, not " << type;
  }
  return success();
}

LogicalResult CallOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto fn = symbolTable.lookupNearestSymbolFrom<FuncOp>(*this, getCalleeAttr());
  if (!fn)
    return emitOpError("'") << getCallee()
                            << "' does not reference a tile.func";
  if (fn.isKernel())
    return emitOpError("cannot call kernel '") << getCallee()
                                               << "' from device code";
  FunctionType type = fn.getFunctionType();
  if (type.getNumInputs() != getNumOperands())
    return emitOpError("passes ") << getNumOperands() << " arguments but '"
                                  << getCallee() << "' takes "
                                  << type.getNumInputs();
  for (auto [i, expected, actual] :
       llvm::enumerate(type.getInputs(), getOperandTypes()))
    if (expected != actual)
      return emitOpError("argument ")
             << i << " has type " << actual << " but the callee expects "
             << expected;
  if (type.getResults() != ArrayRef<Type>(llvm::to_vector(getResultTypes())))
    return emitOpError("result types differ from the callee's");
  return success();
}

LogicalResult ReturnOp::verify() {
  auto fn = cast<FuncOp>((*this)->getParentOp());
  ArrayRef<Type> expected = fn.getResultTypes();
  if (expected.size() != getSrcs().size())
    return emitOpError("returns ") << getSrcs().size()
                                   << " values but the function has "
                                   << expected.size() << " results";
  for (auto [i, e, a] : llvm::enumerate(expected, getSrcs().getTypes()))
    if (e != a)
      return emitOpError("value ") << i << " has type " << a
                                   << " but the function returns " << e;
  return success();
}
