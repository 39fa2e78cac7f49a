//===- Libdevice.cpp - resolving __nv_* calls from libdevice --------------===//
//
// Math the GPU has no instruction for (expf, erff, ...) lowers to calls to
// CUDA's libdevice (`__nv_expf`), shipped as bitcode with the toolkit. Left
// unresolved they become `.extern .func` that neither ptxas nor the driver
// can link, so we link the called functions in (and only those, lazily
// read) and internalize them so O3 inlines and strips them.
//
//===----------------------------------------------------------------------===//
#include "tessera/Target/PTX.h"

#include "LLVMDiagnostics.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Transforms/IPO/Internalize.h"

using namespace mlir;
using namespace mlir::tessera;

static constexpr StringRef kLibdeviceEnv = "TESSERA_LIBDEVICE";
static constexpr StringRef kLibdeviceInToolkit = "nvvm/libdevice/libdevice.10.bc";

/// The first libdevice call in `llvmModule`, or null.
static const llvm::Function *firstLibdeviceCall(const llvm::Module &llvmModule) {
  for (const llvm::Function &func : llvmModule.functions())
    if (func.isDeclaration() && func.getName().starts_with("__nv_"))
      return &func;
  return nullptr;
}

/// $TESSERA_LIBDEVICE, else the toolkit that holds the ptxas on PATH, else
/// /usr/local/cuda. Empty when none exists.
static std::string findLibdevice() {
  if (std::optional<std::string> env = llvm::sys::Process::GetEnv(kLibdeviceEnv);
      env && !env->empty())
    return *env; // taken as given: a wrong path should fail loudly
  SmallVector<std::string> roots;
  if (llvm::ErrorOr<std::string> ptxas = llvm::sys::findProgramByName("ptxas"))
    roots.push_back(llvm::sys::path::parent_path(llvm::sys::path::parent_path(*ptxas)).str());
  roots.push_back("/usr/local/cuda");
  for (const std::string &root : roots) {
    llvm::SmallString<128> path(root);
    llvm::sys::path::append(path, kLibdeviceInToolkit);
    if (llvm::sys::fs::exists(path))
      return std::string(path);
  }
  return "";
}

LogicalResult mlir::tessera::linkLibdevice(llvm::Module &llvmModule,
                                           Location loc) {
  const llvm::Function *call = firstLibdeviceCall(llvmModule);
  if (!call)
    return success();
  std::string path = findLibdevice();
  if (path.empty())
    return emitError(loc) << "the module calls " << call->getName()
                          << " but libdevice was not found; set "
                          << kLibdeviceEnv << " or install the CUDA toolkit";
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return emitError(loc) << "cannot read libdevice " << path << ": "
                          << buffer.getError().message();
  llvm::Expected<std::unique_ptr<llvm::Module>> library =
      llvm::getOwningLazyBitcodeModule(std::move(*buffer),
                                       llvmModule.getContext());
  if (!library)
    return emitError(loc) << "cannot parse libdevice " << path << ": "
                          << llvm::toString(library.takeError());
  // libdevice says "nvptx64-nvidia-gpulibs"; agreeing avoids a link warning.
  (*library)->setTargetTriple(llvmModule.getTargetTriple());
  (*library)->setDataLayout(llvmModule.getDataLayout());

  ScopedLLVMDiagnostics diagnostics(llvmModule.getContext(), loc);
  bool failedToLink = llvm::Linker::linkModules(
      llvmModule, std::move(*library), llvm::Linker::Flags::LinkOnlyNeeded,
      [](llvm::Module &module, const llvm::StringSet<> &linked) {
        llvm::internalizeModule(module, [&](const llvm::GlobalValue &gv) {
          return !gv.hasName() || !linked.contains(gv.getName());
        });
      });
  if (failedToLink || diagnostics.hadError())
    return emitError(loc) << "linking libdevice " << path << " failed";
  return success();
}
