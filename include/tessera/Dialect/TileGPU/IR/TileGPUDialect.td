//===- TileGPUDialect.td - tile programs with GPU layouts --*- tablegen -*-===//
#ifndef TESSERA_TILEGPU_DIALECT
#define TESSERA_TILEGPU_DIALECT

include "mlir/IR/OpBase.td"

def TileGPU_Dialect : Dialect {
  let name = "tgpu";
  let cppNamespace = "::mlir::tessera::tgpu";
  let summary = "Tile programs whose tiles carry GPU layouts";
  let description = [{
    `tgpu` is the `tile` dialect after layout assignment: every tensor carries
    an encoding attribute that says which thread holds which element
    (`#tgpu.blocked`, `#tgpu.slice`, later mma, dot-operand and shared-memory
    layouts), and ops that only make sense once data has a place
    (`tgpu.convert_layout`). Functions carry `tgpu.num_warps` and
    `tgpu.threads_per_warp`; the module carries `tgpu.target` (e.g.
    `"sm_90a"`). The dialect checks that every layout inside a function fits
    the tensor's rank and the function's warp and lane counts.
  }];
  // arith: folded convert_layouts of constants become arith.constant.
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tessera::tile::TileDialect"];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Defined next to the attribute storage classes, which must be complete.
    void registerAttributes();
    static ::llvm::StringRef getNumWarpsAttrName() { return "tgpu.num_warps"; }
    static ::llvm::StringRef getThreadsPerWarpAttrName() { return "tgpu.threads_per_warp"; }
    static ::llvm::StringRef getTargetAttrName() { return "tgpu.target"; }
  }];
}

class TileGPU_Op<string mnemonic, list<Trait> traits = []>
    : Op<TileGPU_Dialect, mnemonic, traits>;

#endif // TESSERA_TILEGPU_DIALECT
