//===- Cubin.h - PTX to cubin through ptxas ---------------------*- C++ -*-===//
//
// The CUDA toolkit's ptxas is the only PTX assembler there is; we run it as a
// subprocess. Where it is found, in order: $TESSERA_PTXAS (a path, or a name
// looked up on PATH), `ptxas` on PATH, /usr/local/cuda/bin/ptxas.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TARGET_CUBIN_H
#define TESSERA_TARGET_CUBIN_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace mlir::tessera {

/// The ptxas to run, or an error at `loc` saying where we looked.
FailureOr<std::string> findPtxas(Location loc);

/// Assembles `ptx` for `sm` ("sm_90a") into a cubin (ELF bytes). `extraArgs`
/// go to ptxas before the input (e.g. "-lineinfo", "-v"). On failure the error
/// at `loc` carries ptxas's exit status and its stderr.
FailureOr<std::string> compilePTXToCubin(StringRef ptx, StringRef sm,
                                         Location loc,
                                         ArrayRef<std::string> extraArgs = {});

} // namespace mlir::tessera

#endif // TESSERA_TARGET_CUBIN_H
