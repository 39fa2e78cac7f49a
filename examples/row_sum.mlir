// A first tile kernel: y[row] = sum(x[row, :]) * scale, over rows of N
// (N <= 1024) floats. One program per row.
tile.func @row_sum(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                   %y: !tile.ptr<f32>, %n: i32, %scale: f32)
    attributes {tile.kernel, tile.num_warps = 4 : i32} {
  %row = tile.program_id x : i32
  %start = arith.muli %row, %n : i32
  %base = tile.addptr %x, %start : !tile.ptr<f32>, i32
  %offs = tile.make_range {start = 0 : i32, end = 1024 : i32} : tensor<1024xi32>
  %bases = tile.splat %base : tensor<1024x!tile.ptr<f32>>
  %ptrs = tile.addptr %bases, %offs : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  %ns = tile.splat %n : tensor<1024xi32>
  %mask = arith.cmpi slt, %offs, %ns : tensor<1024xi32>
  %zero = arith.constant dense<0.0> : tensor<1024xf32>
  %v = tile.load %ptrs, %mask, %zero : tensor<1024x!tile.ptr<f32>>
  %s = tile.reduce %v axis = 0 : (tensor<1024xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    %r = arith.addf %a, %b : f32
    tile.reduce.return %r : f32
  }
  %out = arith.mulf %s, %scale : f32
  %yp = tile.addptr %y, %row : !tile.ptr<f32>, i32
  tile.store %yp, %out : !tile.ptr<f32>
  tile.return
}
