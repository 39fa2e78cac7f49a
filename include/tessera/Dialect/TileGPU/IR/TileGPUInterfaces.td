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
    InterfaceMethod<[{
      The answer as a linear layout over F2 for a tensor of `shape` (rank
      `getRank()`, power-of-two sizes, as `verifyEncoding` checks): output
      dimension d is tensor dimension d.
    }], "::mlir::tessera::tgpu::LinearLayout", "toLinearLayout",
        (ins "::llvm::ArrayRef<int64_t>":$shape)>,
    InterfaceMethod<[{
      How many registers each thread uses for a tensor of `shape`: the
      length of the per-thread value list in the LLVM lowering. Counts
      duplicates a thread holds more than once (a tensor smaller than the
      layout's tile along a dimension of sizePerThread > 1).
    }], "unsigned", "getElemsPerThread", (ins "::llvm::ArrayRef<int64_t>":$shape),
        /*methodBody=*/"",
        /*defaultImplementation=*/[{
      return $_attr.toLinearLayout(shape).getNumRegisters();
    }]>,
  ];
}

#endif // TESSERA_TILEGPU_INTERFACES
