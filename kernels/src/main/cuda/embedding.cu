// Embedding, gather and scatter-add on contiguous F32 tensors with I64 indices (the engine's index
// dtype), each viewed as outer × size × inner around the indexed dimension (kernels.IndexReference):
//   gather:       out[a, k, b] = x[a, index[a, k, b], b]                          (index shaped like out)
//   scatter_add:  out[a, j, b] += Σ_{k : index[a, k, b] = j} src[a, k, b]         (index shaped like src)
//   index_select: out[a, k, b] = x[a, index[k], b]            (embedding: outer 1, x the V × D table)
//   index_add:    out[a, j, b] += Σ_{k : index[k] = j} src[a, k, b]  (embedding backward: dW += rows of dY)
// Deterministic scatter: one thread per output element walks its sources k = 0, 1, … in order and
// adds the matching ones to the value already there (exactly the CPU reference's order, so the bits
// agree), instead of float atomics in arrival order. The cost is the number of sources per output
// (size of the indexed dimension) per output element. An index outside [0, size) traps.
// Launch: any grid, block 256 (grid-stride over the outputs).
#include "sono_cuda.cuh"

extern "C" __global__ void __launch_bounds__(256)
gather_f32(long long outer, long long size, long long inner, long long xSize, const float* __restrict__ x,
           const long long* __restrict__ index, float* __restrict__ out) {
    long long n = outer * size * inner;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < n; e += (long long)gridDim.x * blockDim.x) {
        long long b = e % inner, a = e / inner / size, j = index[e];
        if (j < 0 || j >= xSize) __trap();
        out[e] = x[(a * xSize + j) * inner + b];
    }
}

extern "C" __global__ void __launch_bounds__(256)
scatter_add_f32(long long outer, long long size, long long inner, long long outSize, const long long* __restrict__ index,
                const float* __restrict__ src, float* __restrict__ out) {
    long long n = outer * outSize * inner;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < n; e += (long long)gridDim.x * blockDim.x) {
        long long b = e % inner, a = e / inner / outSize, j = e / inner % outSize;
        float acc = out[e];
        for (long long k = 0; k < size; ++k) {
            long long at = (a * size + k) * inner + b, target = index[at];
            if (target < 0 || target >= outSize) __trap();
            if (target == j) acc += src[at];
        }
        out[e] = acc;
    }
}

extern "C" __global__ void __launch_bounds__(256)
index_select_f32(long long outer, long long size, long long inner, long long xSize, const float* __restrict__ x,
                 const long long* __restrict__ index, float* __restrict__ out) {
    long long n = outer * size * inner;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < n; e += (long long)gridDim.x * blockDim.x) {
        long long b = e % inner, a = e / inner / size, j = index[e / inner % size];
        if (j < 0 || j >= xSize) __trap();
        out[e] = x[(a * xSize + j) * inner + b];
    }
}

extern "C" __global__ void __launch_bounds__(256)
index_add_f32(long long outer, long long size, long long inner, long long outSize, const long long* __restrict__ index,
              const float* __restrict__ src, float* __restrict__ out) {
    long long n = outer * outSize * inner;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < n; e += (long long)gridDim.x * blockDim.x) {
        long long b = e % inner, a = e / inner / outSize, j = e / inner % outSize;
        float acc = out[e];
        for (long long k = 0; k < size; ++k) {
            long long target = index[k];
            if (target < 0 || target >= outSize) __trap();
            if (target == j) acc += src[(a * size + k) * inner + b];
        }
        out[e] = acc;
    }
}
