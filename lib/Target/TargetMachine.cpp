//===- TargetMachine.cpp - the NVPTX target machine -----------------------===//
//
// Only NVPTX is initialised: InitializeAllTargets would register twenty
// backends we never use and cost start-up time in every tool.
//
//===----------------------------------------------------------------------===//
#include "tessera/Target/PTX.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

using namespace mlir;
using namespace mlir::tessera;

static void initializeNVPTXTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeNVPTXTargetInfo();
    LLVMInitializeNVPTXTarget();
    LLVMInitializeNVPTXTargetMC();
    LLVMInitializeNVPTXAsmPrinter();
  });
}

std::unique_ptr<llvm::TargetMachine>
mlir::tessera::createNVPTXTargetMachine(StringRef sm, unsigned ptxVersion,
                                        unsigned optLevel, Location loc) {
  initializeNVPTXTarget();
  llvm::Triple triple(kNVPTXTriple);
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target) {
    emitError(loc) << "NVPTX target unavailable in this LLVM: " << error;
    return nullptr;
  }
  std::optional<llvm::CodeGenOptLevel> level = llvm::CodeGenOpt::getLevel(optLevel);
  if (!level) {
    emitError(loc) << "optimisation level " << optLevel << " not in 0..3";
    return nullptr;
  }
  // The PTX ISA version is a subtarget feature ("+ptx80"); the SM is the CPU.
  std::string features = "+ptx" + std::to_string(ptxVersion);
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, sm, features, llvm::TargetOptions(), /*RM=*/std::nullopt,
      /*CM=*/std::nullopt, *level));
  if (!tm)
    emitError(loc) << "could not create an NVPTX target machine for " << sm;
  return tm;
}
