// Batch normalisation over N × C × S (NCHW: S = H·W; NCDHW: S = D·H·W), per channel c over its
// M = N·S values (Ioffe & Szegedy 2015), as nn.functional.NormFunctions.batchNorm:
//   training:  μ = Σ x / M,  σ² = Σ (x − μ)² / M (biased),  rstd = 1/√(σ² + ε),  x̂ = (x − μ)·rstd,
//              y = γ·x̂ + β;  running ← (1 − m)·running + m·batch (the variance unbiased, ·M/(M − 1))
//   eval:      y = γ·(x − μ_run)/√(σ²_run + ε) + β
//   backward:  dβ = Σ dy,  dγ = Σ dy·x̂,  training dx = γ·rstd·(dy − dβ/M − x̂·dγ/M),  eval dx = γ·rstd_run·dy
// One block per channel (grid C, block 256): every per-channel sum is a strided per-thread sum then
// the fixed block tree of sono_cuda.cuh, so results repeat bit for bit. γ, β and the running
// buffers may be null (no affine transform / no running statistics).
#include "sono_cuda.cuh"

#define BATCHNORM_THREADS 256

// The e-th of the M values of channel ch.
__device__ __forceinline__ long long sonoBnAt(long long e, long long ch, long long c, long long s) {
    return (e / s * c + ch) * s + e % s;
}

extern "C" __global__ void __launch_bounds__(BATCHNORM_THREADS)
batchnorm_forward_train(long long n, long long c, long long s, float eps, float momentum, const float* __restrict__ x,
                        const float* __restrict__ gamma, const float* __restrict__ beta, float* __restrict__ y,
                        float* __restrict__ mean, float* __restrict__ rstd, float* __restrict__ runningMean,
                        float* __restrict__ runningVar) {
    __shared__ float scratch[33];
    long long ch = blockIdx.x, m = n * s;
    float acc = 0.0f;
    for (long long e = threadIdx.x; e < m; e += blockDim.x) acc += x[sonoBnAt(e, ch, c, s)];
    float mu = sonoBlockSum(acc, scratch) / (float)m;
    acc = 0.0f;
    for (long long e = threadIdx.x; e < m; e += blockDim.x) {
        float d = x[sonoBnAt(e, ch, c, s)] - mu;
        acc += d * d;
    }
    float var = sonoBlockSum(acc, scratch) / (float)m;
    float r = 1.0f / sqrtf(var + eps);
    float g = gamma ? gamma[ch] : 1.0f, b = beta ? beta[ch] : 0.0f;
    for (long long e = threadIdx.x; e < m; e += blockDim.x) {
        long long i = sonoBnAt(e, ch, c, s);
        y[i] = (x[i] - mu) * r * g + b;
    }
    if (threadIdx.x == 0) {
        mean[ch] = mu;
        rstd[ch] = r;
        if (runningMean) runningMean[ch] = (1.0f - momentum) * runningMean[ch] + momentum * mu;
        if (runningVar) runningVar[ch] = (1.0f - momentum) * runningVar[ch] + momentum * var * ((float)m / (float)(m > 1 ? m - 1 : 1));
    }
}

// Launch: any grid, block 256 (grid-stride over N·C·S).
extern "C" __global__ void __launch_bounds__(BATCHNORM_THREADS)
batchnorm_forward_eval(long long n, long long c, long long s, float eps, const float* __restrict__ x,
                       const float* __restrict__ gamma, const float* __restrict__ beta,
                       const float* __restrict__ runningMean, const float* __restrict__ runningVar, float* __restrict__ y) {
    long long total = n * c * s;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        long long ch = i / s % c;
        float r = 1.0f / sqrtf(runningVar[ch] + eps);
        y[i] = (x[i] - runningMean[ch]) * r * (gamma ? gamma[ch] : 1.0f) + (beta ? beta[ch] : 0.0f);
    }
}

// training: mean and rstd from batchnorm_forward_train; eval (training = 0): μ_run and σ²_run in
// mean/var with ε, and rstd unused. dgamma/dbeta may be null.
extern "C" __global__ void __launch_bounds__(BATCHNORM_THREADS)
batchnorm_backward(int training, long long n, long long c, long long s, float eps, const float* __restrict__ x,
                   const float* __restrict__ gamma, const float* __restrict__ mean, const float* __restrict__ rstdOrVar,
                   const float* __restrict__ dy, float* __restrict__ dx, float* __restrict__ dgamma,
                   float* __restrict__ dbeta) {
    __shared__ float scratch[33];
    long long ch = blockIdx.x, m = n * s;
    float mu = mean[ch];
    float r = training ? rstdOrVar[ch] : 1.0f / sqrtf(rstdOrVar[ch] + eps);
    float sumDy = 0.0f, sumDyXhat = 0.0f;
    for (long long e = threadIdx.x; e < m; e += blockDim.x) {
        long long i = sonoBnAt(e, ch, c, s);
        sumDy += dy[i];
        sumDyXhat += dy[i] * (x[i] - mu) * r;
    }
    float db = sonoBlockSum(sumDy, scratch);
    float dg = sonoBlockSum(sumDyXhat, scratch);
    float g = gamma ? gamma[ch] : 1.0f;
    for (long long e = threadIdx.x; e < m; e += blockDim.x) {
        long long i = sonoBnAt(e, ch, c, s);
        dx[i] = training ? g * r * (dy[i] - db / (float)m - (x[i] - mu) * r * dg / (float)m) : g * r * dy[i];
    }
    if (threadIdx.x == 0) {
        if (dgamma) dgamma[ch] = dg;
        if (dbeta) dbeta[ch] = db;
    }
}
