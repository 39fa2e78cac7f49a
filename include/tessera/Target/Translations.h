//===- Translations.h - tessera-translate's target translations -*- C++ -*-===//
//
// Registers --tessera-to-{llvmir,ptx,cubin,metadata,header} and their
// options (--sm, --ptx-version, --ptx-file, --header-name, --ptxas-opt,
// --tessera-timing) with mlir-translate's registry.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TARGET_TRANSLATIONS_H
#define TESSERA_TARGET_TRANSLATIONS_H

#include "mlir/IR/DialectRegistry.h"

namespace mlir::tessera {

/// The dialects and LLVM IR translations a target input module needs.
void registerTargetDialects(DialectRegistry &registry);

/// Call before parsing the command line.
void registerTesseraTargetTranslations();

} // namespace mlir::tessera

#endif // TESSERA_TARGET_TRANSLATIONS_H
