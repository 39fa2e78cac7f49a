//===- TileGPUOps.td - operations of the tgpu dialect ------*- tablegen -*-===//
#ifndef TESSERA_TILEGPU_OPS
#define TESSERA_TILEGPU_OPS

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "tessera/Dialect/TileGPU/IR/TileGPUDialect.td"
include "tessera/Dialect/TileGPU/IR/TileGPUAttrs.td"
include "tessera/Dialect/Tile/IR/TileTypes.td"

def TileGPU_ConvertLayoutOp : TileGPU_Op<"convert_layout",
    [Pure, SameOperandsAndResultShape, SameOperandsAndResultElementType]> {
  let summary = "Move a tile's elements to the threads another layout names";
  let description = [{
    The value is unchanged; only which thread holds which element changes.
    Depending on the two layouts this is a register permutation, warp
    shuffles, or a round trip through shared memory with a barrier.
    ```mlir
    %y = tgpu.convert_layout %x : tensor<128xf32, #a> -> tensor<128xf32, #b>
    ```
  }];
  let arguments = (ins Tile_Tensor:$src);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

#endif // TESSERA_TILEGPU_OPS
