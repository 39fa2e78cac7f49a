//===- AxisInfo.cpp - lattice, solver driver and query API ----------------===//
//
// The transfer functions of individual ops live in AxisInfoRules.cpp; this
// file holds what the dataflow framework needs around them: the lattice join,
// entry states (function arguments), the scf.for induction variable, and the
// ModuleAxisInfo queries the LLVM lowering makes.
//
//===----------------------------------------------------------------------===//
#include "tessera/Analysis/AxisInfo.h"
#include "AxisInfoRules.h"

#include "tessera/Dialect/Tile/IR/Tile.h"

#include "mlir/Analysis/DataFlow/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <numeric>

using namespace mlir;
using namespace mlir::tessera;
using namespace mlir::tessera::axisinfo;

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

SmallVector<int64_t, 4> axisinfo::getShapeOrScalar(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || tensor.getRank() == 0)
    return {1};
  return SmallVector<int64_t, 4>(tensor.getShape());
}

int64_t axisinfo::getElementStep(Type type) {
  auto ptr = dyn_cast<tile::PointerType>(getElementTypeOrSelf(type));
  if (!ptr)
    return 1;
  // Sub-byte pointees (i1) are stored as bytes.
  return std::max<int64_t>(1,
                           tile::getElementBitWidth(ptr.getPointeeType()) / 8);
}

int64_t axisinfo::highestPowerOf2Divisor(int64_t x) {
  if (x == 0)
    return AxisInfo::kMaxDivisibility;
  uint64_t u = static_cast<uint64_t>(x);
  return std::min<uint64_t>(u & (~u + 1), AxisInfo::kMaxDivisibility);
}

//===----------------------------------------------------------------------===//
// AxisInfo
//===----------------------------------------------------------------------===//

AxisInfo::AxisInfo(DimVector contiguity, DimVector divisibility,
                   DimVector constancy, std::optional<int64_t> constantValue)
    : contiguity(std::move(contiguity)), divisibility(std::move(divisibility)),
      constancy(std::move(constancy)), constantValue(constantValue) {
  assert(this->contiguity.size() == this->divisibility.size() &&
         this->contiguity.size() == this->constancy.size() &&
         "one entry per dimension in every property");
}

AxisInfo AxisInfo::getUnknown(Type type) {
  size_t n = getShapeOrScalar(type).size();
  return AxisInfo(DimVector(n, 1), DimVector(n, getElementStep(type)),
                  DimVector(n, 1));
}

AxisInfo AxisInfo::getConstant(Type type, int64_t value) {
  SmallVector<int64_t, 4> shape = getShapeOrScalar(type);
  size_t n = shape.size();
  return AxisInfo(DimVector(n, 1), DimVector(n, highestPowerOf2Divisor(value)),
                  DimVector(shape.begin(), shape.end()), value);
}

AxisInfo AxisInfo::join(const AxisInfo &lhs, const AxisInfo &rhs) {
  if (lhs.isUninitialized())
    return rhs;
  if (rhs.isUninitialized())
    return lhs;
  assert(lhs.getNumDims() == rhs.getNumDims() && "joining different ranks");
  // All entries are powers of two, so gcd is the minimum: the runs both sides
  // guarantee are the shorter ones, the divisor both guarantee the smaller.
  auto gcds = [](ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
    DimVector out;
    for (auto [x, y] : llvm::zip_equal(a, b))
      out.push_back(std::gcd(x, y));
    return out;
  };
  std::optional<int64_t> constant;
  if (lhs.constantValue == rhs.constantValue)
    constant = lhs.constantValue;
  return AxisInfo(gcds(lhs.contiguity, rhs.contiguity),
                  gcds(lhs.divisibility, rhs.divisibility),
                  gcds(lhs.constancy, rhs.constancy), constant);
}

void AxisInfo::print(raw_ostream &os) const {
  if (isUninitialized()) {
    os << "<uninitialized>";
    return;
  }
  auto list = [&](StringRef name, ArrayRef<int64_t> values) {
    os << name << " = [";
    llvm::interleaveComma(values, os);
    os << "]";
  };
  list("contiguity", contiguity);
  os << ", ";
  list("divisibility", divisibility);
  os << ", ";
  list("constancy", constancy);
  if (constantValue)
    os << ", constant_value = " << *constantValue;
}

//===----------------------------------------------------------------------===//
// AxisInfoAnalysis
//===----------------------------------------------------------------------===//

LogicalResult
AxisInfoAnalysis::visitOperation(Operation *op,
                                 ArrayRef<const AxisInfoLattice *> operands,
                                 ArrayRef<AxisInfoLattice *> results) {
  SmallVector<AxisInfo> inputs;
  for (const AxisInfoLattice *operand : operands) {
    // Not reached yet (e.g. a loop-carried value on the first visit): this op
    // is visited again once it is.
    if (operand->getValue().isUninitialized())
      return success();
    inputs.push_back(operand->getValue());
  }
  // The rules describe single-result ops; the framework itself handles calls
  // and region control flow (scf.for/if/while) before we get here.
  for (auto [result, lattice] : llvm::zip_equal(op->getResults(), results)) {
    AxisInfo info = op->getNumResults() == 1
                        ? inferAxisInfo(op, inputs)
                        : AxisInfo::getUnknown(result.getType());
    propagateIfChanged(lattice, lattice->join(info));
  }
  return success();
}

void AxisInfoAnalysis::setToEntryState(AxisInfoLattice *lattice) {
  Value value = lattice->getAnchor();
  AxisInfo info = AxisInfo::getUnknown(value.getType());
  // `tile.divisibility = N` on a function argument promises a multiple of N
  // (bytes for pointers). Every element is such a multiple, whatever the
  // contiguity, so it applies to every dimension.
  auto arg = dyn_cast<BlockArgument>(value);
  auto func = arg ? dyn_cast<FunctionOpInterface>(arg.getOwner()->getParentOp())
                  : FunctionOpInterface();
  if (func && arg.getOwner()->isEntryBlock()) {
    if (auto div = func.getArgAttrOfType<IntegerAttr>(
            arg.getArgNumber(), tile::FuncOp::getDivisibilityAttrName())) {
      int64_t promised = std::min(div.getInt(), AxisInfo::kMaxDivisibility);
      SmallVector<int64_t, 4> divisibility;
      for (int64_t v : info.getDivisibility())
        divisibility.push_back(std::max(v, promised));
      info = AxisInfo(AxisInfo::DimVector(info.getContiguity()), divisibility,
                      AxisInfo::DimVector(info.getConstancy()));
    }
  }
  propagateIfChanged(lattice, lattice->join(info));
}

void AxisInfoAnalysis::visitNonControlFlowArguments(
    Operation *op, const RegionSuccessor &successor,
    ArrayRef<AxisInfoLattice *> argLattices, unsigned firstIndex) {
  auto forOp = dyn_cast<scf::ForOp>(op);
  if (!forOp || successor.getSuccessor() != &forOp.getRegion())
    return SparseForwardDataFlowAnalysis::visitNonControlFlowArguments(
        op, successor, argLattices, firstIndex);

  // The induction variable is lb + i * step: a multiple of whatever divides
  // both. (Loop-carried values are joined by the framework.)
  ProgramPoint *point = getProgramPointAfter(op);
  const AxisInfo &lb =
      getLatticeElementFor(point, forOp.getLowerBound())->getValue();
  const AxisInfo &step =
      getLatticeElementFor(point, forOp.getStep())->getValue();
  if (!lb.isUninitialized() && !step.isUninitialized()) {
    AxisInfo iv({1}, {std::gcd(lb.getDivisibility(0), step.getDivisibility(0))},
                {1});
    AxisInfoLattice *ivLattice = argLattices[0];
    propagateIfChanged(ivLattice, ivLattice->join(iv));
  }
  // Arguments past the loop-carried ones (none today) are unknown. Not
  // `firstIndex`-based: without iter_args the framework passes 0, not 1.
  unsigned carried = successor.getSuccessorInputs().size();
  setAllToEntryStates(argLattices.drop_front(1 + carried));
}

//===----------------------------------------------------------------------===//
// ModuleAxisInfo
//===----------------------------------------------------------------------===//

ModuleAxisInfo::ModuleAxisInfo(Operation *root) {
  DataFlowSolver solver;
  // Dead-code analysis decides which blocks run and which call sites and
  // region predecessors are known; it needs constant propagation to read
  // branch conditions. Without both, no block would be visited.
  dataflow::loadBaselineAnalyses(solver);
  solver.load<AxisInfoAnalysis>();
  if (failed(solver.initializeAndRun(root)))
    return;
  // Copy the results out so that the solver (and its memory) goes away.
  auto record = [&](Value value) {
    const auto *lattice = solver.lookupState<AxisInfoLattice>(value);
    if (lattice && !lattice->getValue().isUninitialized())
      infos.try_emplace(value, lattice->getValue());
  };
  root->walk([&](Operation *op) {
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          record(arg);
    for (Value result : op->getResults())
      record(result);
  });
}

const AxisInfo *ModuleAxisInfo::lookup(Value v) const {
  auto it = infos.find(v);
  return it == infos.end() ? nullptr : &it->second;
}

unsigned
ModuleAxisInfo::getPtrVectorSize(Value ptr, unsigned dim,
                                 unsigned elemsPerThreadContiguous) const {
  auto tensor = dyn_cast<RankedTensorType>(ptr.getType());
  const AxisInfo *info = lookup(ptr);
  if (!tensor || !info || dim >= tensor.getRank() ||
      !isa<tile::PointerType>(tensor.getElementType()))
    return 1;
  int64_t elemBytes = getElementStep(tensor);
  constexpr int64_t kMaxVectorBytes = 16; // ld.global.v4.b32 / v2.b64
  int64_t vec = std::min({info->getContiguity(dim),
                          static_cast<int64_t>(elemsPerThreadContiguous),
                          std::max<int64_t>(1, kMaxVectorBytes / elemBytes)});
  vec = std::max<int64_t>(1, llvm::bit_floor(static_cast<uint64_t>(vec)));
  // A thread's vector starts a multiple of `vec` elements into a run whose
  // first address is a multiple of the divisibility, so the whole vector is
  // aligned iff its byte size divides that divisibility.
  while (vec > 1 && info->getDivisibility(dim) % (vec * elemBytes) != 0)
    vec /= 2;
  return static_cast<unsigned>(vec);
}

unsigned ModuleAxisInfo::getMaskConstancy(Value mask, unsigned dim) const {
  const AxisInfo *info = lookup(mask);
  if (!info || dim >= info->getNumDims())
    return 1;
  return static_cast<unsigned>(info->getConstancy(dim));
}
