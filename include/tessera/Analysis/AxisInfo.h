//===- AxisInfo.h - contiguity, divisibility, constancy ---------*- C++ -*-===//
//
// The axis analysis tells the LLVM lowering how wide a load or store through a
// tensor of pointers may be. For every integer, pointer and i1 SSA value it
// computes, per tensor dimension:
//
//   contiguity   c: along the dimension, the elements split into aligned runs
//                   of c (indices [j*c, (j+1)*c)) in which each element is the
//                   previous one plus 1 (pointers: plus one pointee, i.e.
//                   consecutive addresses);
//   divisibility v: every element whose index along the dimension is a
//                   multiple of c (the first of each run) is a multiple of v
//                   (bytes for pointers, units for integers);
//   constancy    k: along the dimension, the elements split into aligned runs
//                   of k that hold one value.
//
// All three are powers of two; "unknown" is 1. A scalar has one entry. The
// lattice and transfer functions are documented in docs/axis-analysis.md.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_ANALYSIS_AXISINFO_H
#define TESSERA_ANALYSIS_AXISINFO_H

#include "mlir/Analysis/DataFlow/SparseAnalysis.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir::tessera {

/// The lattice value of one SSA value. Default-constructed, it is the bottom
/// of the lattice ("not computed yet"); joins only ever lose knowledge.
class AxisInfo {
public:
  using DimVector = llvm::SmallVector<int64_t, 4>;

  /// Divisibility of 0, i.e. of "anything": large enough to never limit a
  /// vector, small enough that products of two never overflow int64.
  static constexpr int64_t kMaxDivisibility = int64_t(1) << 30;

  AxisInfo() = default;
  AxisInfo(DimVector contiguity, DimVector divisibility, DimVector constancy,
           std::optional<int64_t> constantValue = std::nullopt);

  /// Nothing known about a value of `type`: 1 everywhere, except that a
  /// typed pointer is aligned to its pointee (`divisibility` = pointee bytes).
  static AxisInfo getUnknown(Type type);
  /// `value` in every element of an integer-like `type`.
  static AxisInfo getConstant(Type type, int64_t value);

  bool isUninitialized() const { return contiguity.empty(); }
  /// Entries per property: the rank, or 1 for a scalar.
  unsigned getNumDims() const { return contiguity.size(); }

  int64_t getContiguity(unsigned dim) const { return contiguity[dim]; }
  int64_t getDivisibility(unsigned dim) const { return divisibility[dim]; }
  int64_t getConstancy(unsigned dim) const { return constancy[dim]; }
  llvm::ArrayRef<int64_t> getContiguity() const { return contiguity; }
  llvm::ArrayRef<int64_t> getDivisibility() const { return divisibility; }
  llvm::ArrayRef<int64_t> getConstancy() const { return constancy; }
  /// The value of every element, when one integer is known (sign-extended
  /// from the type's width).
  std::optional<int64_t> getConstantValue() const { return constantValue; }

  /// Per-dimension gcd (the minimum, all being powers of two); the constant
  /// survives only where both sides agree. Bottom is the identity.
  static AxisInfo join(const AxisInfo &lhs, const AxisInfo &rhs);

  bool operator==(const AxisInfo &other) const {
    return contiguity == other.contiguity &&
           divisibility == other.divisibility && constancy == other.constancy &&
           constantValue == other.constantValue;
  }
  /// `contiguity = [..], divisibility = [..], constancy = [..]` followed by
  /// `, constant_value = N` when known.
  void print(llvm::raw_ostream &os) const;

private:
  DimVector contiguity, divisibility, constancy;
  std::optional<int64_t> constantValue;
};

using AxisInfoLattice = dataflow::Lattice<AxisInfo>;

/// The sparse forward analysis. It needs dataflow::DeadCodeAnalysis and
/// dataflow::SparseConstantPropagation in the same solver (ModuleAxisInfo
/// loads all three); load it yourself only to combine it with other analyses.
class AxisInfoAnalysis
    : public dataflow::SparseForwardDataFlowAnalysis<AxisInfoLattice> {
public:
  using SparseForwardDataFlowAnalysis::SparseForwardDataFlowAnalysis;

  LogicalResult
  visitOperation(Operation *op,
                 llvm::ArrayRef<const AxisInfoLattice *> operands,
                 llvm::ArrayRef<AxisInfoLattice *> results) override;
  void
  visitNonControlFlowArguments(Operation *op, const RegionSuccessor &successor,
                               llvm::ArrayRef<AxisInfoLattice *> argLattices,
                               unsigned firstIndex) override;

protected:
  /// Function arguments (seeded from `tile.divisibility`) and anything the
  /// framework cannot see through.
  void setToEntryState(AxisInfoLattice *lattice) override;
};

/// The query API of the LLVM lowering: runs the analysis once over `root` (a
/// module, or a function) and answers questions about the values inside it.
/// Values created after construction, or in unreachable code, are unknown:
/// during a dialect conversion, ask about the op's original operands
/// (`load.getPtr()`), not the adaptor's converted ones. Run it on the module
/// when possible: private functions then see what their call sites pass.
class ModuleAxisInfo {
public:
  explicit ModuleAxisInfo(Operation *root);

  /// The lattice value of `v`, or null when the analysis has none.
  const AxisInfo *lookup(Value v) const;

  /// Elements a thread may access as one vector through the tensor of
  /// pointers `ptr` along `dim` (the fastest-varying dimension of its
  /// layout): the largest power of two that is at most the contiguity, at
  /// most `elemsPerThreadContiguous` (what the layout gives one thread in a
  /// row along `dim`), whose bytes divide the address of its first element,
  /// and that is at most 16 bytes. 1 for scalars and unknown values. The
  /// caller still caps it by getMaskConstancy when the access is masked.
  unsigned getPtrVectorSize(Value ptr, unsigned dim,
                            unsigned elemsPerThreadContiguous) const;

  /// How many consecutive elements along `dim` (aligned runs) share one value
  /// of `mask`: a masked vector access needs one predicate, so the vector
  /// must not be longer. 1 for unknown values.
  unsigned getMaskConstancy(Value mask, unsigned dim) const;

private:
  llvm::DenseMap<Value, AxisInfo> infos;
};

} // namespace mlir::tessera

#endif // TESSERA_ANALYSIS_AXISINFO_H
