//===- LLVMDiagnostics.h - LLVM diagnostics as MLIR ones --------*- C++ -*-===//
//
// Private to lib/Target. LLVM's default handler prints errors and calls
// exit(1); a library must not, so while one is alive, diagnostics reported
// through an LLVMContext become MLIR diagnostics at a location instead.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_LIB_TARGET_LLVMDIAGNOSTICS_H
#define TESSERA_LIB_TARGET_LLVMDIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"

namespace mlir::tessera {

class ScopedLLVMDiagnostics {
public:
  ScopedLLVMDiagnostics(llvm::LLVMContext &context, Location loc)
      : context(context), previous(context.getDiagnosticHandler()) {
    context.setDiagnosticHandler(std::make_unique<Handler>(loc, errorSeen));
  }
  ~ScopedLLVMDiagnostics() { context.setDiagnosticHandler(std::move(previous)); }

  /// Whether an error was reported since construction.
  bool hadError() const { return errorSeen; }

private:
  struct Handler : llvm::DiagnosticHandler {
    Handler(Location loc, bool &hadError) : loc(loc), hadError(hadError) {}
    bool handleDiagnostics(const llvm::DiagnosticInfo &info) override {
      std::string message;
      llvm::raw_string_ostream os(message);
      llvm::DiagnosticPrinterRawOStream printer(os);
      info.print(printer);
      switch (info.getSeverity()) {
      case llvm::DS_Error:
        hadError = true;
        emitError(loc) << "LLVM: " << message;
        break;
      case llvm::DS_Warning:
        emitWarning(loc) << "LLVM: " << message;
        break;
      default: // remarks and notes only when asked for; nobody asks yet
        break;
      }
      return true;
    }
    Location loc;
    bool &hadError;
  };

  llvm::LLVMContext &context;
  std::unique_ptr<llvm::DiagnosticHandler> previous;
  bool errorSeen = false;
};

} // namespace mlir::tessera

#endif // TESSERA_LIB_TARGET_LLVMDIAGNOSTICS_H
