//===- PTX.h - LLVM + NVVM dialect module to PTX, in process ----*- C++ -*-===//
//
// Three stages, each callable (and timeable) on its own:
//   translateToLLVMIR   MLIR → llvm::Module for nvptx64-nvidia-cuda, with
//                       launch bounds from the kernel contract
//   linkLibdevice       resolves __nv_* math calls, when there are any
//   optimizeLLVMModule  LLVM's default module pipeline (O2 unless asked),
//                       NVPTX-aware
//   emitPTX             NVPTX codegen to PTX text
// buildOptimizedModule runs the first three (what `--emit=llvm` prints),
// translateToPTX all four, nesting one timer per stage under the caller's
// TimingScope when one is given.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TARGET_PTX_H
#define TESSERA_TARGET_PTX_H

#include "tessera/Target/TargetOptions.h"

#include "mlir/Support/Timing.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
} // namespace llvm

namespace mlir::tessera {

constexpr llvm::StringLiteral kNVPTXTriple = "nvptx64-nvidia-cuda";

/// An NVPTX target machine for `sm` ("sm_90a") declaring PTX `ptxVersion`.
/// Initialises the NVPTX target (only it) on first use; thread-safe.
/// Errors are emitted at `loc`.
std::unique_ptr<llvm::TargetMachine>
createNVPTXTargetMachine(StringRef sm, unsigned ptxVersion, unsigned optLevel,
                         Location loc);

/// Translates `module` (builtin + LLVM + NVVM dialects; their translations
/// are registered on its context here) into `llvmContext`, sets the NVPTX
/// triple and `tm`'s data layout, and gives every kernel that has no
/// nvvm.maxntid/nvvm.reqntid a `.maxntid` from its tessera.num_warps, so
/// ptxas allocates registers for the real block size. Does not modify
/// `module`.
std::unique_ptr<llvm::Module> translateToLLVMIR(ModuleOp module,
                                                llvm::LLVMContext &llvmContext,
                                                llvm::TargetMachine &tm);

/// Links the libdevice functions `llvmModule` calls (declarations named
/// `__nv_*`) from $TESSERA_LIBDEVICE or the CUDA toolkit's
/// nvvm/libdevice/libdevice.10.bc, internalized. Does nothing when none is
/// called; an error at `loc` when one is and libdevice cannot be read.
LogicalResult linkLibdevice(llvm::Module &llvmModule, Location loc);

/// Runs LLVM's default module pipeline at `optLevel` (0 runs nothing).
void optimizeLLVMModule(llvm::Module &llvmModule, llvm::TargetMachine &tm,
                        unsigned optLevel);

/// NVPTX codegen. LLVM's own errors (diagnostics reported through the
/// LLVMContext) become errors at `loc`.
FailureOr<std::string> emitPTX(llvm::Module &llvmModule,
                               llvm::TargetMachine &tm, Location loc);

/// The whole path, MLIR module to PTX text.
/// The module as LLVM IR for its target, after LLVM's pipeline at
/// `options.optLevel`: what NVPTX codegen starts from.
struct OptimizedModule {
  std::unique_ptr<llvm::TargetMachine> targetMachine;
  std::unique_ptr<llvm::Module> module;
};
FailureOr<OptimizedModule> buildOptimizedModule(ModuleOp module,
                                                const TargetOptions &options,
                                                llvm::LLVMContext &llvmContext,
                                                TimingScope &timing);

FailureOr<std::string> translateToPTX(ModuleOp module,
                                      const TargetOptions &options,
                                      TimingScope &timing);
FailureOr<std::string> translateToPTX(ModuleOp module,
                                      const TargetOptions &options);

} // namespace mlir::tessera

#endif // TESSERA_TARGET_PTX_H
