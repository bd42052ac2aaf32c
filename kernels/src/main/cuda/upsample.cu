// Upsampling (and any resampling) with PyTorch's nearest and linear rules, one axis at a time:
// nearest, bilinear and trilinear are separable, so an N-D resize is one launch per spatial axis on
// the tensor viewed as outer × size × inner (kernels.ResampleKernels on the CPU). Along an axis each
// output o has two taps (kernels.AxisInterpolation):
//   nearest:  i0 = i1 = min(⌊o·(in/out)⌋, in − 1) (the ratio in float), w0 = 1, w1 = 0
//   linear:   x = o·(in − 1)/(out − 1) (align_corners) or max(0, (o + ½)·in/out − ½);
//             i0 = min(⌊x⌋, in − 1), i1 = min(i0 + 1, in − 1), w1 = x − i0, w0 = 1 − w1
//   forward:  y[a, o, b]  = w0[o]·x[a, i0[o], b] + w1[o]·x[a, i1[o], b]
//   backward: dx[a, i, b] = Σ_o ([i0[o] = i]·w0[o] + [i1[o] = i]·w1[o])·dy[a, o, b]
// The backward has one thread per input element walking, in order, the outputs whose taps can reach
// it; no atomics. Tap weights and sums are in double with explicitly rounded operations (no FMA
// contraction) in the CPU's order, so results match kernels.ResampleKernels bit for bit.
// Launch: any grid, block 256 (grid-stride). mode: 0 nearest, 1 linear.
#include "sono_cuda.cuh"

struct SonoTaps {
    int i0, i1;
    double w0, w1;
};

__device__ __forceinline__ SonoTaps sonoTaps(int o, int in, int out, int mode, int alignCorners) {
    SonoTaps t;
    if (mode == 0) {
        float scale = (float)in / (float)out;
        int i = (int)floorf(__fmul_rn((float)o, scale));
        t.i0 = t.i1 = i < in - 1 ? i : in - 1;
        t.w0 = 1.0;
        t.w1 = 0.0;
        return t;
    }
    double scale = alignCorners ? (out > 1 ? (double)(in - 1) / (double)(out - 1) : 0.0) : (double)in / (double)out;
    double x = alignCorners ? __dmul_rn((double)o, scale) : __dsub_rn(__dmul_rn(__dadd_rn((double)o, 0.5), scale), 0.5);
    if (!alignCorners && x < 0.0) x = 0.0;
    int lo = (int)x < in - 1 ? (int)x : in - 1;
    double lambda = __dsub_rn(x, (double)lo);
    t.i0 = lo;
    t.i1 = lo + 1 < in - 1 ? lo + 1 : in - 1;
    t.w0 = __dsub_rn(1.0, lambda);
    t.w1 = lambda;
    return t;
}

extern "C" __global__ void __launch_bounds__(256)
resample_axis_forward(long long outer, int in, int out, long long inner, int mode, int alignCorners,
                      const float* __restrict__ x, float* __restrict__ y) {
    long long n = outer * out * inner;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < n; e += (long long)gridDim.x * blockDim.x) {
        long long b = e % inner, a = e / inner / out;
        int o = (int)(e / inner % out);
        SonoTaps t = sonoTaps(o, in, out, mode, alignCorners);
        double v0 = (double)x[(a * in + t.i0) * inner + b], v1 = (double)x[(a * in + t.i1) * inner + b];
        y[e] = (float)__dadd_rn(__dmul_rn(t.w0, v0), __dmul_rn(t.w1, v1));
    }
}

extern "C" __global__ void __launch_bounds__(256)
resample_axis_backward(long long outer, int in, int out, long long inner, int mode, int alignCorners,
                       const float* __restrict__ dy, float* __restrict__ dx) {
    long long n = outer * in * inner;
    // Outputs whose taps can reach input i lie within ±2 of [(i − 1)·r, (i + 2)·r], r the output/input
    // spacing ratio (every tap sits within one input step of the source position); all in = 1 reach it.
    double r = alignCorners && in > 1 && out > 1 ? (double)(out - 1) / (double)(in - 1) : (double)out / (double)in;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < n; e += (long long)gridDim.x * blockDim.x) {
        long long b = e % inner, a = e / inner / in;
        int i = (int)(e / inner % in);
        long long first = in == 1 ? 0 : (long long)floor((i - 1) * r) - 2;
        long long last = in == 1 ? out - 1 : (long long)ceil((i + 2) * r) + 2;
        if (first < 0) first = 0;
        if (last > out - 1) last = out - 1;
        float acc = 0.0f;
        for (long long o = first; o <= last; ++o) {
            SonoTaps t = sonoTaps((int)o, in, out, mode, alignCorners);
            double g = (double)dy[(a * out + o) * inner + b];
            if (t.i0 == i) acc = (float)__dadd_rn((double)acc, __dmul_rn(t.w0, g));
            if (t.i1 == i) acc = (float)__dadd_rn((double)acc, __dmul_rn(t.w1, g));
        }
        dx[e] = acc;
    }
}
