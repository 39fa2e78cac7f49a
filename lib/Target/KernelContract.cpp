//===- KernelContract.cpp - reading the tessera.* kernel attributes -------===//
//
// The one place that interprets the contract of KernelContract.h, so the
// metadata, the C header and the launch bounds in the PTX cannot disagree.
// Every malformed attribute is an error naming the kernel: a launcher given
// a wrong block size or parameter list fails far from the cause.
//
//===----------------------------------------------------------------------===//
#include "tessera/Target/KernelContract.h"

#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::tessera;

static constexpr StringRef kScalarTypes[] = {"i1",  "i8",  "i16", "i32", "i64",
                                             "f16", "bf16", "f32", "f64"};
// A pointee may also be unsigned: the launcher checks tensor dtypes with it.
static constexpr StringRef kUnsignedElems[] = {"u8", "u16", "u32", "u64"};

bool mlir::tessera::isKernel(LLVM::LLVMFuncOp func) {
  return func->hasAttr(NVVM::NVVMDialect::getKernelFuncAttrName());
}

// Absent values are 0 below rather than std::nullopt: 0 is never a valid
// block size or warp count, and FailureOr<optional<>> trips GCC 12's
// -Wmaybe-uninitialized.

/// A non-negative i32-sized integer attribute `name`; `absent` when missing.
static FailureOr<unsigned> readUnsigned(LLVM::LLVMFuncOp kernel, StringRef name,
                                        unsigned absent) {
  Attribute attr = kernel->getAttr(name);
  if (!attr)
    return absent;
  auto intAttr = dyn_cast<IntegerAttr>(attr);
  if (!intAttr || intAttr.getValue().isNegative() ||
      intAttr.getValue().getActiveBits() > 31)
    return kernel.emitError() << "'" << name
                              << "' must be a non-negative i32, got " << attr;
  return static_cast<unsigned>(intAttr.getValue().getZExtValue());
}

/// The x extent of nvvm.reqntid / nvvm.maxntid, which must be 1-D; 0 when
/// absent.
static FailureOr<unsigned> readNtid(LLVM::LLVMFuncOp kernel, StringRef name) {
  auto ntid = kernel->getAttrOfType<DenseI32ArrayAttr>(name);
  if (!ntid)
    return 0u;
  ArrayRef<int32_t> dims = ntid.asArrayRef();
  if (dims.empty() || dims[0] <= 0 ||
      llvm::any_of(dims.drop_front(), [](int32_t d) { return d != 1; }))
    return kernel.emitError() << "'" << name << "' must describe a 1-D block "
                              << "(array<i32: T, 1, 1>), got " << ntid;
  return static_cast<unsigned>(dims[0]);
}

FailureOr<unsigned> mlir::tessera::getContractBlockSize(LLVM::LLVMFuncOp kernel) {
  FailureOr<unsigned> warpSize = readUnsigned(kernel, attr::kThreadsPerWarp, 32);
  if (failed(warpSize))
    return failure();
  if (*warpSize != 32)
    return kernel.emitError() << "'" << attr::kThreadsPerWarp
                              << "' must be 32 on NVIDIA GPUs, got " << *warpSize;
  if (!kernel->hasAttr(attr::kNumWarps))
    return 0u;
  FailureOr<unsigned> numWarps = readUnsigned(kernel, attr::kNumWarps, 0);
  if (failed(numWarps))
    return failure();
  if (*numWarps == 0 || *numWarps > 32)
    return kernel.emitError() << "'" << attr::kNumWarps
                              << "' must be in 1..32 (at most 1024 threads), got "
                              << *numWarps;
  return *numWarps * 32;
}

/// The block size: the contract's, checked against any nvvm.*ntid, else
/// nvvm.reqntid, else nvvm.maxntid.
static FailureOr<unsigned> readBlockSize(LLVM::LLVMFuncOp kernel) {
  FailureOr<unsigned> contract = getContractBlockSize(kernel);
  FailureOr<unsigned> req =
      readNtid(kernel, NVVM::NVVMDialect::getReqntidAttrName());
  FailureOr<unsigned> max =
      readNtid(kernel, NVVM::NVVMDialect::getMaxntidAttrName());
  if (failed(contract) || failed(req) || failed(max))
    return failure();
  if (*contract) {
    if ((*req && *req != *contract) || (*max && *max < *contract))
      return kernel.emitError()
             << "'" << attr::kNumWarps << "' asks for " << *contract
             << " threads per block, which the kernel's nvvm.reqntid/maxntid "
             << "does not allow";
    return *contract;
  }
  if (*req || *max)
    return *req ? *req : *max;
  return kernel.emitError() << "kernel has no block size: set '"
                            << attr::kNumWarps << "' (or nvvm.reqntid)";
}

/// The contract's name for an LLVM parameter type, or "" when a launcher
/// cannot pass it.
static std::string paramTypeName(Type type) {
  if (isa<LLVM::LLVMPointerType>(type))
    return "ptr";
  if (auto intType = dyn_cast<IntegerType>(type)) {
    unsigned w = intType.getWidth();
    return (w == 1 || w == 8 || w == 16 || w == 32 || w == 64)
               ? "i" + std::to_string(w)
               : "";
  }
  if (type.isF16())
    return "f16";
  if (type.isBF16())
    return "bf16";
  if (type.isF32())
    return "f32";
  if (type.isF64())
    return "f64";
  return "";
}

/// Splits a tessera.param_types entry into (type, elem) after checking it.
static FailureOr<KernelParam> parseParamType(LLVM::LLVMFuncOp kernel,
                                             unsigned index, StringRef spelled,
                                             StringRef actual) {
  auto [type, elem] = spelled.split(':');
  bool hasElem = spelled.contains(':');
  bool scalar = llvm::is_contained(kScalarTypes, type);
  bool elemOk = llvm::is_contained(kScalarTypes, elem) ||
                llvm::is_contained(kUnsignedElems, elem);
  if (!(type == "ptr" && (!hasElem || elemOk)) && !(scalar && !hasElem))
    return kernel.emitError()
           << "'" << attr::kParamTypes << "'[" << index << "] = \"" << spelled
           << "\" is not 'ptr', 'ptr:<elem>' or a scalar type (i1 i8 i16 i32 "
           << "i64 f16 bf16 f32 f64; elem may also be u8 u16 u32 u64)";
  if (type != actual)
    return kernel.emitError() << "'" << attr::kParamTypes << "'[" << index
                              << "] = \"" << spelled << "\" disagrees with the "
                              << "parameter's LLVM type (" << actual << ")";
  return KernelParam{"", type.str(), elem.str()};
}

/// A string array attribute of one entry per parameter, or null when absent.
static FailureOr<ArrayAttr> readPerParamStrings(LLVM::LLVMFuncOp kernel,
                                                StringRef name,
                                                unsigned numParams) {
  Attribute attr = kernel->getAttr(name);
  if (!attr)
    return ArrayAttr();
  auto array = dyn_cast<ArrayAttr>(attr);
  if (!array || !llvm::all_of(array, llvm::IsaPred<StringAttr>))
    return kernel.emitError() << "'" << name
                              << "' must be an array of strings, got " << attr;
  if (array.size() != numParams)
    return kernel.emitError() << "'" << name << "' has " << array.size()
                              << " entries for " << numParams << " parameters";
  return array;
}

static FailureOr<SmallVector<KernelParam>> readParams(LLVM::LLVMFuncOp kernel) {
  ArrayRef<Type> types = kernel.getFunctionType().getParams();
  FailureOr<ArrayAttr> spelled =
      readPerParamStrings(kernel, attr::kParamTypes, types.size());
  FailureOr<ArrayAttr> names =
      readPerParamStrings(kernel, attr::kParamNames, types.size());
  if (failed(spelled) || failed(names))
    return failure();
  SmallVector<KernelParam> params;
  for (auto [i, type] : llvm::enumerate(types)) {
    std::string actual = paramTypeName(type);
    if (actual.empty())
      return kernel.emitError() << "parameter " << i << " has type " << type
                                << ", which a launcher cannot pass; expected a "
                                << "pointer or an i1..i64/f16/bf16/f32/f64 scalar";
    KernelParam param{"", actual, ""};
    if (*spelled) {
      StringRef entry = cast<StringAttr>((*spelled)[i]).getValue();
      FailureOr<KernelParam> parsed = parseParamType(kernel, i, entry, actual);
      if (failed(parsed))
        return failure();
      param = *parsed;
    }
    param.name = *names ? cast<StringAttr>((*names)[i]).getValue().str()
                        : "arg" + std::to_string(i);
    params.push_back(std::move(param));
  }
  return params;
}

/// Whether the PTX entry will carry `name` unchanged: NVPTX renames symbols
/// that are not PTX identifiers (e.g. '.' becomes "_$_"), and launchers look
/// kernels up by the name the metadata gives.
static bool isPTXIdentifier(StringRef name) {
  auto isBody = [](char c) { return llvm::isAlnum(c) || c == '_' || c == '$'; };
  return !name.empty() && !llvm::isDigit(name.front()) &&
         llvm::all_of(name, isBody);
}

FailureOr<KernelInfo> mlir::tessera::readKernelInfo(LLVM::LLVMFuncOp kernel) {
  if (!isPTXIdentifier(kernel.getSymName()))
    return kernel.emitError() << "kernel name '" << kernel.getSymName()
                              << "' is not a PTX identifier ([a-zA-Z_$][a-zA-Z0-9_$]*); "
                              << "the PTX would rename it";
  FailureOr<unsigned> blockSize = readBlockSize(kernel);
  FailureOr<unsigned> shared = readUnsigned(kernel, attr::kSharedBytes, 0);
  FailureOr<SmallVector<KernelParam>> params = readParams(kernel);
  if (failed(blockSize) || failed(shared) || failed(params))
    return failure();
  KernelInfo info;
  info.name = kernel.getSymName().str();
  // With tessera.num_warps present the block size is derived from it.
  if (kernel->hasAttr(attr::kNumWarps))
    info.numWarps = *blockSize / 32;
  info.threadsPerBlock = *blockSize;
  info.sharedBytes = *shared;
  info.params = std::move(*params);
  return info;
}

FailureOr<ModuleKernels> mlir::tessera::readModuleKernels(ModuleOp module,
                                                          StringRef target) {
  ModuleKernels result;
  result.target = target.str();
  bool ok = true;
  // Report every broken kernel at once rather than the first.
  for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
    if (!isKernel(func))
      continue;
    FailureOr<KernelInfo> info = readKernelInfo(func);
    if (failed(info))
      ok = false;
    else
      result.kernels.push_back(std::move(*info));
  }
  if (!ok)
    return failure();
  return result;
}
