// Malformed input must give a located diagnostic (file:line:col: error:) and
// a failing exit status, never a crash. `not` fails on a crash, and the
// implicit checks catch a crash report printed before a clean exit.
//
// RUN: not tessera-opt %s -split-input-file 2>&1 | FileCheck %s \
// RUN:   --implicit-check-not='Stack dump' --implicit-check-not='PLEASE submit' \
// RUN:   --implicit-check-not=Assertion
// RUN: not tessera-opt %t.does-not-exist 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not tessera-opt %S 2>&1 | FileCheck %s --check-prefix=DIRECTORY
// RUN: printf '\377\376\000garbage' > %t.binary
// RUN: not tessera-opt %t.binary 2>&1 | FileCheck %s --check-prefix=BINARY
// RUN: printf 'tile.func @f() {\n  %%%%x = tile.make_range {start = 0 : i32' > %t.truncated
// RUN: not tessera-opt %t.truncated 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: printf '' > %t.empty
// RUN: tessera-opt %t.empty | FileCheck %s --check-prefix=EMPTY

// MISSING: cannot open input file '{{.*}}does-not-exist': No such file or directory
// DIRECTORY: cannot open input file '{{.*}}': Is a directory
// BINARY: {{.*}}.binary:1:1: error: unexpected character
// TRUNCATED: {{.*}}.truncated:2:39: error: expected '}' in attribute dictionary
// EMPTY: module {
// EMPTY-NEXT: }

// Unknown op of our dialect.
tile.func @unknown_op() {
  // CHECK: bad-input.mlir:[[@LINE+1]]:8: error: custom op 'tile.frobnicate' is unknown
  %x = tile.frobnicate : i32
  tile.return
}

// -----

// The same in generic form.
// CHECK: bad-input.mlir:[[@LINE+1]]:1: error: unregistered operation 'tile.frobnicate' found in dialect ('tile') that does not allow unknown operations
"tile.frobnicate"() : () -> ()

// -----

// An op of a dialect that is not registered.
// CHECK: bad-input.mlir:[[@LINE+1]]:1: error: Dialect `foo' not found for custom op 'foo.bar'
foo.bar

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:10: error: operation being parsed with an unregistered dialect
"foo.bar"() : () -> ()

// -----

// Unknown type of our dialect.
// CHECK: bad-input.mlir:[[@LINE+1]]:28: error: unknown  type `tensor` in dialect `tile`
tile.func private @g(!tile.tensor<4xf32>)

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:28: error: unknown  type `pointer` in dialect `tile`
tile.func private @g(!tile.pointer<f32>)

// -----

// Malformed pointer types.
// CHECK: bad-input.mlir:[[@LINE+1]]:31: error: expected '<'
tile.func private @q(!tile.ptr)

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:32: error: expected non-function type
tile.func private @q(!tile.ptr<>)

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:37: error: expected integer value
tile.func private @q(!tile.ptr<f32, x>)

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:38: error: expected '>'
tile.func private @q(!tile.ptr<f32, 1, 2>)

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:37: error: integer value too large
tile.func private @q(!tile.ptr<f32, 99999999999>)

// -----

// The dialect has no attributes.
// CHECK: bad-input.mlir:[[@LINE+1]]:27: error: dialect 'tile' provides no attribute parsing hook
%c = arith.constant #tile.foo : i32

// -----

// Pointers have no constants.
// CHECK: bad-input.mlir:[[@LINE+1]]:21: error: expected string token, got 0
%c = arith.constant dense<0> : tensor<4x!tile.ptr<f32>>

// -----

// A function body that is never closed.
tile.func @unclosed() {
  %x = tile.program_id x : i32
// CHECK: bad-input.mlir:[[@LINE-1]]:31: error: expected operation name in quotes

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:52: error: expected ')'
"tile.program_id"() <{axis = 0 : i32}> : () -> (i32

// -----

// Missing type.
tile.func @missing_type(%p: !tile.ptr<f32>) {
  %x = tile.load %p
// CHECK: bad-input.mlir:[[@LINE-1]]:20: error: expected ':'
}

// -----

// A value that was never defined.
tile.func @undefined_value(%p: !tile.ptr<f32>) {
  // CHECK: bad-input.mlir:[[@LINE+1]]:18: error: use of undeclared SSA value name
  tile.store %p, %undefined : !tile.ptr<f32>
  tile.return
}

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:46: error: integer constant out of range for attribute
%r = tile.make_range {start = 0 : i32, end = 99999999999 : i32} : tensor<4xi32>

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:1: error: operation defines 1 results but was provided 2 to bind
%a, %b = tile.program_id x : i32

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:6: error: 'tile.' op created with unregistered dialect
%0 = "tile."() : () -> i32

// -----

// Properties of the wrong kind.
// CHECK: bad-input.mlir:[[@LINE+1]]:6: error: invalid properties {axis = "x"} for op tile.program_id
%p = "tile.program_id"() <{axis = "x"}> : () -> i32

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:1: error: invalid properties {function_type = 5 : i64, sym_name = "f"} for op tile.func
"tile.func"() <{sym_name = "f", function_type = 5}> ({
}) : () -> ()

// -----

// Variadic functions do not exist.
// CHECK: bad-input.mlir:[[@LINE+1]]:26: error: expected non-function type
tile.func private @v(i32, ...)

// -----

// Nested symbol references are not callees.
tile.func @nested_callee() {
  // CHECK: bad-input.mlir:[[@LINE+1]]:13: error: custom op 'tile.call' invalid kind of attribute specified
  tile.call @a::@b() : () -> ()
  tile.return
}

// -----

// Generic forms with operands or regions missing.
// CHECK: bad-input.mlir:[[@LINE+1]]:6: error: 'tile.dot' op expected 3 operands, but found 0
%x = "tile.dot"() : () -> tensor<4x4xf32>

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:1: error: 'tile.reduce' op requires one region
"tile.reduce"() <{axis = 0 : i32}> : () -> ()

// -----

// CHECK: bad-input.mlir:[[@LINE+1]]:1: error: 'tile.func' op entry block must have 0 arguments to match function signature
"tile.func"() <{sym_name = "f", function_type = () -> ()}> ({
^bb0(%a: i32):
  tile.return
}) : () -> ()

// -----

// CHECK: bad-input.mlir:[[@LINE+2]]:6: error: 'tile.trans' op operand #0 must be statically shaped tensor of floating-point or signless integer or pointer values, but got 'i32'
%x = tile.program_id x : i32
%y = "tile.trans"(%x) <{order = array<i32: 0>}> : (i32) -> i32

// -----

// Stray characters.
// CHECK: bad-input.mlir:[[@LINE+1]]:2: error: @ identifier expected to start with letter or '_'
@@@ %%% ^^^
