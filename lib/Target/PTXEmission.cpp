//===- PTXEmission.cpp - LLVM's pipeline and NVPTX codegen ----------------===//
//
// The IR pipeline is LLVM's own per-module default one, built by a
// PassBuilder that knows the target machine: NVPTX then adds its passes
// (NVVMReflect, address-space inference, ...) and cost model, as clang does.
// Codegen still runs on the legacy pass manager, as llc does.
//
// One NVPTX codegen pass is skipped on large functions: straight-line
// strength reduction (SLSR). It compares each candidate (add, mul, GEP) with
// the earlier ones that dominate it, so its cost grows with the square of
// the function. Measured:
//  - with a branch per masked element (before single elements became one
//    predicated instruction), SLSR took 32 ms of 36 ms codegen at 195 blocks
//    and 49 of 60 ms at 323 on the ragged RMSNorm family;
//  - on the MoE routing kernels (300-1400 instructions a function) it took
//    20-190 ms of 76-400 ms, and changed their run time by -2% to +2% (H200);
//  - it changes no instruction of the PTX of any other library kernel, the
//    largest of which has 661 instructions after O2.
// Small functions still get it.
//
//===----------------------------------------------------------------------===//
#include "tessera/Target/PTX.h"

#include "LLVMDiagnostics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/OptBisect.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;
using namespace mlir::tessera;

void mlir::tessera::optimizeLLVMModule(llvm::Module &llvmModule,
                                       llvm::TargetMachine &tm,
                                       unsigned optLevel) {
  if (optLevel == 0)
    return;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  // Instrumented as opt does, so LLVM's --time-passes and --print-after-*
  // options see this pipeline as well as codegen.
  llvm::PassInstrumentationCallbacks callbacks;
  llvm::StandardInstrumentations instrumentations(llvmModule.getContext(),
                                                  /*DebugLogging=*/false);
  instrumentations.registerCallbacks(callbacks, &mam);
  llvm::PassBuilder pb(&tm, llvm::PipelineTuningOptions(), std::nullopt,
                       &callbacks);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = optLevel == 1   ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  pb.buildPerModuleDefaultPipeline(level).run(llvmModule, mam);
}

namespace {

/// More basic blocks or instructions than these in one function and SLSR is
/// skipped.
constexpr unsigned kMaxBlocksForSLSR = 32;
constexpr unsigned kMaxInstructionsForSLSR = 512;

/// Skips SLSR; asks the gate it replaces (--opt-bisect-limit, --opt-disable)
/// about every other pass.
class SkipStrengthReduction : public llvm::OptPassGate {
public:
  explicit SkipStrengthReduction(llvm::OptPassGate &next) : next(next) {}
  bool shouldRunPass(StringRef passName,
                     StringRef irDescription) const override {
    // Legacy passes are named by their command-line argument.
    if (passName == "slsr")
      return false;
    return !next.isEnabled() || next.shouldRunPass(passName, irDescription);
  }
  bool isEnabled() const override { return true; }

private:
  llvm::OptPassGate &next;
};

bool isTooLargeForSLSR(const llvm::Module &module) {
  return llvm::any_of(module, [](const llvm::Function &f) {
    return f.size() > kMaxBlocksForSLSR ||
           f.getInstructionCount() > kMaxInstructionsForSLSR;
  });
}

} // namespace

FailureOr<std::string> mlir::tessera::emitPTX(llvm::Module &llvmModule,
                                              llvm::TargetMachine &tm,
                                              Location loc) {
  ScopedLLVMDiagnostics diagnostics(llvmModule.getContext(), loc);
  llvm::SmallString<0> ptx;
  llvm::raw_svector_ostream os(ptx);
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr,
                             llvm::CodeGenFileType::AssemblyFile))
    return emitError(loc) << "the NVPTX target machine cannot emit PTX";
  llvm::LLVMContext &context = llvmModule.getContext();
  llvm::OptPassGate &previousGate = context.getOptPassGate();
  SkipStrengthReduction skipSLSR(previousGate);
  if (isTooLargeForSLSR(llvmModule))
    context.setOptPassGate(skipSLSR);
  pm.run(llvmModule);
  context.setOptPassGate(previousGate);
  if (diagnostics.hadError())
    return failure();
  return std::string(ptx);
}

FailureOr<OptimizedModule>
mlir::tessera::buildOptimizedModule(ModuleOp module,
                                    const TargetOptions &options,
                                    llvm::LLVMContext &llvmContext,
                                    TimingScope &timing) {
  Location loc = module.getLoc();
  FailureOr<std::string> sm = resolveSM(module, options);
  if (failed(sm))
    return failure();
  FailureOr<unsigned> ptxVersion = resolvePTXVersion(*sm, options, loc);
  if (failed(ptxVersion))
    return failure();

  OptimizedModule result;
  {
    TimingScope scope = timing.nest("NVPTX target machine");
    result.targetMachine =
        createNVPTXTargetMachine(*sm, *ptxVersion, options.optLevel, loc);
  }
  if (!result.targetMachine)
    return failure();

  ScopedLLVMDiagnostics diagnostics(llvmContext, loc);
  {
    TimingScope scope = timing.nest("Translate to LLVM IR");
    result.module =
        translateToLLVMIR(module, llvmContext, *result.targetMachine);
  }
  if (!result.module)
    return failure();
  {
    TimingScope scope = timing.nest("Link libdevice");
    if (failed(linkLibdevice(*result.module, loc)))
      return failure();
  }
  {
    TimingScope scope = timing.nest("LLVM O" + std::to_string(options.optLevel));
    optimizeLLVMModule(*result.module, *result.targetMachine, options.optLevel);
  }
  if (diagnostics.hadError())
    return failure();
  return result;
}

FailureOr<std::string>
mlir::tessera::translateToPTX(ModuleOp module, const TargetOptions &options,
                              TimingScope &timing) {
  llvm::LLVMContext llvmContext;
  FailureOr<OptimizedModule> optimized =
      buildOptimizedModule(module, options, llvmContext, timing);
  if (failed(optimized))
    return failure();
  TimingScope scope = timing.nest("NVPTX codegen");
  return emitPTX(*optimized->module, *optimized->targetMachine,
                 module.getLoc());
}

FailureOr<std::string>
mlir::tessera::translateToPTX(ModuleOp module, const TargetOptions &options) {
  TimingScope noTiming;
  return translateToPTX(module, options, noTiming);
}
