// Elementwise kernels: out[i] = f(x[i]) and out[i] = a[i] ∘ b[i] with broadcasting. The op codes are
// the ordinals of org.sonograd.kernels.UnaryOp and BinaryOp, and each op follows the scalar
// definition there (MAX/MIN propagate NaN and order −0 below +0, like Java's Math.max/min).
#include "sono_cuda.cuh"

#define SONO_MAX_DIMS 6

// Broadcast geometry: the output is contiguous with shape `size`; operand strides are in elements
// and 0 along broadcast dimensions.
struct SonoBroadcast {
    int dims;
    long long size[SONO_MAX_DIMS];
    long long strideA[SONO_MAX_DIMS];
    long long strideB[SONO_MAX_DIMS];
};

__device__ __forceinline__ float sonoUnary(int op, float x) {
    switch (op) {
        case 0: return -x;                                        // NEG
        case 1: return fabsf(x);                                  // ABS
        case 2: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x);  // SIGN (keeps ±0 and NaN)
        case 3: return expf(x);                                   // EXP
        case 4: return logf(x);                                   // LOG
        case 5: return sqrtf(x);                                  // SQRT
        case 6: return 1.0f / x;                                  // RECIPROCAL
        case 7: return x * x;                                     // SQUARE
        case 8: return tanhf(x);                                  // TANH
        case 9: {                                                 // SIGMOID, e^x/(1+e^x) below 0
            if (x >= 0.0f) return 1.0f / (1.0f + expf(-x));
            float e = expf(x);
            return e / (1.0f + e);
        }
        case 10: return x != x ? x : (x > 0.0f ? x : 0.0f);       // RELU = max(x, 0)
        case 11: return sinf(x);                                  // SIN
        case 12: return cosf(x);                                  // COS
        case 13: return log1pf(x);                                // LOG1P
        case 14: return expm1f(x);                                // EXPM1
        default: return NAN;
    }
}

// Java's Math.max: NaN if either is NaN; +0 above −0.
__device__ __forceinline__ float sonoJavaMax(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0f && b == 0.0f) return signbit(a) ? b : a;
    return a > b ? a : b;
}

__device__ __forceinline__ float sonoJavaMin(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0f && b == 0.0f) return signbit(a) ? a : b;
    return a < b ? a : b;
}

__device__ __forceinline__ float sonoBinary(int op, float a, float b) {
    switch (op) {
        case 0: return a + b;                   // ADD
        case 1: return a - b;                   // SUB
        case 2: return a * b;                   // MUL
        case 3: return a / b;                   // DIV
        case 4: return sonoJavaMax(a, b);       // MAX
        case 5: return sonoJavaMin(a, b);       // MIN
        case 6: return (float)pow((double)a, (double)b);  // POW, in double rounded once
        default: return NAN;
    }
}

// out[i] = op(x[i]) for contiguous x and out; grid-stride loop, any grid.
extern "C" __global__ void unary_f32(int op, long long n, const float* __restrict__ x, float* __restrict__ out) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        out[i] = sonoUnary(op, x[i]);
    }
}

// out[i] = erf(x[i]) = 2/√π ∫₀^x e^{−t²} dt (CUDA's erff, within 2 ulp) for contiguous x and out;
// grid-stride loop, any grid. Not a UnaryOp code: the CPU evaluates erf as a special function.
extern "C" __global__ void erf_f32(long long n, const float* __restrict__ x, float* __restrict__ out) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        out[i] = erff(x[i]);
    }
}

// out[i] = op(a[ia(i)], b[ib(i)]) where ia/ib map the output's multi-index through the broadcast
// strides; grid-stride loop, any grid.
extern "C" __global__ void binary_broadcast_f32(int op, SonoBroadcast g, const float* __restrict__ a,
                                                const float* __restrict__ b, float* __restrict__ out) {
    long long n = 1;
    for (int d = 0; d < g.dims; ++d) n *= g.size[d];
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        long long rest = i, ia = 0, ib = 0;
        for (int d = g.dims - 1; d >= 0; --d) {
            long long coord = rest % g.size[d];
            rest /= g.size[d];
            ia += coord * g.strideA[d];
            ib += coord * g.strideB[d];
        }
        out[i] = sonoBinary(op, a[ia], b[ib]);
    }
}

// The backward of ReLU in one pass: out[i] = gate[ib(i)] > 0 ? g[ia(i)] : 0 (+0 where gated off, as
// the CPU's ReluBackwardKernels; NaN gates are off), with g and gate broadcast as in
// binary_broadcast_f32; grid-stride loop, any grid.
extern "C" __global__ void relu_backward_f32(SonoBroadcast s, const float* __restrict__ g,
                                             const float* __restrict__ gate, float* __restrict__ out) {
    long long n = 1;
    for (int d = 0; d < s.dims; ++d) n *= s.size[d];
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        long long rest = i, ig = 0, ix = 0;
        for (int d = s.dims - 1; d >= 0; --d) {
            long long coord = rest % s.size[d];
            rest /= s.size[d];
            ig += coord * s.strideA[d];
            ix += coord * s.strideB[d];
        }
        out[i] = gate[ix] > 0.0f ? g[ig] : 0.0f;
    }
}
