//===- CHeader.h - PTX and launch facts as a C header -----------*- C++ -*-===//
//
// For C/C++ hosts (an inference engine) that embed kernels without files or
// JSON: the PTX as a string for cuModuleLoadData, and per kernel its entry
// name, block size, dynamic shared memory and parameter types for
// cuModuleGetFunction / cuLaunchKernel. Plain C99, usable from C++.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TARGET_CHEADER_H
#define TESSERA_TARGET_CHEADER_H

#include "tessera/Target/KernelContract.h"

#include <string>

namespace mlir::tessera {

/// A C identifier made of `name`: other characters become '_', a leading
/// digit gets a '_' prefix, and "" becomes "module".
std::string sanitizeCIdentifier(StringRef name);

/// `ptx` as one C string-literal line per PTX line (long lines split),
/// escaped so the compiled array holds exactly `ptx`.
std::string escapePTXForC(StringRef ptx);

/// The header for module `name` (sanitised): `tessera_<name>_ptx[]`, the
/// `TESSERA_<NAME>_*` macros and the `tessera_<name>_kernels[]` table.
std::string emitCHeader(StringRef name, StringRef ptx,
                        const ModuleKernels &kernels);

} // namespace mlir::tessera

#endif // TESSERA_TARGET_CHEADER_H
