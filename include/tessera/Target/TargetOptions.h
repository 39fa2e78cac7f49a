//===- TargetOptions.h - which GPU a module is compiled for -----*- C++ -*-===//
//
// The knobs every stage below the LLVM + NVVM dialects shares: the SM the PTX
// targets, the PTX ISA version it declares and the LLVM optimisation level.
// The SM comes from the caller (`--sm`) or, failing that, from the module's
// `tessera.target` attribute, which the lowering sets to the SM it selected
// instructions for.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TARGET_TARGETOPTIONS_H
#define TESSERA_TARGET_TARGETOPTIONS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <optional>
#include <string>

namespace mlir::tessera {

struct TargetOptions {
  /// "sm_80", "sm_90", "sm_90a" (the "sm_" may be left out). Empty: the
  /// module's `tessera.target`.
  std::string sm;
  /// PTX ISA version as LLVM spells it (80 = PTX 8.0). 0: kDefaultPTXVersion.
  unsigned ptxVersion = 0;
  /// LLVM's optimisation level for both the IR pipeline and codegen, 0..3.
  /// 2 by default: on every kernel of the library (both targets) O3 emits
  /// the same PTX byte for byte, and O2 compiles 2-3% faster on the
  /// vectorised kernels and 16-22% faster on the ragged 8192-wide ones
  /// (callgrind instruction counts, docs/performance.md). Kernels that
  /// gain from O3 can still ask for it.
  unsigned optLevel = 2;
};

/// PTX 8.0 (CUDA 12.0): new enough for every feature sm_80..sm_90a offer
/// (wgmma, TMA, setmaxnreg) and old enough that any CUDA 12 or 13 driver can
/// JIT it and CUDA 13's ptxas assembles it.
constexpr unsigned kDefaultPTXVersion = 80;

/// The SMs we generate code for, canonically spelled.
ArrayRef<StringRef> getSupportedSMs();

/// Canonical "sm_XX" for "XX" or "sm_XX" when supported, std::nullopt
/// otherwise.
std::optional<std::string> normalizeSM(StringRef sm);

/// The SM to compile `module` for: `options.sm` when given, else the
/// module's `tessera.target`.
/// Emits an error on `module` and fails when neither names a supported SM.
FailureOr<std::string> resolveSM(ModuleOp module, const TargetOptions &options);

/// Like resolveSM, but a module with no target at all yields "" instead of an
/// error: kernel metadata can be written without knowing the SM.
FailureOr<std::string> resolveOptionalSM(ModuleOp module,
                                         const TargetOptions &options);

/// The PTX version to declare for `sm` (canonical): `options.ptxVersion` or
/// the default. Fails with an error at `loc` when LLVM 22, ptxas 13 or the
/// SM would not accept it.
FailureOr<unsigned> resolvePTXVersion(StringRef sm, const TargetOptions &options,
                                      Location loc);

} // namespace mlir::tessera

#endif // TESSERA_TARGET_TARGETOPTIONS_H
