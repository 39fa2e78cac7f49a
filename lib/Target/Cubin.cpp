//===- Cubin.cpp - running ptxas ------------------------------------------===//
//
// ptxas reads and writes files, so the PTX goes through temporary files that
// are removed on every path out, except the PTX when ptxas rejects it. Its stdout and stderr go to one log that is
// quoted in the error when it fails, and reported as a remark when it
// succeeds but had something to say (e.g. -v or spill warnings).
//
//===----------------------------------------------------------------------===//
#include "tessera/Target/Cubin.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::tessera;

static constexpr StringRef kPtxasEnv = "TESSERA_PTXAS";
static constexpr StringRef kDefaultCudaPtxas = "/usr/local/cuda/bin/ptxas";

FailureOr<std::string> mlir::tessera::findPtxas(Location loc) {
  std::optional<std::string> env = llvm::sys::Process::GetEnv(kPtxasEnv);
  if (env && !env->empty()) {
    // A path is taken as given; a bare name is looked up on PATH.
    if (StringRef(*env).contains('/')) {
      if (llvm::sys::fs::can_execute(*env) && !llvm::sys::fs::is_directory(*env))
        return *env;
      return emitError(loc) << kPtxasEnv << "=" << *env
                            << " is not an executable file";
    }
    if (llvm::ErrorOr<std::string> found = llvm::sys::findProgramByName(*env))
      return *found;
    return emitError(loc) << kPtxasEnv << "=" << *env << " is not on PATH";
  }
  if (llvm::ErrorOr<std::string> found = llvm::sys::findProgramByName("ptxas"))
    return *found;
  if (llvm::sys::fs::can_execute(kDefaultCudaPtxas))
    return kDefaultCudaPtxas.str();
  return emitError(loc) << "ptxas not found (looked at $" << kPtxasEnv
                        << ", PATH and " << kDefaultCudaPtxas
                        << "); install the CUDA toolkit or set " << kPtxasEnv;
}

/// A new temporary file's path, or an error at `loc`.
static FailureOr<std::string> makeTemp(StringRef suffix, Location loc) {
  llvm::SmallString<128> path;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("tessera", suffix, path))
    return emitError(loc) << "cannot create a temporary ." << suffix
                          << " file: " << ec.message();
  return std::string(path);
}

static std::string readFileOrEmpty(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

FailureOr<std::string>
mlir::tessera::compilePTXToCubin(StringRef ptx, StringRef sm, Location loc,
                                 ArrayRef<std::string> extraArgs) {
  FailureOr<std::string> ptxas = findPtxas(loc);
  if (failed(ptxas))
    return failure();
  FailureOr<std::string> ptxPath = makeTemp("ptx", loc);
  FailureOr<std::string> cubinPath = makeTemp("cubin", loc);
  FailureOr<std::string> logPath = makeTemp("log", loc);
  if (failed(ptxPath) || failed(cubinPath) || failed(logPath))
    return failure();
  llvm::FileRemover removePtx(*ptxPath), removeCubin(*cubinPath),
      removeLog(*logPath);
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(*ptxPath, ec);
    if (!ec)
      os << ptx;
    if (ec || os.has_error())
      return emitError(loc) << "cannot write " << *ptxPath << ": "
                            << (ec ? ec : os.error()).message();
  }

  std::string arch = ("-arch=" + (sm.starts_with("sm_") ? sm : "sm_" + sm)).str();
  SmallVector<StringRef> args = {*ptxas, arch};
  args.append(extraArgs.begin(), extraArgs.end());
  args.append({*ptxPath, "-o", *cubinPath});
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(*logPath),
                                          StringRef(*logPath)};
  std::string execError;
  int status = llvm::sys::ExecuteAndWait(*ptxas, args, std::nullopt, redirects,
                                         /*SecondsToWait=*/0, /*MemoryLimit=*/0,
                                         &execError);
  std::string log = StringRef(readFileOrEmpty(*logPath)).rtrim().str();
  if (status < 0)
    return emitError(loc) << "could not run " << *ptxas << ": " << execError
                          << (log.empty() ? "" : "\n") << log;
  if (status != 0) {
    // ptxas cites lines of the temporary file: keep it for the reader.
    removePtx.releaseFile();
    return emitError(loc) << "ptxas " << arch << " failed (exit code " << status
                          << "; the PTX is kept at " << *ptxPath << ")"
                          << (log.empty() ? "" : ":\n") << log;
  }
  if (!log.empty())
    emitRemark(loc) << "ptxas: " << log;
  std::string cubin = readFileOrEmpty(*cubinPath);
  if (cubin.empty())
    return emitError(loc) << *ptxas << " succeeded but wrote no cubin";
  return cubin;
}
