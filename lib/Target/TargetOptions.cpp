//===- TargetOptions.cpp - choosing the SM and the PTX version ------------===//
//
// Only SMs we test (PTX FileCheck and ptxas in test/Target) are accepted:
// adding one is a line in kSMs plus its tests.
//
//===----------------------------------------------------------------------===//
#include "tessera/Target/TargetOptions.h"

#include "tessera/Target/KernelContract.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {
struct SMInfo {
  StringRef name;
  unsigned minPTX; // the oldest PTX ISA that knows this .target
};
} // namespace

static constexpr SMInfo kSMs[] = {
    {"sm_80", 70}, {"sm_90", 78}, {"sm_90a", 80}};

ArrayRef<StringRef> mlir::tessera::getSupportedSMs() {
  static const SmallVector<StringRef> names =
      llvm::map_to_vector(kSMs, [](const SMInfo &sm) { return sm.name; });
  return names;
}

static const SMInfo *lookupSM(StringRef sm) {
  if (!sm.starts_with("sm_"))
    return nullptr;
  const auto *it = llvm::find_if(kSMs, [&](const SMInfo &s) { return s.name == sm; });
  return it == std::end(kSMs) ? nullptr : it;
}

std::optional<std::string> mlir::tessera::normalizeSM(StringRef sm) {
  std::string name = sm.starts_with("sm_") ? sm.str() : ("sm_" + sm).str();
  if (!lookupSM(name))
    return std::nullopt;
  return name;
}

static std::string supportedList() {
  return llvm::join(getSupportedSMs(), ", ");
}

FailureOr<std::string>
mlir::tessera::resolveOptionalSM(ModuleOp module, const TargetOptions &options) {
  auto moduleTarget = module->getAttrOfType<StringAttr>(attr::kTarget);
  if (module->hasAttr(attr::kTarget) && !moduleTarget)
    return module.emitError() << "'" << attr::kTarget
                              << "' must be a string such as \"sm_90a\"";
  if (!options.sm.empty()) {
    std::optional<std::string> sm = normalizeSM(options.sm);
    if (!sm)
      return module.emitError() << "unsupported --sm value '" << options.sm
                                << "'; expected one of " << supportedList()
                                << " (the 'sm_' may be left out)";
    // The option wins over tessera.target without a word: compiling sm_80
    // code for sm_90a is legitimate, and sm_90a-only instructions compiled
    // for sm_80 fail in LLVM or ptxas with a precise message anyway.
    return *sm;
  }
  if (!moduleTarget)
    return std::string();
  std::optional<std::string> sm = normalizeSM(moduleTarget.getValue());
  if (!sm)
    return module.emitError() << "unsupported " << attr::kTarget << " \""
                              << moduleTarget.getValue() << "\"; expected one of "
                              << supportedList();
  return *sm;
}

FailureOr<std::string> mlir::tessera::resolveSM(ModuleOp module,
                                                const TargetOptions &options) {
  FailureOr<std::string> sm = resolveOptionalSM(module, options);
  if (failed(sm) || !sm->empty())
    return sm;
  return module.emitError() << "no target SM: pass --sm (" << supportedList()
                            << ") or set " << attr::kTarget << " on the module";
}

FailureOr<unsigned> mlir::tessera::resolvePTXVersion(StringRef sm,
                                                     const TargetOptions &options,
                                                     Location loc) {
  unsigned version = options.ptxVersion ? options.ptxVersion : kDefaultPTXVersion;
  // LLVM 22 knows PTX 7.0-7.8, 8.0-8.8 and 9.0; ptxas 13.0 stops at 9.0.
  bool known = (version >= 70 && version <= 78) ||
               (version >= 80 && version <= 88) || version == 90;
  if (!known)
    return emitError(loc) << "unsupported PTX version " << version
                          << "; expected 70-78, 80-88 or 90";
  const SMInfo *info = lookupSM(sm);
  if (info && version < info->minPTX)
    return emitError(loc) << sm << " needs PTX version " << info->minPTX
                          << " or newer, got " << version;
  return version;
}
