//===- TileGPUInterfaces.td - the layout interface ---------*- tablegen -*-===//
#ifndef TESSERA_TILEGPU_INTERFACES
#define TESSERA_TILEGPU_INTERFACES

include "mlir/IR/OpBase.td"

def TileGPU_DistributedLayoutAttr : AttrInterface<"DistributedLayoutAttr"> {
  let cppNamespace = "::mlir::tessera::tgpu";
  let description = [{
    A layout that spreads a tensor over the registers of the threads of a
    CTA. Each such layout answers one question: which tensor element does
    (register, lane, warp) hold?
  }];
  let methods = [
    InterfaceMethod<"Rank of the tensors this layout can describe.",
                    "unsigned", "getRank">,
    InterfaceMethod<"Number of warps the layout spreads a tensor over.",
                    "unsigned", "getTotalWarps">,
    InterfaceMethod<"Number of lanes of a warp the layout uses.",
                    "unsigned", "getTotalLanes">,
  ];
}

#endif // TESSERA_TILEGPU_INTERFACES
