//===- tessera-translate.cpp - translations out of MLIR -------------------===//
//
// mlir-translate with the translations Tessera needs, all registered by
// lib/Target: LLVM + NVVM dialect modules to LLVM IR, PTX, cubin, kernel
// metadata JSON and an embeddable C header.
//
//===----------------------------------------------------------------------===//
#include "tessera/Target/Translations.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::tessera::registerTesseraTargetTranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "Tessera translation driver\n"));
}
