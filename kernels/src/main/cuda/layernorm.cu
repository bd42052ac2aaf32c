// Layer normalisation over the last axis (Ba et al. 2016), one block per row:
//   μ = mean x,  σ² = mean (x − μ)²,  r = 1/√(σ² + eps),  x̂ = (x − μ)·r,  y = x̂ ⊙ γ + β
// (γ, β optional: null means 1 and 0). The forward saves μ and r for the backward:
//   dx = r · (g − mean g − x̂ · mean(g ⊙ x̂)),  g = dy ⊙ γ
//   dγ = Σ_rows dy ⊙ x̂,  dβ = Σ_rows dy          (one thread per column, rows in order)
// The variance is computed in two passes over the row (no E[x²] − E[x]² cancellation).
#include "sono_cuda.cuh"

#define LAYERNORM_THREADS 256

// Launch: grid rows, block 256.
extern "C" __global__ void __launch_bounds__(LAYERNORM_THREADS)
layernorm_forward(long long rows, long long cols, float eps, const float* __restrict__ x,
                  const float* __restrict__ gamma, const float* __restrict__ beta, float* __restrict__ y,
                  float* __restrict__ mean, float* __restrict__ rstd) {
    __shared__ float scratch[33];
    const float* in = x + blockIdx.x * cols;
    float* out = y + blockIdx.x * cols;
    float acc = 0.0f;
    for (long long c = threadIdx.x; c < cols; c += blockDim.x) acc += in[c];
    float mu = sonoBlockSum(acc, scratch) / (float)cols;
    acc = 0.0f;
    for (long long c = threadIdx.x; c < cols; c += blockDim.x) {
        float d = in[c] - mu;
        acc += d * d;
    }
    float r = rsqrtf(sonoBlockSum(acc, scratch) / (float)cols + eps);
    for (long long c = threadIdx.x; c < cols; c += blockDim.x) {
        float v = (in[c] - mu) * r;
        if (gamma != nullptr) v *= gamma[c];
        if (beta != nullptr) v += beta[c];
        out[c] = v;
    }
    if (threadIdx.x == 0) {
        mean[blockIdx.x] = mu;
        rstd[blockIdx.x] = r;
    }
}

// Launch: grid rows, block 256.
extern "C" __global__ void __launch_bounds__(LAYERNORM_THREADS)
layernorm_backward_data(long long rows, long long cols, const float* __restrict__ x, const float* __restrict__ gamma,
                        const float* __restrict__ mean, const float* __restrict__ rstd,
                        const float* __restrict__ dy, float* __restrict__ dx) {
    __shared__ float scratch[33];
    long long base = blockIdx.x * cols;
    float mu = mean[blockIdx.x], r = rstd[blockIdx.x];
    float sumG = 0.0f, sumGX = 0.0f;
    for (long long c = threadIdx.x; c < cols; c += blockDim.x) {
        float g = dy[base + c] * (gamma != nullptr ? gamma[c] : 1.0f);
        sumG += g;
        sumGX += g * (x[base + c] - mu) * r;
    }
    float meanG = sonoBlockSum(sumG, scratch) / (float)cols;
    float meanGX = sonoBlockSum(sumGX, scratch) / (float)cols;
    for (long long c = threadIdx.x; c < cols; c += blockDim.x) {
        float g = dy[base + c] * (gamma != nullptr ? gamma[c] : 1.0f);
        float xhat = (x[base + c] - mu) * r;
        dx[base + c] = r * (g - meanG - xhat * meanGX);
    }
}

// Launch: grid ceil(cols/256), block 256.
extern "C" __global__ void __launch_bounds__(LAYERNORM_THREADS)
layernorm_backward_params(long long rows, long long cols, const float* __restrict__ x, const float* __restrict__ mean,
                          const float* __restrict__ rstd, const float* __restrict__ dy,
                          float* __restrict__ dgamma, float* __restrict__ dbeta) {
    long long c = blockIdx.x * (long long)blockDim.x + threadIdx.x;
    if (c >= cols) return;
    float g = 0.0f, b = 0.0f;
    for (long long r = 0; r < rows; ++r) {
        float d = dy[r * cols + c];
        g += d * (x[r * cols + c] - mean[r]) * rstd[r];
        b += d;
    }
    dgamma[c] = g;
    dbeta[c] = b;
}
