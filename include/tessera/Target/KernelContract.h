//===- KernelContract.h - what the lowering tells the target ----*- C++ -*-===//
//
// convert-tgpu-to-llvm leaves an LLVM + NVVM dialect module; what a launcher
// needs beyond the PTX (block size, dynamic shared memory, the parameters'
// element types) is carried by discardable attributes. This is the contract,
// also written down in docs/embedding-target.md:
//
//   module attributes {tessera.target = "sm_90a"}
//       The SM the lowering selected instructions for; `--sm` may override it.
//
//   llvm.func @k(...) attributes {nvvm.kernel, ...}
//       Every `llvm.func` with the `nvvm.kernel` unit attribute is a kernel
//       (a PTX `.entry`), listed in module order. On a kernel:
//     tessera.num_warps = N : i32          warps per block (1-D blocks)
//     tessera.threads_per_warp = 32 : i32  optional; must be 32 when present
//     tessera.shared_bytes = N : i32       optional, default 0: bytes of
//         dynamic shared memory (`@global_smem`, below) the launch passes
//     tessera.param_types = ["ptr:bf16", "i32", "f32", ...]
//         optional: one string per parameter, `ptr`, `ptr:<elem>` or a scalar
//         (i1 i8 i16 i32 i64 f16 bf16 f32 f64); <elem> is a scalar or u8 u16
//         u32 u64. Each must agree with the LLVM parameter type. When absent
//         the types come from the signature (pointers without an elem).
//     tessera.param_names = ["x", "n", ...]
//         optional: names for metadata and error messages; default argN.
//   A kernel without tessera.num_warps may carry `nvvm.reqntid` or
//   `nvvm.maxntid` = array<i32: T, 1, 1> instead; T is then its block size.
//
//   llvm.mlir.global external @global_smem() {addr_space = 3 : i32,
//       alignment = 16 : i64} : !llvm.array<0 x i8>
//       The extern dynamic shared memory every kernel of the module shares.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TARGET_KERNELCONTRACT_H
#define TESSERA_TARGET_KERNELCONTRACT_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace mlir::tessera {

namespace attr {
constexpr llvm::StringLiteral kTarget = "tessera.target";
constexpr llvm::StringLiteral kNumWarps = "tessera.num_warps";
constexpr llvm::StringLiteral kThreadsPerWarp = "tessera.threads_per_warp";
constexpr llvm::StringLiteral kSharedBytes = "tessera.shared_bytes";
constexpr llvm::StringLiteral kParamTypes = "tessera.param_types";
constexpr llvm::StringLiteral kParamNames = "tessera.param_names";
} // namespace attr

/// One kernel parameter as the launcher sees it.
struct KernelParam {
  std::string name; // "arg0" unless tessera.param_names says otherwise
  std::string type; // "ptr" or a scalar type name
  std::string elem; // pointee of a "ptr"; empty when unknown
};

/// One kernel as the metadata and the C header describe it.
struct KernelInfo {
  std::string name;
  std::optional<unsigned> numWarps; // absent when only nvvm.*ntid gave the size
  unsigned threadsPerBlock = 0;
  unsigned sharedBytes = 0;
  SmallVector<KernelParam> params;
};

/// All kernels of a module, in module order, and the SM ("" when unknown).
struct ModuleKernels {
  std::string target;
  SmallVector<KernelInfo> kernels;
};

/// Whether `func` is a kernel (carries `nvvm.kernel`).
bool isKernel(LLVM::LLVMFuncOp func);

/// The block size tessera.num_warps * tessera.threads_per_warp asks for;
/// 0 when the kernel has no tessera.num_warps. Fails, with an error on the
/// kernel, when the attributes are malformed.
FailureOr<unsigned> getContractBlockSize(LLVM::LLVMFuncOp kernel);

/// Reads one kernel's contract. Every malformed or missing piece is an error
/// on the kernel.
FailureOr<KernelInfo> readKernelInfo(LLVM::LLVMFuncOp kernel);

/// Reads every kernel of `module`; `target` is stored as is.
FailureOr<ModuleKernels> readModuleKernels(ModuleOp module, StringRef target);

} // namespace mlir::tessera

#endif // TESSERA_TARGET_KERNELCONTRACT_H
