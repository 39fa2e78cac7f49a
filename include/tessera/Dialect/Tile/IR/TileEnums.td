//===- TileEnums.td - enumerations of the tile dialect -----*- tablegen -*-===//
#ifndef TESSERA_TILE_ENUMS
#define TESSERA_TILE_ENUMS

include "mlir/IR/EnumAttr.td"

def Tile_ProgramDim : I32EnumAttr<"ProgramDim", "grid dimension", [
    I32EnumAttrCase<"x", 0>, I32EnumAttrCase<"y", 1>, I32EnumAttrCase<"z", 2>]> {
  let cppNamespace = "::mlir::tessera::tile";
}

// PTX cache operators for ld/st (`ld.global.cg` ...).
def Tile_CacheModifier : I32EnumAttr<"CacheModifier", "cache operator", [
    I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"ca", 1>, I32EnumAttrCase<"cg", 2>,
    I32EnumAttrCase<"cs", 3>, I32EnumAttrCase<"lu", 4>, I32EnumAttrCase<"cv", 5>,
    I32EnumAttrCase<"wb", 6>, I32EnumAttrCase<"wt", 7>]> {
  let cppNamespace = "::mlir::tessera::tile";
}

def Tile_EvictionPolicy : I32EnumAttr<"EvictionPolicy", "L1/L2 eviction priority", [
    I32EnumAttrCase<"normal", 0>, I32EnumAttrCase<"evict_first", 1>,
    I32EnumAttrCase<"evict_last", 2>]> {
  let cppNamespace = "::mlir::tessera::tile";
}

def Tile_InputPrecision : I32EnumAttr<"InputPrecision", "f32 dot input precision", [
    I32EnumAttrCase<"ieee", 0>, I32EnumAttrCase<"tf32", 1>, I32EnumAttrCase<"tf32x3", 2>]> {
  let cppNamespace = "::mlir::tessera::tile";
}

def Tile_RMWKind : I32EnumAttr<"RMWKind", "atomic read-modify-write operation", [
    I32EnumAttrCase<"add", 0>, I32EnumAttrCase<"fadd", 1>,
    I32EnumAttrCase<"max", 2>, I32EnumAttrCase<"min", 3>,
    I32EnumAttrCase<"umax", 4>, I32EnumAttrCase<"umin", 5>,
    I32EnumAttrCase<"AND", 6, "and">, I32EnumAttrCase<"OR", 7, "or">, I32EnumAttrCase<"XOR", 8, "xor">,
    I32EnumAttrCase<"xchg", 9>]> {
  let cppNamespace = "::mlir::tessera::tile";
}

def Tile_MemSemantic : I32EnumAttr<"MemSemantic", "memory ordering of an atomic", [
    I32EnumAttrCase<"relaxed", 0>, I32EnumAttrCase<"acquire", 1>,
    I32EnumAttrCase<"release", 2>, I32EnumAttrCase<"acq_rel", 3>]> {
  let cppNamespace = "::mlir::tessera::tile";
}

def Tile_MemScope : I32EnumAttr<"MemScope", "scope of an atomic", [
    I32EnumAttrCase<"cta", 0>, I32EnumAttrCase<"gpu", 1>, I32EnumAttrCase<"sys", 2>]> {
  let cppNamespace = "::mlir::tessera::tile";
}

#endif // TESSERA_TILE_ENUMS
