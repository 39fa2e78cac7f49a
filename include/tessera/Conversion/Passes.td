//===- Passes.td - Tessera conversion passes ---------------*- tablegen -*-===//
#ifndef TESSERA_CONVERSION_PASSES
#define TESSERA_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

def TileToTileGPU : Pass<"tile-to-tgpu", "::mlir::ModuleOp"> {
  let summary = "Give every tensor of a tile program a distributed layout";
  let description = [{
    Assigns `#tgpu.blocked` layouts to every tensor value of every
    `tile.func`, through `scf.for`, `scf.if` and `scf.while` too. Reductions
    produce `#tgpu.slice` layouts of their operand's layout, and an
    `expand_dims` operand is given the slice of its result's layout so that no
    data moves. The default blocked layout for a shape spreads lanes along the
    fastest dimension first, gives each thread up to 16 bytes of consecutive
    elements when the tile is large enough, then spreads warps.

    Kernels run with `tile.num_warps` when they carry it, otherwise with
    `num-warps`. The function gets `tgpu.num_warps` and
    `tgpu.threads_per_warp`, the module `tgpu.target`.
  }];
  let options = [
    Option<"numWarps", "num-warps", "unsigned", "4",
           "Warps per program when the kernel does not say">,
    Option<"threadsPerWarp", "threads-per-warp", "unsigned", "32",
           "Lanes per warp">,
    Option<"target", "target", "std::string", "\"sm_90a\"",
           "Target GPU, e.g. sm_80 or sm_90a">,
    Option<"vectorBytes", "vector-bytes", "unsigned", "16",
           "Bytes of consecutive elements per thread for tiles that are "
           "loaded or stored (0: one element)">,
  ];
  let dependentDialects = ["::mlir::tessera::tgpu::TileGPUDialect"];
}

def ConvertTileGPUToLLVM : Pass<"convert-tgpu-to-llvm", "::mlir::ModuleOp"> {
  let summary = "Lower tgpu programs to the LLVM and NVVM dialects";
  let description = [{
    Every distributed tensor becomes the LLVM struct of the elements one
    thread holds (in register order of its linear layout); tile ops become
    per-thread LLVM/NVVM code: indices from the layout, 16-byte vector
    loads and stores where the axis analysis proves them legal, masked
    accesses as guarded branches, arith/math per element (NaN-propagating
    `maximumf`/`minimumf` become `max.NaN`/`min.NaN`), transcendental f32
    math on the special function unit. `tile.func` kernels become
    `llvm.func`s with `nvvm.kernel`, launch bounds and the `tessera.*`
    metadata attributes. Structured control flow must be lowered to `cf`
    first (`convert-scf-to-cf`). A tensor carried between blocks (a loop's
    value) becomes one block argument per register rather than a struct
    argument: LLVM's SCCP is quadratic in struct phis.
  }];
  let options = [
    Option<"computeCapability", "compute-capability", "unsigned", "0",
           "SM version times ten (80, 90); 0 reads the module's tgpu.target">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::NVVM::NVVMDialect"];
}

#endif // TESSERA_CONVERSION_PASSES
