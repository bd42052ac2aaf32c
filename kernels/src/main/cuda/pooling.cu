// Max and average pooling over sliding windows, 2-D and 3-D (2-D is D = KD = SD = 1, PD = 0), on
// contiguous N·C planes of D×H×W, with PyTorch's floor-mode windows (kernels.PoolGeometry.sliding):
// along each axis output o covers [o·s − p, o·s − p + k) clipped to the input, and
//   max:          y[o] = max over the window, idx[o] = flat in-plane index of the first maximum (NaN wins)
//   max backward: dx[i] = Σ_{o : idx[o] = i} dy[o]
//   avg:          y[o] = Σ_window x / div(o),  div = Π_axes (count_include_pad ? min(o·s − p + k, in + p) − (o·s − p) : clipped size)
//   avg backward: dx[i] = Σ_{o : i ∈ window(o)} dy[o] / div(o)
// One thread per output (forward) or per input (backward, walking the windows that cover it in
// row-major order), so every sum has one owner and a fixed order: no atomics. The arithmetic
// follows kernels.PoolKernels step by step (sums in double, the backward rounding to float after each
// addition), so results match the CPU bit for bit. Launch: any grid, block 256 (grid-stride).
#include "sono_cuda.cuh"

struct SonoPool {
    long long planes;
    int id, ih, iw;  // input D, H, W
    int od, oh, ow;  // output
    int kd, kh, kw;  // window
    int sd, sh, sw;  // stride
    int pd, ph, pw;  // padding
    int countIncludePad;
};

// The clipped window [lo, hi) of output o along one axis, and its divisor for averages.
__device__ __forceinline__ void sonoPoolWindow(int o, int in, int k, int s, int p, int countIncludePad, int& lo, int& hi,
                                               int& div) {
    int start = o * s - p, end = start + k;
    lo = start > 0 ? start : 0;
    hi = end < in ? end : in;
    int padded = end < in + p ? end : in + p;
    div = countIncludePad ? padded - start : hi - lo;
}

// The outputs [first, last] whose window along one axis contains input i (empty when first > last).
__device__ __forceinline__ void sonoPoolCovering(int i, int out, int k, int s, int p, int& first, int& last) {
    int low = i + p - k;  // o·s > low
    first = low < 0 ? 0 : low / s + 1;
    int high = (i + p) / s;  // o·s ≤ i + p
    last = high < out - 1 ? high : out - 1;
}

extern "C" __global__ void __launch_bounds__(256)
pool_max_forward(SonoPool g, const float* __restrict__ x, float* __restrict__ y, long long* __restrict__ idx) {
    long long planeOut = (long long)g.od * g.oh * g.ow, planeIn = (long long)g.id * g.ih * g.iw, n = g.planes * planeOut;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < n; e += (long long)gridDim.x * blockDim.x) {
        long long plane = e / planeOut, o = e % planeOut;
        int ow = (int)(o % g.ow), oh = (int)(o / g.ow % g.oh), od = (int)(o / ((long long)g.ow * g.oh));
        int d0, d1, h0, h1, w0, w1, unused;
        sonoPoolWindow(od, g.id, g.kd, g.sd, g.pd, 0, d0, d1, unused);
        sonoPoolWindow(oh, g.ih, g.kh, g.sh, g.ph, 0, h0, h1, unused);
        sonoPoolWindow(ow, g.iw, g.kw, g.sw, g.pw, 0, w0, w1, unused);
        const float* in = x + plane * planeIn;
        float best = -INFINITY;
        long long at = -1;
        for (int a = d0; a < d1; ++a)
            for (int b = h0; b < h1; ++b)
                for (int c = w0; c < w1; ++c) {
                    long long i = ((long long)a * g.ih + b) * g.iw + c;
                    float v = in[i];
                    if (at < 0 || v > best || (v != v && best == best)) {
                        best = v;
                        at = i;
                    }
                }
        y[e] = best;
        idx[e] = at;
    }
}

extern "C" __global__ void __launch_bounds__(256)
pool_max_backward(SonoPool g, const float* __restrict__ dy, const long long* __restrict__ idx, float* __restrict__ dx) {
    long long planeOut = (long long)g.od * g.oh * g.ow, planeIn = (long long)g.id * g.ih * g.iw, n = g.planes * planeIn;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < n; e += (long long)gridDim.x * blockDim.x) {
        long long plane = e / planeIn, i = e % planeIn;
        int iw = (int)(i % g.iw), ih = (int)(i / g.iw % g.ih), id = (int)(i / ((long long)g.iw * g.ih));
        int d0, d1, h0, h1, w0, w1;
        sonoPoolCovering(id, g.od, g.kd, g.sd, g.pd, d0, d1);
        sonoPoolCovering(ih, g.oh, g.kh, g.sh, g.ph, h0, h1);
        sonoPoolCovering(iw, g.ow, g.kw, g.sw, g.pw, w0, w1);
        float acc = 0.0f;
        for (int a = d0; a <= d1; ++a)
            for (int b = h0; b <= h1; ++b)
                for (int c = w0; c <= w1; ++c) {
                    long long o = plane * planeOut + ((long long)a * g.oh + b) * g.ow + c;
                    if (idx[o] == i) acc += dy[o];
                }
        dx[e] = acc;
    }
}

extern "C" __global__ void __launch_bounds__(256)
pool_avg_forward(SonoPool g, const float* __restrict__ x, float* __restrict__ y) {
    long long planeOut = (long long)g.od * g.oh * g.ow, planeIn = (long long)g.id * g.ih * g.iw, n = g.planes * planeOut;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < n; e += (long long)gridDim.x * blockDim.x) {
        long long plane = e / planeOut, o = e % planeOut;
        int ow = (int)(o % g.ow), oh = (int)(o / g.ow % g.oh), od = (int)(o / ((long long)g.ow * g.oh));
        int d0, d1, h0, h1, w0, w1, dd, dh, dw;
        sonoPoolWindow(od, g.id, g.kd, g.sd, g.pd, g.countIncludePad, d0, d1, dd);
        sonoPoolWindow(oh, g.ih, g.kh, g.sh, g.ph, g.countIncludePad, h0, h1, dh);
        sonoPoolWindow(ow, g.iw, g.kw, g.sw, g.pw, g.countIncludePad, w0, w1, dw);
        const float* in = x + plane * planeIn;
        double sum = 0.0;
        for (int a = d0; a < d1; ++a)
            for (int b = h0; b < h1; ++b)
                for (int c = w0; c < w1; ++c) sum = __dadd_rn(sum, (double)in[((long long)a * g.ih + b) * g.iw + c]);
        y[e] = (float)__ddiv_rn(sum, __dmul_rn(__dmul_rn((double)dd, (double)dh), (double)dw));
    }
}

extern "C" __global__ void __launch_bounds__(256)
pool_avg_backward(SonoPool g, const float* __restrict__ dy, float* __restrict__ dx) {
    long long planeOut = (long long)g.od * g.oh * g.ow, planeIn = (long long)g.id * g.ih * g.iw, n = g.planes * planeIn;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < n; e += (long long)gridDim.x * blockDim.x) {
        long long plane = e / planeIn, i = e % planeIn;
        int iw = (int)(i % g.iw), ih = (int)(i / g.iw % g.ih), id = (int)(i / ((long long)g.iw * g.ih));
        int d0, d1, h0, h1, w0, w1;
        sonoPoolCovering(id, g.od, g.kd, g.sd, g.pd, d0, d1);
        sonoPoolCovering(ih, g.oh, g.kh, g.sh, g.ph, h0, h1);
        sonoPoolCovering(iw, g.ow, g.kw, g.sw, g.pw, w0, w1);
        float acc = 0.0f;
        for (int a = d0; a <= d1; ++a)
            for (int b = h0; b <= h1; ++b)
                for (int c = w0; c <= w1; ++c) {
                    int lo, hi, dd, dh, dw;
                    sonoPoolWindow(a, g.id, g.kd, g.sd, g.pd, g.countIncludePad, lo, hi, dd);
                    sonoPoolWindow(b, g.ih, g.kh, g.sh, g.ph, g.countIncludePad, lo, hi, dh);
                    sonoPoolWindow(c, g.iw, g.kw, g.sw, g.pw, g.countIncludePad, lo, hi, dw);
                    double share = __ddiv_rn((double)dy[plane * planeOut + ((long long)a * g.oh + b) * g.ow + c],
                                             __dmul_rn(__dmul_rn((double)dd, (double)dh), (double)dw));
                    acc = (float)__dadd_rn((double)acc, share);
                }
        dx[e] = acc;
    }
}
