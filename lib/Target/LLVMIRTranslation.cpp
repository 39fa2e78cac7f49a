//===- LLVMIRTranslation.cpp - MLIR LLVM + NVVM to an NVPTX llvm::Module --===//
//
// mlir::translateModuleToLLVMIR does the heavy lifting; what we add is what
// the NVPTX backend needs from the module (triple, data layout) and launch
// bounds from the kernel contract, set on the LLVM function so the MLIR
// input is left as it was.
//
//===----------------------------------------------------------------------===//
#include "tessera/Target/PTX.h"

#include "tessera/Target/KernelContract.h"

#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;
using namespace mlir::tessera;

/// Adds "nvvm.maxntid" (PTX `.maxntid T, 1, 1`) to kernels that have a
/// tessera.num_warps and no launch bounds of their own. Without it ptxas
/// assumes up to 1024 threads and may limit registers per thread for that.
static LogicalResult addLaunchBounds(ModuleOp module, llvm::Module &llvmModule) {
  for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
    if (!isKernel(func))
      continue;
    FailureOr<unsigned> blockSize = getContractBlockSize(func);
    if (failed(blockSize))
      return failure();
    llvm::Function *llvmFunc = llvmModule.getFunction(func.getSymName());
    if (!*blockSize || !llvmFunc || llvmFunc->hasFnAttribute("nvvm.maxntid") ||
        llvmFunc->hasFnAttribute("nvvm.reqntid"))
      continue;
    // The spelling NVVMToLLVMIRTranslation gives nvvm.maxntid = array<..>.
    llvmFunc->addFnAttr("nvvm.maxntid", std::to_string(*blockSize) + ",1,1");
  }
  return success();
}

std::unique_ptr<llvm::Module>
mlir::tessera::translateToLLVMIR(ModuleOp module, llvm::LLVMContext &llvmContext,
                                 llvm::TargetMachine &tm) {
  // Callers need not know which translation interfaces the export wants.
  MLIRContext &context = *module.getContext();
  registerBuiltinDialectTranslation(context);
  registerLLVMDialectTranslation(context);
  registerNVVMDialectTranslation(context);

  StringRef name = module.getSymName().value_or("tessera");
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, name);
  if (!llvmModule)
    return nullptr;
  llvmModule->setTargetTriple(tm.getTargetTriple());
  llvmModule->setDataLayout(tm.createDataLayout());
  if (failed(addLaunchBounds(module, *llvmModule)))
    return nullptr;
  return llvmModule;
}
