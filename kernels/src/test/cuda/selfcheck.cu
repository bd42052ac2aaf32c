// Two deliberately broken kernels for the emulator's own test (CudaEmulatorTest): a barrier only half
// the block reaches, and a shared-memory exchange without the barrier it needs (barrier = 0) or with
// it (barrier = 1).
#include "sono_cuda.cuh"

extern "C" __global__ void selfcheck_divergent_barrier(float* out) {
    if (threadIdx.x < 16) __syncthreads();
    out[threadIdx.x] = 1.0f;
}

extern "C" __global__ void selfcheck_neighbour_exchange(int barrier, float* out) {
    __shared__ float s[64];
    s[threadIdx.x] = (float)(blockIdx.x * 64 + threadIdx.x);
    if (barrier) __syncthreads();
    out[blockIdx.x * 64 + threadIdx.x] = s[(threadIdx.x + 1) % 64];
}
