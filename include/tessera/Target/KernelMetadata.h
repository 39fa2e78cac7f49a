//===- KernelMetadata.h - kernel.json for launchers -------------*- C++ -*-===//
//
// The JSON the Python runtime (python/tessera/metadata.py) parses; its shape
// is a contract, documented in docs/embedding.md:
//   {"target": "sm_90a", "ptx": "kernel.ptx",
//    "kernels": [{"name": "k", "num_warps": 4, "threads_per_block": 128,
//                 "shared_bytes": 0,
//                 "params": [{"name": "arg0", "type": "ptr", "elem": "bf16"},
//                            {"name": "arg1", "type": "i32"}]}]}
// "target", "ptx", "num_warps" and "elem" are left out when unknown.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TARGET_KERNELMETADATA_H
#define TESSERA_TARGET_KERNELMETADATA_H

#include "tessera/Target/KernelContract.h"
#include "tessera/Target/TargetOptions.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"

namespace mlir::tessera {

/// The metadata of already-read kernels. `ptxFileName` fills "ptx" (the PTX
/// or cubin file next to the JSON) when not empty; `defines` (the template
/// values a specialisation was compiled with, `tessera-compile -D`) fills
/// "defines" when not empty, so a launcher can read e.g. rows per program.
llvm::json::Value
buildKernelMetadata(const ModuleKernels &kernels, StringRef ptxFileName = "",
                    const llvm::StringMap<std::string> &defines = {});

/// Reads the module's kernel contract and builds its metadata. The target is
/// resolved as for PTX emission but may be absent.
FailureOr<llvm::json::Value>
buildKernelMetadata(ModuleOp module, const TargetOptions &options,
                    StringRef ptxFileName = "");

} // namespace mlir::tessera

#endif // TESSERA_TARGET_KERNELMETADATA_H
