// Deterministic reductions. Every sum is combined in a fixed tree whose shape depends only on the
// problem size and the (fixed) block size, never on timing: no atomics, so the bits repeat.
//   reduce_rows:   out[r] = op_{c} x[r, c]            (one block per row)
//   reduce_cols:   out[c] = op_{r} x[r, c]            (one thread per column, rows in order)
//   sum_partials:  partial[b] = Σ x[b·4096 .. b·4096+4095], then reduce_rows over the partials
// op: 0 = sum, 1 = mean, 2 = max, 3 = min (max and min propagate NaN).
#include "sono_cuda.cuh"

#define REDUCE_THREADS 256
#define REDUCE_CHUNK 4096

__device__ __forceinline__ float sonoReduceIdentity(int op) {
    return op == 2 ? -INFINITY : (op == 3 ? INFINITY : 0.0f);
}

__device__ __forceinline__ float sonoReduceStep(int op, float acc, float x) {
    if (op <= 1) return acc + x;
    return op == 2 ? sonoMax(acc, x) : -sonoMax(-acc, -x);
}

// Block reduction of one value per thread with the op; the same tree as sonoBlockSum.
__device__ float sonoBlockReduce(int op, float v, float* scratch) {
    if (op <= 1) return sonoBlockSum(v, scratch);
    if (op == 2) return sonoBlockMax(v, scratch);
    return -sonoBlockMax(-v, scratch);
}

// Launch: grid rows, block 256.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
reduce_rows(int op, long long rows, long long cols, const float* __restrict__ x, float* __restrict__ out) {
    __shared__ float scratch[33];
    const float* row = x + blockIdx.x * cols;
    float acc = sonoReduceIdentity(op);
    for (long long c = threadIdx.x; c < cols; c += blockDim.x) acc = sonoReduceStep(op, acc, row[c]);
    float total = sonoBlockReduce(op, acc, scratch);
    if (threadIdx.x == 0) out[blockIdx.x] = op == 1 ? total / (float)cols : total;
}

// Launch: grid ceil(cols/256), block 256.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
reduce_cols(int op, long long rows, long long cols, const float* __restrict__ x, float* __restrict__ out) {
    long long c = blockIdx.x * (long long)blockDim.x + threadIdx.x;
    if (c >= cols) return;
    float acc = sonoReduceIdentity(op);
    for (long long r = 0; r < rows; ++r) acc = sonoReduceStep(op, acc, x[r * cols + c]);
    out[c] = op == 1 ? acc / (float)rows : acc;
}

// First pass of a full sum: block b sums its fixed chunk of 4096 elements. Launch: grid
// ceil(n/4096), block 256; then reduce_rows(0, 1, grid, partial, out) finishes the sum.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
sum_partials(long long n, const float* __restrict__ x, float* __restrict__ partial) {
    __shared__ float scratch[33];
    long long begin = blockIdx.x * (long long)REDUCE_CHUNK;
    long long end = begin + REDUCE_CHUNK < n ? begin + REDUCE_CHUNK : n;
    float acc = 0.0f;
    for (long long i = begin + threadIdx.x; i < end; i += blockDim.x) acc += x[i];
    float total = sonoBlockSum(acc, scratch);
    if (threadIdx.x == 0) partial[blockIdx.x] = total;
}
