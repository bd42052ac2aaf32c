// Fused optimiser updates, one thread per parameter, PyTorch semantics.
// AdamW (Loshchilov & Hutter 2019), step t ≥ 1, with bias1 = 1 − β1^t and bias2 = 1 − β2^t:
//   p ← p · (1 − lr·λ);  m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²
//   p ← p − (lr / bias1) · m / (√v / √bias2 + eps)
// SGD with momentum μ, dampening δ, weight decay λ, optional Nesterov:
//   g ← g + λ p;  buf ← g on the first step, else μ buf + (1 − δ) g;
//   g ← g + μ buf (Nesterov) or buf;  p ← p − lr · g      (μ = 0: no buffer, p ← p − lr · g)
#include "sono_cuda.cuh"

// Launch: any grid, block 256 (grid-stride).
extern "C" __global__ void __launch_bounds__(256)
adamw_step(long long n, float* __restrict__ param, const float* __restrict__ grad, float* __restrict__ m,
           float* __restrict__ v, float lr, float beta1, float beta2, float eps, float weightDecay, float bias1,
           float bias2) {
    float stepSize = lr / bias1, rootBias2 = sqrtf(bias2);
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        float g = grad[i];
        float p = param[i] * (1.0f - lr * weightDecay);
        float mi = beta1 * m[i] + (1.0f - beta1) * g;
        float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        param[i] = p - stepSize * mi / (sqrtf(vi) / rootBias2 + eps);
    }
}

// Launch: any grid, block 256 (grid-stride). buf may be null when momentum == 0.
extern "C" __global__ void __launch_bounds__(256)
sgd_step(long long n, float* __restrict__ param, const float* __restrict__ grad, float* __restrict__ buf, float lr,
         float momentum, float dampening, float weightDecay, int nesterov, int firstStep) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        float g = grad[i] + weightDecay * param[i];
        if (momentum != 0.0f) {
            float b = firstStep ? g : momentum * buf[i] + (1.0f - dampening) * g;
            buf[i] = b;
            g = nesterov ? g + momentum * b : b;
        }
        param[i] -= lr * g;
    }
}
