//===- tessera-compile.cpp - one command from kernel.mlir to PTX ----------===//
//
//   tessera-compile kernels/rmsnorm.mlir.in -D BLOCK=4096 -D WARPS=8 \
//       -D NDIV=16 --sm=90a -o out/rmsnorm.ptx [--cubin] [--header] [--timing]
//
// Reads a tile-dialect kernel (with `${NAME}` placeholders filled from -D:
// one source, many specialisations), runs the tile -> LLVM pipeline and the
// in-process NVPTX backend, and writes the PTX plus its JSON metadata next
// to it (`out/rmsnorm.json`); optionally a cubin (ptxas) and a C header.
// Everything but ptxas runs in process; --timing prints where the time went.
//
//===----------------------------------------------------------------------===//
#include "tessera/Conversion/Passes.h"
#include "tessera/Conversion/Pipelines.h"
#include "tessera/Dialect/Tile/IR/Tile.h"
#include "tessera/Dialect/TileGPU/IR/TileGPU.h"
#include "tessera/Target/CHeader.h"
#include "tessera/Target/Cubin.h"
#include "tessera/Target/KernelContract.h"
#include "tessera/Target/KernelMetadata.h"
#include "tessera/Target/PTX.h"
#include "tessera/Target/TargetOptions.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<kernel.mlir>"),
                                      cl::Required);
static cl::opt<std::string>
    outputFile("o", cl::desc("PTX output file (-: stdout, no metadata file)"),
               cl::value_desc("file"));
static cl::list<std::string> defines("D", cl::desc("Fill ${NAME} with VALUE"),
                                     cl::value_desc("NAME=VALUE"), cl::Prefix);
static cl::opt<std::string> sm("sm", cl::desc("Target: 80, 90 or 90a"),
                               cl::init("90a"));
static cl::opt<unsigned> numWarps("num-warps",
                                  cl::desc("Warps of kernels without tile.num_warps"),
                                  cl::init(4));
static cl::opt<std::string> emit("emit",
                                 cl::desc("What to write: ptx (default), llvm "
                                          "(LLVM IR), mlir (LLVM dialect), tgpu"),
                                 cl::init("ptx"));
static cl::opt<unsigned> optLevel("opt-level",
                                  cl::desc("LLVM optimisation level 0-3 for the IR "
                                           "pipeline and codegen"),
                                  cl::init(mlir::tessera::TargetOptions().optLevel));
static cl::opt<bool> writeCubin("cubin", cl::desc("Also assemble a .cubin with ptxas"));
static cl::opt<bool> writeHeader("header", cl::desc("Also write a C header embedding the PTX"));
static cl::opt<bool> noMetadata("no-metadata", cl::desc("Do not write the .json metadata"));
static cl::opt<bool> timingFlag("timing",
                                cl::desc("Print the time each stage took "
                                         "(same as --mlir-timing)"));

/// The source with every `${NAME}` replaced by its -D value, and every
/// `${NAME:-DEFAULT}` by its -D value or else DEFAULT (as in the shell); a
/// name without a value or a default is an error at its line and column.
static FailureOr<std::string> substitute(StringRef source, StringRef fileName,
                                         const llvm::StringMap<std::string> &values) {
  std::string result;
  size_t line = 1, col = 1;
  for (size_t i = 0; i < source.size();) {
    if (source.substr(i).starts_with("${")) {
      size_t end = source.find('}', i);
      StringRef name = end == StringRef::npos ? "" : source.slice(i + 2, end);
      std::optional<StringRef> fallback;
      if (size_t dash = name.find(":-"); dash != StringRef::npos) {
        fallback = name.substr(dash + 2);
        name = name.take_front(dash);
      }
      auto it = values.find(name);
      if (name.empty() || (it == values.end() && !fallback)) {
        llvm::errs() << fileName << ":" << line << ":" << col
                     << ": error: placeholder ${" << name
                     << "} has no value; pass -D " << name << "=...\n";
        return failure();
      }
      result += it != values.end() ? StringRef(it->second) : *fallback;
      col += end + 1 - i;
      i = end + 1;
      continue;
    }
    char c = source[i++];
    result += c;
    if (c == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return result;
}

static LogicalResult writeFile(StringRef path, StringRef contents) {
  std::string error;
  auto file = openOutputFile(path, &error);
  if (!file) {
    llvm::errs() << "error: " << error << "\n";
    return failure();
  }
  file->os() << contents;
  file->keep();
  return success();
}

static int compile() {
  llvm::StringMap<std::string> values;
  for (const std::string &define : defines) {
    // An empty VALUE is allowed: it drops an optional piece of the source,
    // e.g. `-D XHINT=` vs `-D "XHINT=evict = evict_first"`.
    auto [name, value] = StringRef(define).split('=');
    if (name.empty() || !StringRef(define).contains('=')) {
      llvm::errs() << "error: -D expects NAME=VALUE, got '" << define << "'\n";
      return 1;
    }
    values[name] = value.str();
  }
  if (!llvm::is_contained({"ptx", "llvm", "mlir", "tgpu"}, StringRef(emit))) {
    llvm::errs() << "error: unknown --emit=" << emit
                 << " (use ptx, llvm, mlir or tgpu)\n";
    return 1;
  }
  std::optional<std::string> target = tessera::normalizeSM(sm);
  if (!target) {
    llvm::errs() << "error: unsupported --sm=" << sm << " (use 80, 90 or 90a)\n";
    return 1;
  }
  // `-o -` prints to stdout; the files named after the output have no name
  // then: the metadata is left out, a cubin or header is an error.
  bool toStdout = outputFile == "-";
  if (toStdout && (writeCubin || writeHeader)) {
    llvm::errs() << "error: --" << (writeCubin ? "cubin" : "header")
                 << " writes a file named after -o: give -o a file name, "
                    "not '-'\n";
    return 1;
  }

  DefaultTimingManager timingManager;
  applyDefaultTimingManagerCLOptions(timingManager);
  if (timingFlag)
    timingManager.setEnabled(true);
  TimingScope timing = timingManager.getRootScope();

  std::string error;
  auto input = openInputFile(inputFile, &error);
  if (!input) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  TimingScope substituteTimer = timing.nest("substitute -D");
  FailureOr<std::string> source =
      substitute(input->getBuffer(), inputFile, values);
  substituteTimer.stop();
  if (failed(source))
    return 1;

  DialectRegistry registry;
  registry.insert<tessera::tile::TileDialect, tessera::tgpu::TileGPUDialect,
                  arith::ArithDialect, math::MathDialect, scf::SCFDialect,
                  cf::ControlFlowDialect, LLVM::LLVMDialect, NVVM::NVVMDialect>();
  MLIRContext context(registry);
  context.disableMultithreading();
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(*source, inputFile), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  TimingScope parseTimer = timing.nest("parse");
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  parseTimer.stop();
  if (!module)
    return 1;

  PassManager pm(&context);
  pm.enableTiming(timing);
  tessera::PipelineOptions options;
  options.numWarps = numWarps;
  options.target = *target;
  if (emit == "tgpu") {
    tessera::TileToTileGPUOptions layout;
    layout.numWarps = numWarps;
    layout.target = *target;
    pm.addPass(tessera::createTileToTileGPU(layout));
  } else {
    tessera::buildTileToLLVMPipeline(pm, options);
  }
  if (failed(pm.run(*module)))
    return 1;

  std::string output = outputFile;
  if (output.empty()) {
    StringRef stem = llvm::sys::path::stem(llvm::sys::path::stem(inputFile));
    output = (stem + (emit == "ptx" ? ".ptx" : emit == "llvm" ? ".ll" : ".mlir")).str();
  }
  if (emit == "tgpu" || emit == "mlir") {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    return failed(writeFile(output, text));
  }

  tessera::TargetOptions targetOptions;
  targetOptions.sm = *target;
  targetOptions.optLevel = optLevel;
  if (emit == "llvm") {
    llvm::LLVMContext llvmContext;
    FailureOr<tessera::OptimizedModule> optimized =
        tessera::buildOptimizedModule(*module, targetOptions, llvmContext, timing);
    if (failed(optimized))
      return 1;
    std::string text;
    llvm::raw_string_ostream os(text);
    optimized->module->print(os, nullptr);
    return failed(writeFile(output, text));
  }
  TimingScope ptxTimer = timing.nest("ptx");
  FailureOr<std::string> ptx =
      tessera::translateToPTX(*module, targetOptions, ptxTimer);
  ptxTimer.stop();
  if (failed(ptx))
    return 1;
  if (failed(writeFile(output, *ptx)))
    return 1;

  SmallString<128> base(output);
  llvm::sys::path::replace_extension(base, "");
  bool writeMetadata = !noMetadata && !toStdout;
  if (writeMetadata || writeHeader) {
    FailureOr<tessera::ModuleKernels> kernels =
        tessera::readModuleKernels(*module, *target);
    if (failed(kernels))
      return 1;
    if (writeMetadata) {
      llvm::json::Value json = tessera::buildKernelMetadata(
          *kernels, llvm::sys::path::filename(output), values);
      std::string text;
      llvm::raw_string_ostream os(text);
      os << llvm::formatv("{0:2}", json) << "\n";
      if (failed(writeFile((base + ".json").str(), text)))
        return 1;
    }
    if (writeHeader &&
        failed(writeFile((base + ".h").str(),
                         tessera::emitCHeader(llvm::sys::path::filename(base),
                                              *ptx, *kernels))))
      return 1;
  }
  if (writeCubin) {
    TimingScope cubinTimer = timing.nest("ptxas");
    FailureOr<std::string> cubin = tessera::compilePTXToCubin(
        *ptx, *target, module->getLoc());
    if (failed(cubin) || failed(writeFile((base + ".cubin").str(), *cubin)))
      return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerDefaultTimingManagerCLOptions();
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  cl::ParseCommandLineOptions(argc, argv, "Tessera kernel compiler\n");
  return compile();
}
