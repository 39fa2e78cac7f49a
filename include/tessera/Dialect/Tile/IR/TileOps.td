//===- TileOps.td - operations of the tile dialect ---------*- tablegen -*-===//
#ifndef TESSERA_TILE_OPS
#define TESSERA_TILE_OPS

include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpAsmInterface.td"
include "tessera/Dialect/Tile/IR/TileDialect.td"
include "tessera/Dialect/Tile/IR/TileTypes.td"
include "tessera/Dialect/Tile/IR/TileEnums.td"

// The type a load of `ptr` produces: the pointee, in the pointer's shape
// (and, after layout assignment, its encoding).
class PointeeOf<string ptr, string res, string cond = "std::equal_to<>()">
    : TypesMatchWith<res # " is the pointee type of " # ptr, ptr, res,
                     "::mlir::tessera::tile::getPointeeTypeLike($_self)", cond>;
// An i1 mask in the shape of `ptr`.
class MaskOf<string ptr, string mask, string cond>
    : TypesMatchWith<mask # " is i1 in the shape of " # ptr, ptr, mask,
                     "::mlir::tessera::tile::getI1TypeLike($_self)", cond>;

//===----------------------------------------------------------------------===//
// Program identity
//===----------------------------------------------------------------------===//

def Tile_ProgramIdOp : Tile_Op<"program_id", [Pure]> {
  let summary = "Index of this program instance along a grid dimension";
  let description = [{
    ```mlir
    %pid = tile.program_id x : i32
    ```
  }];
  let arguments = (ins Tile_ProgramDim:$axis);
  let results = (outs I32:$result);
  let assemblyFormat = "$axis attr-dict `:` type($result)";
}

def Tile_NumProgramsOp : Tile_Op<"num_programs", [Pure]> {
  let summary = "Number of program instances along a grid dimension";
  let description = [{
    ```mlir
    %n = tile.num_programs y : i32
    ```
  }];
  let arguments = (ins Tile_ProgramDim:$axis);
  let results = (outs I32:$result);
  let assemblyFormat = "$axis attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Tile construction and shape manipulation
//===----------------------------------------------------------------------===//

def Tile_MakeRangeOp : Tile_Op<"make_range", [Pure]> {
  let summary = "The tile [start, end) of consecutive i32";
  let description = [{
    ```mlir
    %r = tile.make_range {start = 0 : i32, end = 128 : i32} : tensor<128xi32>
    ```
    The length `end - start` must be a power of two: every tile dimension is
    distributed over threads, lanes and warps by powers of two.
  }];
  let arguments = (ins I32Attr:$start, I32Attr:$end);
  let results = (outs Tile_I32Tensor:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Tile_SplatOp : Tile_Op<"splat", [Pure,
    TypesMatchWith<"result element type is the source type", "result", "src",
                   "::mlir::getElementTypeOrSelf($_self)">]> {
  let summary = "A tile whose every element is one scalar";
  let description = [{
    ```mlir
    %t = tile.splat %x : tensor<64x128xf32>
    ```
  }];
  let arguments = (ins Tile_Elem:$src);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$src attr-dict `:` type($result)";
  let hasFolder = 1;
}

def Tile_BroadcastOp : Tile_Op<"broadcast", [Pure, SameOperandsAndResultElementType]> {
  let summary = "Repeat a tile along its unit dimensions";
  let description = [{
    Every dimension of the source is either equal to the result's or 1.
    ```mlir
    %b = tile.broadcast %x : tensor<1x128xf32> -> tensor<64x128xf32>
    ```
  }];
  let arguments = (ins Tile_Tensor:$src);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Tile_ExpandDimsOp : Tile_Op<"expand_dims", [Pure, SameOperandsAndResultElementType]> {
  let summary = "Insert a unit dimension";
  let description = [{
    ```mlir
    %e = tile.expand_dims %x {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
    ```
  }];
  let arguments = (ins Tile_Tensor:$src, I32Attr:$axis);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($result)";
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def Tile_ReshapeOp : Tile_Op<"reshape", [Pure, SameOperandsAndResultElementType]> {
  let summary = "Reinterpret a tile with another shape of the same size";
  let description = [{
    Elements keep their row-major order unless `allow_reorder` is set, in
    which case the compiler may pick any order (useful for reductions whose
    result does not depend on the order).
    ```mlir
    %r = tile.reshape %x : tensor<64x128xf32> -> tensor<8192xf32>
    ```
  }];
  let arguments = (ins Tile_Tensor:$src, UnitAttr:$allow_reorder);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$src (`allow_reorder` $allow_reorder^)? attr-dict `:` type($src) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Tile_TransOp : Tile_Op<"trans", [Pure, SameOperandsAndResultElementType]> {
  let summary = "Permute the dimensions of a tile";
  let description = [{
    Result dimension `i` is source dimension `order[i]`.
    ```mlir
    %t = tile.trans %x {order = array<i32: 1, 0>} : tensor<64x128xf16> -> tensor<128x64xf16>
    ```
  }];
  let arguments = (ins Tile_Tensor:$src, DenseI32ArrayAttr:$order);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Pointers and memory
//===----------------------------------------------------------------------===//

def Tile_AddPtrOp : Tile_Op<"addptr", [Pure, AllTypesMatch<["ptr", "result"]>]> {
  let summary = "Advance pointers by element offsets";
  let description = [{
    `ptr + offset * sizeof(pointee)`, elementwise. The offset has the shape of
    the pointer tile (or both are scalars).
    ```mlir
    %q = tile.addptr %p, %offs : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
    ```
  }];
  let arguments = (ins Tile_PtrLike:$ptr, Tile_IntLike:$offset);
  let results = (outs Tile_PtrLike:$result);
  let assemblyFormat = "$ptr `,` $offset attr-dict `:` type($result) `,` type($offset)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Tile_LoadOp : Tile_Op<"load", [
    AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    PointeeOf<"ptr", "result">,
    // Both are optional and either may be absent (in generic form `other`
    // can come without a mask): ask the op, not the operand count.
    MaskOf<"ptr", "mask", "!::llvm::cast<::mlir::tessera::tile::LoadOp>(&$_op).getMask() || std::equal_to<>()">,
    PointeeOf<"ptr", "other", "!::llvm::cast<::mlir::tessera::tile::LoadOp>(&$_op).getOther() || std::equal_to<>()">]> {
  let summary = "Load a tile (or scalar) through pointers, optionally masked";
  let description = [{
    Lanes whose `mask` is false do not touch memory and yield `other`
    (undefined when `other` is absent). `cache` and `evict` map to PTX cache
    operators and eviction priorities; `volatile` loads are never merged,
    hoisted or cached.
    ```mlir
    %x = tile.load %p, %m, %zero {cache = cg, evict = evict_first} : tensor<128x!tile.ptr<bf16>>
    ```
  }];
  let arguments = (ins Tile_PtrLike:$ptr, Optional<Tile_BoolLike>:$mask,
                       Optional<Tile_Type>:$other,
                       DefaultValuedAttr<Tile_CacheModifier, "::mlir::tessera::tile::CacheModifier::none">:$cache,
                       DefaultValuedAttr<Tile_EvictionPolicy, "::mlir::tessera::tile::EvictionPolicy::normal">:$evict,
                       UnitAttr:$isVolatile);
  let results = (outs Tile_Type:$result);
  let assemblyFormat = [{
    $ptr (`,` $mask^)? (`,` $other^)?
    (`cache` `=` $cache^)? (`evict` `=` $evict^)? (`volatile` $isVolatile^)?
    attr-dict `:` type($ptr)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def Tile_StoreOp : Tile_Op<"store", [
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    PointeeOf<"ptr", "value">,
    MaskOf<"ptr", "mask", "($_op.getOperands().size() <= 2) || std::equal_to<>()">]> {
  let summary = "Store a tile (or scalar) through pointers, optionally masked";
  let description = [{
    ```mlir
    tile.store %p, %v, %m : tensor<128x!tile.ptr<f32>>
    ```
  }];
  let arguments = (ins Tile_PtrLike:$ptr, Tile_Type:$value, Optional<Tile_BoolLike>:$mask,
                       DefaultValuedAttr<Tile_CacheModifier, "::mlir::tessera::tile::CacheModifier::none">:$cache,
                       DefaultValuedAttr<Tile_EvictionPolicy, "::mlir::tessera::tile::EvictionPolicy::normal">:$evict);
  let assemblyFormat = [{
    $ptr `,` $value (`,` $mask^)? (`cache` `=` $cache^)? (`evict` `=` $evict^)?
    attr-dict `:` type($ptr)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Matrix product
//===----------------------------------------------------------------------===//

def Tile_DotOp : Tile_Op<"dot", [Pure, AllTypesMatch<["c", "d"]>]> {
  let summary = "Matrix product with accumulation: d = a * b + c";
  let description = [{
    `a` is MxK, `b` is KxN, `c` and `d` are MxN (a leading batch dimension is
    allowed on all four). Legal operand/accumulator pairs: f16×f16→f16|f32,
    bf16×bf16→f32, f32×f32→f32 (`input_precision` ieee, tf32 or tf32x3),
    f8×f8→f16|f32, i8×i8→i32, f64×f64→f64.
    ```mlir
    %d = tile.dot %a, %b, %c : tensor<64x32xbf16> * tensor<32x64xbf16> -> tensor<64x64xf32>
    ```
  }];
  let arguments = (ins Tile_Tensor:$a, Tile_Tensor:$b, Tile_Tensor:$c,
                       DefaultValuedAttr<Tile_InputPrecision, "::mlir::tessera::tile::InputPrecision::ieee">:$input_precision);
  let results = (outs Tile_Tensor:$d);
  let assemblyFormat = [{
    $a `,` $b `,` $c (`input_precision` `=` $input_precision^)? attr-dict
    `:` type($a) `*` type($b) `->` type($d)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions and scans
//===----------------------------------------------------------------------===//

def Tile_ReduceOp : Tile_Op<"reduce", [Pure, SingleBlock]> {
  let summary = "Reduce tiles along one axis with a combiner region";
  let description = [{
    Reduces `N` tiles of one shape together along `axis`. The region takes
    `2N` scalars, `(a_0 … a_{N-1}, b_0 … b_{N-1})`, and yields the `N`
    combined scalars through `tile.reduce.return`; several operands make
    argmax-style reductions. The order in which elements are combined is
    unspecified: combiners that are not associative (float add) give results
    that depend on it. A rank-1 source reduces to scalars.
    ```mlir
    %s = tile.reduce %x axis = 1 : (tensor<64x128xf32>) -> tensor<64xf32> {
    ^bb0(%a: f32, %b: f32):
      %r = arith.addf %a, %b : f32
      tile.reduce.return %r : f32
    }
    ```
  }];
  let arguments = (ins Variadic<Tile_Tensor>:$srcs, I32Attr:$axis);
  let results = (outs Variadic<Tile_Type>:$result);
  let regions = (region SizedRegion<1>:$combineOp);
  let assemblyFormat = [{
    $srcs `axis` `=` $axis attr-dict `:` functional-type($srcs, $result) $combineOp
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The shape the sources have, all of them alike.
    ::llvm::ArrayRef<int64_t> getSrcShape() {
      return ::llvm::cast<::mlir::RankedTensorType>(getSrcs().front().getType()).getShape();
    }
  }];
}

def Tile_ReduceReturnOp : Tile_Op<"reduce.return",
    [HasParent<"ReduceOp">, Pure, Terminator, ReturnLike]> {
  let summary = "Yield the combined values of a reduce combiner";
  let arguments = (ins Variadic<AnyType>:$result);
  let assemblyFormat = "attr-dict ($result^ `:` type($result))?";
}

def Tile_ScanOp : Tile_Op<"scan", [Pure, SingleBlock]> {
  let summary = "Inclusive prefix combination along one axis";
  let description = [{
    Like `tile.reduce`, but every position gets the combination of all
    elements up to and including itself (from the end when `reverse`).
    ```mlir
    %c = tile.scan %x axis = 0 : (tensor<128xi32>) -> tensor<128xi32> {
    ^bb0(%a: i32, %b: i32):
      %r = arith.addi %a, %b : i32
      tile.scan.return %r : i32
    }
    ```
  }];
  let arguments = (ins Variadic<Tile_Tensor>:$srcs, I32Attr:$axis, UnitAttr:$reverse);
  let results = (outs Variadic<Tile_Tensor>:$result);
  let regions = (region SizedRegion<1>:$combineOp);
  let assemblyFormat = [{
    $srcs `axis` `=` $axis (`reverse` $reverse^)? attr-dict `:` functional-type($srcs, $result) $combineOp
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
}

def Tile_ScanReturnOp : Tile_Op<"scan.return",
    [HasParent<"ScanOp">, Pure, Terminator, ReturnLike]> {
  let summary = "Yield the combined values of a scan combiner";
  let arguments = (ins Variadic<AnyType>:$result);
  let assemblyFormat = "attr-dict ($result^ `:` type($result))?";
}

//===----------------------------------------------------------------------===//
// Atomics
//===----------------------------------------------------------------------===//

def Tile_AtomicRMWOp : Tile_Op<"atomic_rmw", [
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    PointeeOf<"ptr", "result">,
    MaskOf<"ptr", "mask", "($_op.getOperands().size() <= 2) || std::equal_to<>()">]> {
  let summary = "Atomic read-modify-write; yields the old values";
  let description = [{
    Each element of `ptr` whose mask is set is updated atomically, exactly
    once, with the matching element of `val` (a scalar `val` applies to every
    element). `add` is for integers, `fadd` for floats, `max`/`min` for
    signed integers and floats, `umax`/`umin` for unsigned integers.
    ```mlir
    %old = tile.atomic_rmw fadd, acq_rel, gpu, %p, %v, %m : tensor<64x!tile.ptr<f32>>, tensor<64xf32>
    ```
  }];
  let arguments = (ins Tile_RMWKind:$kind, Tile_MemSemantic:$sem, Tile_MemScope:$scope,
                       Tile_PtrLike:$ptr, Tile_NumLike:$val, Optional<Tile_BoolLike>:$mask);
  let results = (outs Tile_NumLike:$result);
  let assemblyFormat = [{
    $kind `,` $sem `,` $scope `,` $ptr `,` $val (`,` $mask^)? attr-dict `:` type($ptr) `,` type($val)
  }];
  let hasVerifier = 1;
}

def Tile_AtomicCASOp : Tile_Op<"atomic_cas", [
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    PointeeOf<"ptr", "result">, PointeeOf<"ptr", "cmp">, PointeeOf<"ptr", "val">]> {
  let summary = "Atomic compare-and-swap; yields the old values";
  let description = [{
    Where memory equals `cmp`, write `val`. 16-, 32- and 64-bit elements.
    ```mlir
    %old = tile.atomic_cas acq_rel, gpu, %lock, %zero, %one : !tile.ptr<i32>
    ```
  }];
  let arguments = (ins Tile_MemSemantic:$sem, Tile_MemScope:$scope,
                       Tile_PtrLike:$ptr, Tile_NumLike:$cmp, Tile_NumLike:$val);
  let results = (outs Tile_NumLike:$result);
  let assemblyFormat = [{
    $sem `,` $scope `,` $ptr `,` $cmp `,` $val attr-dict `:` type($ptr)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Synchronisation
//===----------------------------------------------------------------------===//

def Tile_BarrierOp : Tile_Op<"barrier",
    [DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "Wait for every thread of the program; order its memory accesses";
  let description = [{
    Every thread of the program waits here until all of them have arrived,
    and every global and shared memory access a thread of the program made
    before the barrier is visible to every thread of the program after it
    (what Triton's `tl.debug_barrier()` gives). A tile program is written as
    if one instance ran it, so ordinary data flow never needs this: it is for
    memory a program reads back after writing it through a pointer, where
    the layout lets a thread read an element another thread wrote (for
    example an id rewritten in place that other threads of the program
    still have to load).

    Every thread of the program must reach it. Control flow in a tile
    program branches on scalars, which hold the same value in every thread
    (a scalar atomic's result is broadcast), so that holds anywhere except
    in a `reduce`/`scan` combiner, which the verifier rejects, and under a
    branch on a plain scalar load of memory that other programs change
    while it runs (each thread loads it, and may see a different value):
    branch on an atomic's result there. Lowers to `bar.sync 0`.
    ```mlir
    tile.barrier
    ```
  }];
  let assemblyFormat = "attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Functions
//===----------------------------------------------------------------------===//

def Tile_FuncOp : Tile_Op<"func", [
    AffineScope, AutomaticAllocationScope, FunctionOpInterface,
    IsolatedFromAbove, OpAsmOpInterface]> {
  let summary = "A kernel or a device function";
  let description = [{
    A function marked `tile.kernel` is a GPU entry point: it returns nothing
    and may carry `tile.num_warps` (a power of two up to 32). Private
    functions are device functions called with `tile.call`. Pointer and
    integer arguments may carry `tile.divisibility = N` (a power of two): the
    value is a multiple of N (bytes for pointers), which lets loads and stores
    vectorise.
    ```mlir
    tile.func @add(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32}, %n: i32)
        attributes {tile.kernel, tile.num_warps = 4 : i32} {
      tile.return
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<StrAttr>:$sym_visibility,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region AnyRegion:$body);
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name, "::mlir::FunctionType":$type,
                                 CArg<"::llvm::ArrayRef<::mlir::NamedAttribute>", "{}">:$attrs)>];
  let extraClassDeclaration = [{
    ::mlir::Region *getCallableRegion() { return isExternal() ? nullptr : &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() { return getFunctionType().getInputs(); }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() { return getFunctionType().getResults(); }
    static ::llvm::StringRef getDefaultDialect() { return "tile"; }
    bool isDeclaration() { return isExternal(); }
    /// True for GPU entry points.
    bool isKernel() { return (*this)->hasAttr(getKernelAttrName()); }
    static ::llvm::StringRef getKernelAttrName() { return "tile.kernel"; }
    static ::llvm::StringRef getNumWarpsAttrName() { return "tile.num_warps"; }
    static ::llvm::StringRef getDivisibilityAttrName() { return "tile.divisibility"; }
  }];
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

def Tile_CallOp : Tile_Op<"call", [CallOpInterface,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Call a device function";
  let arguments = (ins FlatSymbolRefAttr:$callee, Variadic<AnyType>:$operands,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
  let results = (outs Variadic<AnyType>);
  let assemblyFormat = "$callee `(` $operands `)` attr-dict `:` functional-type($operands, results)";
  let extraClassDeclaration = [{
    operand_range getArgOperands() { return getOperands(); }
    ::mlir::MutableOperandRange getArgOperandsMutable() { return getOperandsMutable(); }
    ::mlir::CallInterfaceCallable getCallableForCallee() {
      return (*this)->getAttrOfType<::mlir::SymbolRefAttr>("callee");
    }
    void setCalleeFromCallable(::mlir::CallInterfaceCallable callee) {
      (*this)->setAttr("callee", ::llvm::cast<::mlir::SymbolRefAttr>(callee));
    }
  }];
}

def Tile_ReturnOp : Tile_Op<"return", [HasParent<"FuncOp">, Pure, Terminator, ReturnLike]> {
  let summary = "Return from a tile function";
  let arguments = (ins Variadic<AnyType>:$srcs);
  let builders = [OpBuilder<(ins), [{ build($_builder, $_state, {}); }]>];
  let assemblyFormat = "attr-dict ($srcs^ `:` type($srcs))?";
  let hasVerifier = 1;
}

#endif // TESSERA_TILE_OPS
