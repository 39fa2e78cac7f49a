// Hand-written CUDA kernels that exercise the runtime (python/tests), standing in for compiler output until the
// compiler emits its own. utils/prepare_gpu.sh compiles this to PTX (sm_80) and a cubin (sm_90) in gpu/tests/;
// test_kernels.json is their metadata in the kernel.json contract (docs/embedding.md).
// extern "C" keeps the entry names unmangled, as the compiler's are.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

// f32 pointers and an i32 scalar; 1-D grid.
extern "C" __global__ void vector_add(const float* x, const float* y, float* z, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) z[i] = x[i] + y[i];
}

// bf16 pointers, an f32 scalar; 2-D grid (column blocks, rows).
extern "C" __global__ void scale_bf16(const __nv_bfloat16* x, __nv_bfloat16* y, float s, int rows, int cols) {
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  int row = blockIdx.y;
  if (row < rows && col < cols) {
    size_t i = (size_t)row * cols + col;
    y[i] = __float2bfloat16_rn(__bfloat162float(x[i]) * s);
  }
}

// Every scalar parameter type of the contract, echoed into out[0..8] as doubles, so the packing of each one is
// checked bit for bit.
extern "C" __global__ void scalars(double* out, bool b, signed char i8, short i16, int i32, long long i64,
                                   __half h, __nv_bfloat16 bf, float f, double d) {
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    out[0] = b;
    out[1] = i8;
    out[2] = i16;
    out[3] = i32;
    out[4] = (double)i64;
    out[5] = __half2float(h);
    out[6] = __bfloat162float(bf);
    out[7] = f;
    out[8] = d;
  }
}

// Reverses each chunk of `chunk` floats through dynamic shared memory, which must hold the whole chunk: 96 KiB at
// chunk = 24576, past the 48 KiB a kernel gets without opting in. Elements past n read as zero.
extern "C" __global__ void reverse_chunks(const float* x, float* y, int n, int chunk) {
  extern __shared__ float tile[];
  size_t base = (size_t)blockIdx.x * chunk;
  for (int i = threadIdx.x; i < chunk; i += blockDim.x) tile[i] = base + i < (size_t)n ? x[base + i] : 0.f;
  __syncthreads();
  for (int i = threadIdx.x; i < chunk; i += blockDim.x)
    if (base + i < (size_t)n) y[base + i] = tile[chunk - 1 - i];
}
