// tessera-compile's template placeholders: a dollar-brace NAME needs
// -D NAME=..., a dollar-brace NAME:-DEFAULT takes DEFAULT unless -D gives a
// value (an empty value too), and the metadata lists exactly the -D values
// given. (Comments are substituted too, so none here spells a placeholder.)
//
// RUN: tessera-compile %s -D N=256 --sm=90a -o %t.default.ptx
// RUN: FileCheck %s --check-prefix=DEFAULT --input-file=%t.default.ptx
// RUN: FileCheck %s --check-prefix=DEFAULT-META --input-file=%t.default.json
// RUN: tessera-compile %s -D N=256 -D WARPS=8 --sm=90a -o %t.given.ptx
// RUN: FileCheck %s --check-prefix=GIVEN --input-file=%t.given.ptx
// RUN: FileCheck %s --check-prefix=GIVEN-META --input-file=%t.given.json
// RUN: not tessera-compile %s --sm=90a -o %t.missing.ptx 2>&1 | FileCheck %s --check-prefix=MISSING

// DEFAULT: .maxntid 128, 1, 1
// DEFAULT-META: "defines": {
// DEFAULT-META-NEXT: "N": "256"
// DEFAULT-META-NEXT: },
// GIVEN: .maxntid 256, 1, 1
// GIVEN-META: "defines": {
// GIVEN-META-NEXT: "N": "256",
// GIVEN-META-NEXT: "WARPS": "8"
// GIVEN-META-NEXT: },
// MISSING: template-defaults.mlir:[[@LINE+3]]:{{[0-9]+}}: error: placeholder {{.}}{N} has no value; pass -D N=...
tile.func @fill(%y: !tile.ptr<i32> {tile.divisibility = 16 : i32})
    attributes {tile.kernel, tile.num_warps = ${WARPS:-4} : i32} {
  %r = tile.make_range {start = 0 : i32, end = ${N} : i32} : tensor<${N}xi32>
  %ys = tile.splat %y : tensor<${N}x!tile.ptr<i32>>
  %yp = tile.addptr %ys, %r : tensor<${N}x!tile.ptr<i32>>, tensor<${N}xi32>
  tile.store %yp, %r : tensor<${N}x!tile.ptr<i32>>
  tile.return
}
