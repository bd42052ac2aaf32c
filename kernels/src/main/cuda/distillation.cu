// Distillation cross-entropy, one block per sample b over K classes/prototypes.
// Soft targets (DINO, Caron et al. 2021): the teacher is centred and sharpened,
//   p_b = softmax((t_b − c)/τ_t),  log q_b = log_softmax(s_b/τ_s),
//   L = lossScale · Σ_b −Σ_k p_bk log q_bk,       ∂L/∂s_bk = lossScale/τ_s · (q_bk − p_bk)
// (c null: no centring; lossScale = 1/B gives the mean over the batch). The centre follows
//   c ← m·c + (1 − m)·mean_b t_b                      (distill_center_update)
// Hard targets (e.g. argmax of a Sinkhorn assignment): y_b an integer class,
//   L = lossScale · Σ_b −log_softmax(s_b/τ)_{y_b},  ∂L/∂s_bk = lossScale/τ · (q_bk − [k = y_b])
// loss[b] receives sample b's term; Σ_b loss[b] = L (finish with sum_partials/reduce_rows).
#include "sono_cuda.cuh"

// Launch: grid B, block 256.
extern "C" __global__ void __launch_bounds__(256)
distill_soft(int b, int k, const float* __restrict__ student, const float* __restrict__ teacher,
             const float* __restrict__ center, float invTauS, float invTauT, float lossScale,
             float* __restrict__ loss, float* __restrict__ grad) {
    __shared__ float scratch[66];
    __shared__ float sums[33];
    long long base = (long long)blockIdx.x * k;
    SonoLse accS = sonoLseEmpty(), accT = sonoLseEmpty();
    for (int c = threadIdx.x; c < k; c += blockDim.x) {
        accS = sonoLseAdd(accS, student[base + c] * invTauS);
        accT = sonoLseAdd(accT, (teacher[base + c] - (center != nullptr ? center[c] : 0.0f)) * invTauT);
    }
    float lseS = sonoLseValue(sonoBlockLse(accS, scratch));
    float lseT = sonoLseValue(sonoBlockLse(accT, scratch));
    float term = 0.0f;
    for (int c = threadIdx.x; c < k; c += blockDim.x) {
        float logQ = student[base + c] * invTauS - lseS;
        float p = __expf((teacher[base + c] - (center != nullptr ? center[c] : 0.0f)) * invTauT - lseT);
        term -= p * logQ;
        grad[base + c] = lossScale * invTauS * (__expf(logQ) - p);
    }
    float total = sonoBlockSum(term, sums);
    if (threadIdx.x == 0) loss[blockIdx.x] = lossScale * total;
}

// Launch: grid B, block 256.
extern "C" __global__ void __launch_bounds__(256)
distill_hard(int b, int k, const float* __restrict__ student, const int* __restrict__ targets, float invTau,
             float lossScale, float* __restrict__ loss, float* __restrict__ grad) {
    __shared__ float scratch[66];
    long long base = (long long)blockIdx.x * k;
    int y = targets[blockIdx.x];
    if (y < 0 || y >= k) __trap();
    SonoLse acc = sonoLseEmpty();
    for (int c = threadIdx.x; c < k; c += blockDim.x) acc = sonoLseAdd(acc, student[base + c] * invTau);
    float lse = sonoLseValue(sonoBlockLse(acc, scratch));
    for (int c = threadIdx.x; c < k; c += blockDim.x) {
        float q = __expf(student[base + c] * invTau - lse);
        grad[base + c] = lossScale * invTau * (q - (c == y ? 1.0f : 0.0f));
    }
    if (threadIdx.x == 0) loss[blockIdx.x] = lossScale * (lse - student[base + y] * invTau);
}

// Launch: grid ceil(K/256), block 256; samples are summed in order.
extern "C" __global__ void __launch_bounds__(256)
distill_center_update(int b, int k, const float* __restrict__ teacher, float momentum, float* __restrict__ center) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= k) return;
    float sum = 0.0f;
    for (int row = 0; row < b; ++row) sum += teacher[(long long)row * k + c];
    center[c] = momentum * center[c] + (1.0f - momentum) * (sum / (float)b);
}
