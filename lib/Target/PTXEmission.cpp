//===- PTXEmission.cpp - O3 and NVPTX codegen -----------------------------===//
//
// The IR pipeline is LLVM's own per-module default one, built by a
// PassBuilder that knows the target machine: NVPTX then adds its passes
// (NVVMReflect, address-space inference, ...) and cost model, as clang does.
// Codegen still runs on the legacy pass manager, as llc does.
//
//===----------------------------------------------------------------------===//
#include "tessera/Target/PTX.h"

#include "LLVMDiagnostics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
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
  llvm::PassBuilder pb(&tm);
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
  pm.run(llvmModule);
  if (diagnostics.hadError())
    return failure();
  return std::string(ptx);
}

FailureOr<std::string>
mlir::tessera::translateToPTX(ModuleOp module, const TargetOptions &options,
                              TimingScope &timing) {
  Location loc = module.getLoc();
  FailureOr<std::string> sm = resolveSM(module, options);
  if (failed(sm))
    return failure();
  FailureOr<unsigned> ptxVersion = resolvePTXVersion(*sm, options, loc);
  if (failed(ptxVersion))
    return failure();

  std::unique_ptr<llvm::TargetMachine> tm;
  {
    TimingScope scope = timing.nest("NVPTX target machine");
    tm = createNVPTXTargetMachine(*sm, *ptxVersion, options.optLevel, loc);
  }
  if (!tm)
    return failure();

  llvm::LLVMContext llvmContext;
  ScopedLLVMDiagnostics diagnostics(llvmContext, loc);
  std::unique_ptr<llvm::Module> llvmModule;
  {
    TimingScope scope = timing.nest("Translate to LLVM IR");
    llvmModule = translateToLLVMIR(module, llvmContext, *tm);
  }
  if (!llvmModule)
    return failure();
  {
    TimingScope scope = timing.nest("Link libdevice");
    if (failed(linkLibdevice(*llvmModule, loc)))
      return failure();
  }
  {
    TimingScope scope = timing.nest("LLVM O" + std::to_string(options.optLevel));
    optimizeLLVMModule(*llvmModule, *tm, options.optLevel);
  }
  if (diagnostics.hadError())
    return failure();
  TimingScope scope = timing.nest("NVPTX codegen");
  return emitPTX(*llvmModule, *tm, loc);
}

FailureOr<std::string>
mlir::tessera::translateToPTX(ModuleOp module, const TargetOptions &options) {
  TimingScope noTiming;
  return translateToPTX(module, options, noTiming);
}
