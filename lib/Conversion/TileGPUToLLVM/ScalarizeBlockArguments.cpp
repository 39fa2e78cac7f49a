//===- ScalarizeBlockArguments.cpp - struct block arguments to fields -----===//
//
// A distributed tensor lowers to an LLVM struct of its thread's registers, so
// a tensor carried through a loop becomes a struct-typed block argument, i.e.
// an LLVM `phi` of a struct. LLVM's sparse conditional constant propagation
// ((IP)SCCP) tracks such a phi field by field and revisits every field of an
// insertvalue chain whenever one field changes: quadratic in the struct's
// size. A one-hot accumulator of 128 registers made (IP)SCCP 85% of a
// 360 ms compile. Here every struct block argument becomes one argument per
// field (predecessors pass extractvalues, the block rebuilds the struct with
// insertvalues), which canonicalization and LLVM fold away, leaving scalar
// phis.
//
//===----------------------------------------------------------------------===//
#include "tessera/Conversion/TileGPUToLLVM/TileGPUToLLVM.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"

using namespace mlir;

namespace {

/// Splits argument `index` of `block` (a struct) into its fields, appended at
/// the end of the block's arguments. Fails, changing nothing, when a
/// predecessor's terminator does not forward operands to the block through
/// BranchOpInterface.
LogicalResult scalarizeArgument(Block &block, unsigned index) {
  BlockArgument arg = block.getArgument(index);
  auto type = cast<LLVM::LLVMStructType>(arg.getType());
  SmallVector<std::pair<BranchOpInterface, unsigned>> edges;
  for (auto it = block.pred_begin(); it != block.pred_end(); ++it) {
    auto branch = dyn_cast<BranchOpInterface>((*it)->getTerminator());
    if (!branch)
      return failure();
    unsigned successor = it.getSuccessorIndex();
    if (branch.getSuccessorOperands(successor).getProducedOperandCount() != 0)
      return failure();
    edges.push_back({branch, successor});
  }
  Location loc = arg.getLoc();
  ArrayRef<Type> fields = type.getBody();
  unsigned first = block.getNumArguments();
  for (Type field : fields)
    block.addArgument(field, loc);

  // The block rebuilds the struct from its new arguments.
  OpBuilder b = OpBuilder::atBlockBegin(&block);
  Value rebuilt = LLVM::UndefOp::create(b, loc, type);
  for (unsigned i = 0; i < fields.size(); ++i)
    rebuilt = LLVM::InsertValueOp::create(b, loc, rebuilt,
                                          block.getArgument(first + i), i);
  arg.replaceAllUsesWith(rebuilt);

  // Every edge passes the fields instead of the struct. A terminator may
  // reach the block through several successors (or twice): each edge once.
  for (auto [branch, successor] : edges) {
    SuccessorOperands operands = branch.getSuccessorOperands(successor);
    Value whole = operands[index];
    b.setInsertionPoint(branch);
    for (unsigned i = 0; i < fields.size(); ++i)
      operands.append(
          LLVM::ExtractValueOp::create(b, branch.getLoc(), whole, i).getResult());
    operands.erase(index);
  }
  block.eraseArgument(index);
  return success();
}

} // namespace

void mlir::tessera::scalarizeStructBlockArguments(Operation *root) {
  root->walk([](Block *block) {
    if (block->isEntryBlock())
      return;
    for (unsigned i = block->getNumArguments(); i-- > 0;)
      if (isa<LLVM::LLVMStructType>(block->getArgument(i).getType()))
        (void)scalarizeArgument(*block, i);
  });
}
