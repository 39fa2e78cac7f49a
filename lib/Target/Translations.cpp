//===- Translations.cpp - --tessera-to-* for mlir-translate ---------------===//
//
// Thin wrappers over the C++ API: every translation is a few calls a compile
// driver could make itself. Options are process-wide llvm::cl options, as
// mlir-translate translations have no options of their own.
//
//===----------------------------------------------------------------------===//
#include "tessera/Target/Translations.h"

#include "tessera/Target/CHeader.h"
#include "tessera/Target/Cubin.h"
#include "tessera/Target/KernelContract.h"
#include "tessera/Target/KernelMetadata.h"
#include "tessera/Target/PTX.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {
namespace cl = llvm::cl;
struct TranslateOptions {
  cl::opt<std::string> sm{
      "sm", cl::desc("Target SM: 80, 90 or 90a, 'sm_' optional (default: the "
                     "module's tessera.target)")};
  cl::opt<unsigned> ptxVersion{
      "ptx-version", cl::desc("PTX ISA version to declare, 80 = 8.0 "
                              "(default 80)"),
      cl::init(0)};
  cl::opt<unsigned> optLevel{
      "opt-level", cl::desc("LLVM optimisation level 0-3 (default 2)"),
      cl::init(TargetOptions().optLevel)};
  cl::opt<bool> optimizeLLVMIR{
      "optimize-llvmir",
      cl::desc("--tessera-to-llvmir: print the IR after LLVM's pipeline")};
  cl::opt<std::string> ptxFile{
      "ptx-file",
      cl::desc("--tessera-to-metadata: the PTX/cubin file name to record")};
  cl::opt<std::string> headerName{
      "header-name", cl::desc("--tessera-to-header: name in the C identifiers "
                              "(default: the module's name, else 'module')")};
  cl::list<std::string> ptxasOpts{
      "ptxas-opt", cl::CommaSeparated,
      cl::desc("--tessera-to-cubin: extra ptxas arguments (comma-separated)")};
  cl::opt<bool> timing{
      "tessera-timing",
      cl::desc("Print how long each compile stage took to stderr")};

  TargetOptions target() const {
    TargetOptions options;
    options.sm = sm;
    options.ptxVersion = ptxVersion;
    options.optLevel = optLevel;
    return options;
  }
};
} // namespace

static llvm::ManagedStatic<TranslateOptions> clOptions;

void mlir::tessera::registerTargetDialects(DialectRegistry &registry) {
  registry.insert<LLVM::LLVMDialect, NVVM::NVVMDialect>();
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
}

/// `op` as a module, or an error: every translation works on whole modules.
static ModuleOp asModule(Operation *op) {
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    op->emitError("expected a builtin.module");
  return module;
}

/// Runs `body` with a root timing scope that reports on return when
/// --tessera-timing is set.
template <typename Fn>
static LogicalResult withTiming(Fn &&body) {
  DefaultTimingManager manager;
  manager.setEnabled(clOptions->timing);
  TimingScope root = manager.getRootScope();
  return body(root);
}

/// Without a target (no --sm, no tessera.target) this is the plain MLIR
/// export; with one, the NVPTX module PTX emission starts from.
static LogicalResult toLLVMIR(Operation *op, raw_ostream &output) {
  ModuleOp module = asModule(op);
  if (!module)
    return failure();
  TargetOptions options = clOptions->target();
  FailureOr<std::string> sm = resolveOptionalSM(module, options);
  if (failed(sm))
    return failure();
  llvm::LLVMContext llvmContext;
  if (sm->empty()) {
    std::unique_ptr<llvm::Module> llvmModule =
        translateModuleToLLVMIR(module, llvmContext);
    if (!llvmModule)
      return failure();
    llvmModule->print(output, nullptr);
    return success();
  }
  // The stages PTX emission runs before codegen; LLVM's pipeline only with
  // --optimize-llvmir (level 0 skips it).
  options.sm = *sm;
  if (!clOptions->optimizeLLVMIR)
    options.optLevel = 0;
  TimingScope noTiming;
  FailureOr<OptimizedModule> optimized =
      buildOptimizedModule(module, options, llvmContext, noTiming);
  if (failed(optimized))
    return failure();
  optimized->module->print(output, nullptr);
  return success();
}

static LogicalResult toPTX(Operation *op, raw_ostream &output) {
  ModuleOp module = asModule(op);
  if (!module)
    return failure();
  return withTiming([&](TimingScope &timing) -> LogicalResult {
    FailureOr<std::string> ptx = translateToPTX(module, clOptions->target(), timing);
    if (failed(ptx))
      return failure();
    output << *ptx;
    return success();
  });
}

static LogicalResult toCubin(Operation *op, raw_ostream &output) {
  ModuleOp module = asModule(op);
  if (!module)
    return failure();
  TargetOptions options = clOptions->target();
  FailureOr<std::string> sm = resolveSM(module, options);
  if (failed(sm))
    return failure();
  return withTiming([&](TimingScope &timing) -> LogicalResult {
    FailureOr<std::string> ptx = translateToPTX(module, options, timing);
    if (failed(ptx))
      return failure();
    TimingScope scope = timing.nest("ptxas");
    FailureOr<std::string> cubin = compilePTXToCubin(
        *ptx, *sm, module.getLoc(), SmallVector<std::string>(clOptions->ptxasOpts.begin(), clOptions->ptxasOpts.end()));
    if (failed(cubin))
      return failure();
    output << *cubin;
    return success();
  });
}

static LogicalResult toMetadata(Operation *op, raw_ostream &output) {
  ModuleOp module = asModule(op);
  if (!module)
    return failure();
  FailureOr<llvm::json::Value> metadata =
      buildKernelMetadata(module, clOptions->target(), clOptions->ptxFile);
  if (failed(metadata))
    return failure();
  output << llvm::formatv("{0:2}", *metadata) << "\n";
  return success();
}

static LogicalResult toHeader(Operation *op, raw_ostream &output) {
  ModuleOp module = asModule(op);
  if (!module)
    return failure();
  TargetOptions options = clOptions->target();
  FailureOr<std::string> sm = resolveSM(module, options);
  if (failed(sm))
    return failure();
  FailureOr<ModuleKernels> kernels = readModuleKernels(module, *sm);
  if (failed(kernels))
    return failure();
  return withTiming([&](TimingScope &timing) -> LogicalResult {
    FailureOr<std::string> ptx = translateToPTX(module, options, timing);
    if (failed(ptx))
      return failure();
    std::string name = clOptions->headerName;
    if (name.empty())
      name = module.getSymName().value_or("module").str();
    output << emitCHeader(name, *ptx, *kernels);
    return success();
  });
}

void mlir::tessera::registerTesseraTargetTranslations() {
  (void)*clOptions; // register the options before the command line is parsed
  struct Entry {
    StringRef name, description;
    LogicalResult (*fn)(Operation *, raw_ostream &);
  };
  static const Entry entries[] = {
      {"tessera-to-llvmir", "LLVM + NVVM dialects to NVPTX LLVM IR", toLLVMIR},
      {"tessera-to-ptx", "LLVM + NVVM dialects to PTX (--sm)", toPTX},
      {"tessera-to-cubin", "LLVM + NVVM dialects to a cubin through ptxas",
       toCubin},
      {"tessera-to-metadata", "kernel metadata JSON (kernel.json)", toMetadata},
      {"tessera-to-header", "C header embedding the PTX and launch facts",
       toHeader},
  };
  for (const Entry &entry : entries)
    TranslateFromMLIRRegistration(entry.name, entry.description, entry.fn,
                                  registerTargetDialects);
}
