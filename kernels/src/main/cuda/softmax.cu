// Softmax over the last axis, one block per row, with the online max/sum of Milakov & Gimelshein:
//   y[c] = exp(x[c] − m) / s,  log-softmax y[c] = x[c] − m − log s,  m = max x, s = Σ exp(x − m),
// where (m, s) is accumulated in one pass over the row. Backward, with y the forward output:
//   softmax:      dx = y ⊙ (dy − Σ dy ⊙ y)
//   log-softmax:  dx = dy − exp(y) · Σ dy
#include "sono_cuda.cuh"

#define SOFTMAX_THREADS 256

// Launch: grid rows, block 256; log != 0 selects log-softmax.
extern "C" __global__ void __launch_bounds__(SOFTMAX_THREADS)
softmax_rows(int log, long long rows, long long cols, const float* __restrict__ x, float* __restrict__ y) {
    __shared__ float scratch[66];
    const float* in = x + blockIdx.x * cols;
    float* out = y + blockIdx.x * cols;
    SonoLse acc = sonoLseEmpty();
    for (long long c = threadIdx.x; c < cols; c += blockDim.x) acc = sonoLseAdd(acc, in[c]);
    SonoLse row = sonoBlockLse(acc, scratch);
    float lse = sonoLseValue(row);
    for (long long c = threadIdx.x; c < cols; c += blockDim.x) {
        out[c] = log ? in[c] - lse : __expf(in[c] - row.m) / row.s;
    }
}

// Launch: grid rows, block 256.
extern "C" __global__ void __launch_bounds__(SOFTMAX_THREADS)
softmax_rows_backward(int log, long long rows, long long cols, const float* __restrict__ y,
                      const float* __restrict__ dy, float* __restrict__ dx) {
    __shared__ float scratch[33];
    long long base = blockIdx.x * cols;
    float acc = 0.0f;
    for (long long c = threadIdx.x; c < cols; c += blockDim.x) acc += log ? dy[base + c] : dy[base + c] * y[base + c];
    float total = sonoBlockSum(acc, scratch);
    for (long long c = threadIdx.x; c < cols; c += blockDim.x) {
        long long i = base + c;
        dx[i] = log ? dy[i] - __expf(y[i]) * total : y[i] * (dy[i] - total);
    }
}
