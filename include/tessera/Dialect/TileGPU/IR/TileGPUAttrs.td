//===- TileGPUAttrs.td - layout attributes -----------------*- tablegen -*-===//
#ifndef TESSERA_TILEGPU_ATTRS
#define TESSERA_TILEGPU_ATTRS

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/TensorEncoding.td"
include "tessera/Dialect/TileGPU/IR/TileGPUDialect.td"
include "tessera/Dialect/TileGPU/IR/TileGPUInterfaces.td"

// `[1, 4]`: a list of unsigned, printed with brackets so that layouts read
// like Triton's.
def TileGPU_UnsignedList : ArrayRefParameter<"unsigned"> {
  let printer = [{ ::mlir::tessera::tgpu::printUnsignedList($_printer, $_self) }];
  let parser = [{ ::mlir::tessera::tgpu::parseUnsignedList($_parser) }];
}

def TileGPU_BlockedEncodingAttr : AttrDef<TileGPU_Dialect, "BlockedEncoding", [
    DeclareAttrInterfaceMethods<TileGPU_DistributedLayoutAttr>,
    DeclareAttrInterfaceMethods<VerifiableTensorEncoding>]> {
  let mnemonic = "blocked";
  let summary = "Each thread holds a contiguous block; blocks tile the tensor";
  let description = [{
    Along dimension `d`, a thread holds `sizePerThread[d]` consecutive
    elements, `threadsPerWarp[d]` lanes and `warpsPerCTA[d]` warps sit side by
    side, and the resulting CTA tile repeats (in more registers) until it
    covers the tensor; a tensor smaller than the CTA tile is held by several
    threads at once (broadcast). `order` lists dimensions from fastest to
    slowest varying when numbering lanes and warps. All entries are powers of
    two.
    ```mlir
    #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
    ```
  }];
  let parameters = (ins TileGPU_UnsignedList:$sizePerThread,
                        TileGPU_UnsignedList:$threadsPerWarp,
                        TileGPU_UnsignedList:$warpsPerCTA,
                        TileGPU_UnsignedList:$order);
  let assemblyFormat = "`<` `{` struct(params) `}` `>`";
  let genVerifyDecl = 1;
}

def TileGPU_SliceEncodingAttr : AttrDef<TileGPU_Dialect, "SliceEncoding", [
    DeclareAttrInterfaceMethods<TileGPU_DistributedLayoutAttr>,
    DeclareAttrInterfaceMethods<VerifiableTensorEncoding>]> {
  let mnemonic = "slice";
  let summary = "The parent layout with one dimension removed";
  let description = [{
    The layout of a reduction's result (or of an `expand_dims` operand):
    element `i` is held by every thread that held some element of row `i` of
    the parent along `dim`.
    ```mlir
    #tgpu.slice<{dim = 1, parent = #tgpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>}>
    ```
  }];
  let parameters = (ins "unsigned":$dim, "DistributedLayoutAttr":$parent);
  let assemblyFormat = "`<` `{` struct(params) `}` `>`";
  let genVerifyDecl = 1;
}

#endif // TESSERA_TILEGPU_ATTRS
