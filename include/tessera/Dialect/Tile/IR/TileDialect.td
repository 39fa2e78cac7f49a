//===- TileDialect.td - the hardware-agnostic tile dialect -*- tablegen -*-===//
#ifndef TESSERA_TILE_DIALECT
#define TESSERA_TILE_DIALECT

include "mlir/IR/OpBase.td"

def Tile_Dialect : Dialect {
  let name = "tile";
  let cppNamespace = "::mlir::tessera::tile";
  let summary = "Hardware-agnostic tile programs";
  let description = [{
    The `tile` dialect describes what a GPU kernel computes, one program
    instance at a time, over statically shaped tiles (ranked tensors of
    numbers and pointers). It says nothing about threads, warps or memory
    layouts: those are assigned when the program is lowered to `tgpu`.
    Arithmetic stays in `arith`/`math` and control flow in `scf`; users of
    Triton's TTIR will recognise every op.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect"];
  let useDefaultTypePrinterParser = 1;
  let hasConstantMaterializer = 1;
}

class Tile_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tile_Dialect, mnemonic, traits>;

#endif // TESSERA_TILE_DIALECT
