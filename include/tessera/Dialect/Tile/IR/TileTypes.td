//===- TileTypes.td - tile dialect types and constraints ---*- tablegen -*-===//
#ifndef TESSERA_TILE_TYPES
#define TESSERA_TILE_TYPES

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"
include "tessera/Dialect/Tile/IR/TileDialect.td"

class Tile_TypeDef<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Tile_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Tile_PtrType : Tile_TypeDef<"Pointer", "ptr"> {
  let summary = "A pointer to a scalar in some address space";
  let description = [{
    `!tile.ptr<f32>` points to an `f32` in global memory (address space 1,
    the default); `!tile.ptr<f16, 3>` points into shared memory. Tensors of
    pointers (`tensor<128x!tile.ptr<f32>>`) are how a tile program names the
    addresses it loads from and stores to.
  }];
  let parameters = (ins "::mlir::Type":$pointeeType,
                        DefaultValuedParameter<"int", "1">:$addressSpace);
  let builders = [
    TypeBuilderWithInferredContext<(ins "::mlir::Type":$pointeeType,
                                        CArg<"int", "1">:$addressSpace), [{
      return $_get(pointeeType.getContext(), pointeeType, addressSpace);
    }]>
  ];
  let assemblyFormat = "`<` $pointeeType (`,` $addressSpace^)? `>`";
  let genVerifyDecl = 1;
  let skipDefaultBuilders = 1;
}

// Element types a tile program computes on.
def Tile_Float : AnyTypeOf<[F8E4M3FN, F8E5M2, F16, BF16, F32, F64], "floating-point">;
def Tile_Int : AnyTypeOf<[I1, I8, I16, I32, I64], "signless integer">;
def Tile_Ptr : Type<CPred<"::llvm::isa<::mlir::tessera::tile::PointerType>($_self)">, "pointer", "::mlir::tessera::tile::PointerType">;
def Tile_Elem : AnyTypeOf<[Tile_Float, Tile_Int, Tile_Ptr], "tile element">;

// Tiles have static shapes: every dimension is distributed over registers,
// lanes and warps at compile time, and the shape verifiers count elements.
def Tile_Tensor : StaticShapeTensorOf<[Tile_Float, Tile_Int, Tile_Ptr]>;
def Tile_PtrTensor : StaticShapeTensorOf<[Tile_Ptr]>;
def Tile_IntTensor : StaticShapeTensorOf<[Tile_Int]>;
def Tile_BoolTensor : StaticShapeTensorOf<[I1]>;
def Tile_I32Tensor : StaticShapeTensorOf<[I32]>;

def Tile_Type : AnyTypeOf<[Tile_Elem, Tile_Tensor], "scalar or tile">;
def Tile_PtrLike : AnyTypeOf<[Tile_Ptr, Tile_PtrTensor], "pointer or tile of pointers">;
def Tile_IntLike : AnyTypeOf<[Tile_Int, Tile_IntTensor], "integer or tile of integers">;
def Tile_BoolLike : AnyTypeOf<[I1, Tile_BoolTensor], "i1 or tile of i1">;
def Tile_NumLike : AnyTypeOf<[Tile_Float, Tile_Int, StaticShapeTensorOf<[Tile_Float, Tile_Int]>],
                             "number or tile of numbers">;

#endif // TESSERA_TILE_TYPES
