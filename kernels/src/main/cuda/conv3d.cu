// 3-D convolution (cross-correlation, NCDHW input, OC×C×KD×KH×KW weight) as implicit GEMM: the
// im2col matrix is never written to global memory; tiles of it are gathered straight into shared
// memory. With output position (z, y, x) reading input (z·sd − pd + a·dd, y·sh − ph + b·dh,
// x·sw − pw + c·dw) for kernel tap (a, b, c) (zero outside the input):
//   forward      Y[n,o,z,y,x] = bias[o] + Σ_{ci,a,b,c} W[o,ci,a,b,c] · X[n,ci,tap]
//                GEMM M = OC, N = batch·OD·OH·OW, K = C·KD·KH·KW
//   data grad    dX[n,ci,iz,iy,ix] = Σ_{o,a,b,c} W[o,ci,a,b,c] · dY[n,o,z,y,x] over the (z,y,x) whose tap hits (iz,iy,ix)
//                GEMM M = C, N = batch·D·H·W, K = OC·KD·KH·KW
//   weight grad  dW[o,ci,a,b,c] = Σ_{n,z,y,x} dY[n,o,z,y,x] · X[n,ci,tap]
//                GEMM M = OC, N = C·KD·KH·KW, K = batch·OD·OH·OW
//   bias grad    db[o] = Σ_{n,z,y,x} dY[n,o,z,y,x]
// conv2d is the case D = KD = OD = 1. Each GEMM sums over its K in one block, in order, so results
// repeat bit for bit (no split-K atomics).
#include "sono_cuda.cuh"

struct SonoConv3d {
    int n, c, d, h, w;      // input
    int o, kd, kh, kw;      // weight
    int od, oh, ow;         // output
    int sd, sh, sw;         // stride
    int pd, ph, pw;         // padding
    int dd, dh, dw;         // dilation
};

#define CONV_BM 64
#define CONV_BN 64
#define CONV_BK 16

// C[m, col] = Σ_p A(m, p) · B(p, col), 64×64 tile per block, 256 threads with 4×4 outputs each
// (the same blocking as sgemm_tiled); store(m, col, value) writes the result.
template <class LoadA, class LoadB, class Store>
__device__ void sonoImplicitGemm(long long rowsM, long long colsN, long long depthK, LoadA loadA, LoadB loadB, Store store) {
    __shared__ float as[CONV_BK][CONV_BM + 4];
    __shared__ float bs[CONV_BK][CONV_BN + 4];
    long long row0 = blockIdx.y * (long long)CONV_BM, col0 = blockIdx.x * (long long)CONV_BN;
    int tid = threadIdx.x, tx = tid % 16, ty = tid / 16;
    float acc[4][4] = {};
    for (long long k0 = 0; k0 < depthK; k0 += CONV_BK) {
        for (int e = tid; e < CONV_BM * CONV_BK; e += 256) {
            int p = e % CONV_BK, i = e / CONV_BK;
            as[p][i] = row0 + i < rowsM && k0 + p < depthK ? loadA(row0 + i, k0 + p) : 0.0f;
        }
        for (int e = tid; e < CONV_BN * CONV_BK; e += 256) {
            int j = e % CONV_BN, p = e / CONV_BN;
            bs[p][j] = col0 + j < colsN && k0 + p < depthK ? loadB(k0 + p, col0 + j) : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int p = 0; p < CONV_BK; ++p) {
            float ar[4], br[4];
#pragma unroll
            for (int q = 0; q < 4; ++q) {
                ar[q] = as[p][ty + 16 * q];
                br[q] = bs[p][tx + 16 * q];
            }
#pragma unroll
            for (int qi = 0; qi < 4; ++qi)
#pragma unroll
                for (int qj = 0; qj < 4; ++qj) acc[qi][qj] = fmaf(ar[qi], br[qj], acc[qi][qj]);
        }
        __syncthreads();
    }
#pragma unroll
    for (int qi = 0; qi < 4; ++qi)
#pragma unroll
        for (int qj = 0; qj < 4; ++qj) {
            long long i = row0 + ty + 16 * qi, j = col0 + tx + 16 * qj;
            if (i < rowsM && j < colsN) store(i, j, acc[qi][qj]);
        }
}

// Input element X[n, ci, tap of (z, y, x) and (a, b, c)], or 0 in the padding.
__device__ __forceinline__ float sonoConvTap(const SonoConv3d& g, const float* x, long long nb, long long ci, int z,
                                             int y, int xx, int a, int b, int c) {
    int iz = z * g.sd - g.pd + a * g.dd, iy = y * g.sh - g.ph + b * g.dh, ix = xx * g.sw - g.pw + c * g.dw;
    if (iz < 0 || iz >= g.d || iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) return 0.0f;
    return x[(((nb * g.c + ci) * g.d + iz) * g.h + iy) * g.w + ix];
}

// Launch: grid (ceil(batch·OD·OH·OW / 64), ceil(OC / 64)), block 256. bias may be null.
extern "C" __global__ void __launch_bounds__(256)
conv3d_forward(SonoConv3d g, const float* __restrict__ x, const float* __restrict__ weight,
               const float* __restrict__ bias, float* __restrict__ y) {
    long long taps = (long long)g.kd * g.kh * g.kw, outPlane = (long long)g.od * g.oh * g.ow;
    sonoImplicitGemm(
        g.o, g.n * outPlane, g.c * taps,
        [&](long long o, long long p) { return weight[o * g.c * taps + p]; },
        [&](long long p, long long col) {
            long long ci = p / taps, t = p % taps, nb = col / outPlane, pos = col % outPlane;
            return sonoConvTap(g, x, nb, ci, (int)(pos / (g.oh * g.ow)), (int)(pos / g.ow % g.oh), (int)(pos % g.ow),
                               (int)(t / (g.kh * g.kw)), (int)(t / g.kw % g.kh), (int)(t % g.kw));
        },
        [&](long long o, long long col, float v) {
            long long nb = col / outPlane, pos = col % outPlane;
            y[(nb * g.o + o) * outPlane + pos] = v + (bias != nullptr ? bias[o] : 0.0f);
        });
}

// The output coordinate whose tap t (along one axis) reads input coordinate i, or −1 if none.
__device__ __forceinline__ int sonoConvSource(int i, int t, int stride, int pad, int dilation, int outSize) {
    int shifted = i + pad - t * dilation;
    if (shifted < 0 || shifted % stride != 0) return -1;
    int o = shifted / stride;
    return o < outSize ? o : -1;
}

// Launch: grid (ceil(batch·D·H·W / 64), ceil(C / 64)), block 256. Overwrites dx.
extern "C" __global__ void __launch_bounds__(256)
conv3d_backward_data(SonoConv3d g, const float* __restrict__ dy, const float* __restrict__ weight, float* __restrict__ dx) {
    long long taps = (long long)g.kd * g.kh * g.kw, inPlane = (long long)g.d * g.h * g.w;
    long long outPlane = (long long)g.od * g.oh * g.ow;
    sonoImplicitGemm(
        g.c, g.n * inPlane, g.o * taps,
        [&](long long ci, long long p) {
            long long o = p / taps, t = p % taps;
            return weight[(o * g.c + ci) * taps + t];
        },
        [&](long long p, long long col) {
            long long o = p / taps, t = p % taps, nb = col / inPlane, pos = col % inPlane;
            int z = sonoConvSource((int)(pos / (g.h * g.w)), (int)(t / (g.kh * g.kw)), g.sd, g.pd, g.dd, g.od);
            int y = sonoConvSource((int)(pos / g.w % g.h), (int)(t / g.kw % g.kh), g.sh, g.ph, g.dh, g.oh);
            int x = sonoConvSource((int)(pos % g.w), (int)(t % g.kw), g.sw, g.pw, g.dw, g.ow);
            if (z < 0 || y < 0 || x < 0) return 0.0f;
            return dy[(nb * g.o + o) * outPlane + ((long long)z * g.oh + y) * g.ow + x];
        },
        [&](long long ci, long long col, float v) {
            long long nb = col / inPlane, pos = col % inPlane;
            dx[(nb * g.c + ci) * inPlane + pos] = v;
        });
}

// Launch: grid (ceil(C·KD·KH·KW / 64), ceil(OC / 64)), block 256. Overwrites dweight.
extern "C" __global__ void __launch_bounds__(256)
conv3d_backward_weight(SonoConv3d g, const float* __restrict__ dy, const float* __restrict__ x, float* __restrict__ dweight) {
    long long taps = (long long)g.kd * g.kh * g.kw, outPlane = (long long)g.od * g.oh * g.ow;
    sonoImplicitGemm(
        g.o, g.c * taps, g.n * outPlane,
        [&](long long o, long long p) {
            long long nb = p / outPlane, pos = p % outPlane;
            return dy[(nb * g.o + o) * outPlane + pos];
        },
        [&](long long p, long long col) {
            long long nb = p / outPlane, pos = p % outPlane, ci = col / taps, t = col % taps;
            return sonoConvTap(g, x, nb, ci, (int)(pos / (g.oh * g.ow)), (int)(pos / g.ow % g.oh), (int)(pos % g.ow),
                               (int)(t / (g.kh * g.kw)), (int)(t / g.kw % g.kh), (int)(t % g.kw));
        },
        [&](long long o, long long col, float v) { dweight[o * g.c * taps + col] = v; });
}

// Launch: grid OC, block 256.
extern "C" __global__ void __launch_bounds__(256)
conv3d_backward_bias(SonoConv3d g, const float* __restrict__ dy, float* __restrict__ dbias) {
    __shared__ float scratch[33];
    long long outPlane = (long long)g.od * g.oh * g.ow;
    float acc = 0.0f;
    for (long long nb = 0; nb < g.n; ++nb)
        for (long long pos = threadIdx.x; pos < outPlane; pos += blockDim.x) acc += dy[(nb * g.o + blockIdx.x) * outPlane + pos];
    float total = sonoBlockSum(acc, scratch);
    if (threadIdx.x == 0) dbias[blockIdx.x] = total;
}
