//===- KernelMetadata.cpp - kernel.json ------------------------------------===//
//
// Field names and optionality follow python/tessera/metadata.py exactly
// (docs/embedding.md); a change here is a change to that contract.
//
//===----------------------------------------------------------------------===//
#include "tessera/Target/KernelMetadata.h"

using namespace mlir;
using namespace mlir::tessera;

static llvm::json::Object paramToJSON(const KernelParam &param) {
  llvm::json::Object object{{"name", param.name}, {"type", param.type}};
  if (!param.elem.empty())
    object["elem"] = param.elem;
  return object;
}

static llvm::json::Object kernelToJSON(const KernelInfo &kernel) {
  llvm::json::Array params;
  for (const KernelParam &param : kernel.params)
    params.push_back(paramToJSON(param));
  llvm::json::Object object{{"name", kernel.name},
                            {"threads_per_block", kernel.threadsPerBlock},
                            {"shared_bytes", kernel.sharedBytes},
                            {"params", std::move(params)}};
  if (kernel.numWarps)
    object["num_warps"] = *kernel.numWarps;
  return object;
}

llvm::json::Value mlir::tessera::buildKernelMetadata(
    const ModuleKernels &kernels, StringRef ptxFileName,
    const llvm::StringMap<std::string> &defines) {
  llvm::json::Array list;
  for (const KernelInfo &kernel : kernels.kernels)
    list.push_back(kernelToJSON(kernel));
  llvm::json::Object root{{"kernels", std::move(list)}};
  if (!kernels.target.empty())
    root["target"] = kernels.target;
  if (!ptxFileName.empty())
    root["ptx"] = ptxFileName;
  if (!defines.empty()) {
    llvm::json::Object values;
    for (const auto &define : defines)
      values[define.getKey()] = define.getValue();
    root["defines"] = std::move(values);
  }
  return root;
}

FailureOr<llvm::json::Value>
mlir::tessera::buildKernelMetadata(ModuleOp module, const TargetOptions &options,
                                   StringRef ptxFileName) {
  FailureOr<std::string> sm = resolveOptionalSM(module, options);
  if (failed(sm))
    return failure();
  FailureOr<ModuleKernels> kernels = readModuleKernels(module, *sm);
  if (failed(kernels))
    return failure();
  return buildKernelMetadata(*kernels, ptxFileName);
}
