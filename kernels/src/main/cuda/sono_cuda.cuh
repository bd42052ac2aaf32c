// Shared by every Sonograd kernel file: the emulation switch and the block-level building blocks.
// Conventions: row-major, sizes and strides in elements, F32 data; every reduction combines its
// partial results in a fixed tree order that depends only on blockDim, never on timing, so a kernel
// returns the same bits on every run (no floating-point atomics anywhere).
#pragma once
#ifdef __CUDACC__
#define DYNAMIC_SHARED(T, name)                                      \
    extern __shared__ __align__(16) unsigned char name##_bytes_[];   \
    T* name = reinterpret_cast<T*>(name##_bytes_)
#else
#include "cuda_emu.h"
#endif

#define SONO_FULL_MASK 0xffffffffu

__device__ __forceinline__ int sonoThreadRank() { return threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z); }
__device__ __forceinline__ int sonoBlockThreads() { return blockDim.x * blockDim.y * blockDim.z; }

// Largest-first butterfly over the warp: every lane ends with the sum of all 32 lanes.
__device__ __forceinline__ float sonoWarpSum(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        v += __shfl_xor_sync(SONO_FULL_MASK, v, offset);
    }
    return v;
}

// max that propagates NaN (fmaxf would drop it).
__device__ __forceinline__ float sonoMax(float a, float b) { return a != a || b != b ? NAN : fmaxf(a, b); }

__device__ __forceinline__ float sonoWarpMax(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        v = sonoMax(v, __shfl_xor_sync(SONO_FULL_MASK, v, offset));
    }
    return v;
}

// Online log-sum-exp state (Milakov & Gimelshein 2018): the running max m and s = Σ exp(x − m).
struct SonoLse {
    float m;
    float s;
};

__device__ __forceinline__ SonoLse sonoLseEmpty() { return SonoLse{-INFINITY, 0.0f}; }

__device__ __forceinline__ SonoLse sonoLseAdd(SonoLse a, float x) {
    if (x == -INFINITY) return a;
    if (x <= a.m) return SonoLse{a.m, a.s + __expf(x - a.m)};
    return SonoLse{x, a.s * __expf(a.m - x) + 1.0f};
}

__device__ __forceinline__ SonoLse sonoLseMerge(SonoLse a, SonoLse b) {
    if (b.m == -INFINITY) return a;
    if (a.m == -INFINITY) return b;
    float m = fmaxf(a.m, b.m);
    return SonoLse{m, a.s * __expf(a.m - m) + b.s * __expf(b.m - m)};
}

__device__ __forceinline__ float sonoLseValue(SonoLse a) { return a.m + logf(a.s); }

__device__ __forceinline__ SonoLse sonoWarpLse(SonoLse v) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        SonoLse other{__shfl_xor_sync(SONO_FULL_MASK, v.m, offset), __shfl_xor_sync(SONO_FULL_MASK, v.s, offset)};
        v = sonoLseMerge(v, other);
    }
    return v;
}

// Block-wide reductions for a block whose thread count is a multiple of 32 (at most 1024; threads
// are numbered x fastest, as the hardware forms warps): warp butterflies, then warp 0 combines the
// per-warp results in warp order. Every thread gets the result. `scratch` holds 32 entries of shared memory; the call ends with a barrier so that
// scratch can be reused immediately.
__device__ __forceinline__ float sonoBlockSum(float v, float* scratch) {
    int tid = sonoThreadRank(), lane = tid & 31, warp = tid >> 5, warps = sonoBlockThreads() >> 5;
    v = sonoWarpSum(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    if (warp == 0) {
        float w = lane < warps ? scratch[lane] : 0.0f;
        w = sonoWarpSum(w);
        if (lane == 0) scratch[32] = w;
    }
    __syncthreads();
    float result = scratch[32];
    __syncthreads();
    return result;
}

__device__ __forceinline__ float sonoBlockMax(float v, float* scratch) {
    int tid = sonoThreadRank(), lane = tid & 31, warp = tid >> 5, warps = sonoBlockThreads() >> 5;
    v = sonoWarpMax(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    if (warp == 0) {
        float w = lane < warps ? scratch[lane] : -INFINITY;
        w = sonoWarpMax(w);
        if (lane == 0) scratch[32] = w;
    }
    __syncthreads();
    float result = scratch[32];
    __syncthreads();
    return result;
}

// scratch: 2 × 33 floats.
__device__ __forceinline__ SonoLse sonoBlockLse(SonoLse v, float* scratch) {
    int tid = sonoThreadRank(), lane = tid & 31, warp = tid >> 5, warps = sonoBlockThreads() >> 5;
    v = sonoWarpLse(v);
    if (lane == 0) {
        scratch[warp] = v.m;
        scratch[33 + warp] = v.s;
    }
    __syncthreads();
    if (warp == 0) {
        SonoLse w = lane < warps ? SonoLse{scratch[lane], scratch[33 + lane]} : sonoLseEmpty();
        w = sonoWarpLse(w);
        if (lane == 0) {
            scratch[32] = w.m;
            scratch[65] = w.s;
        }
    }
    __syncthreads();
    SonoLse result{scratch[32], scratch[65]};
    __syncthreads();
    return result;
}
