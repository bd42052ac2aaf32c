// Sinkhorn–Knopp equipartition (Cuturi 2013; SwAV, Caron et al. 2020), in the log domain. For scores
// S (B samples × K prototypes) and temperature ε, SwAV computes Q = exp(S/ε)ᵀ (K × B), divides it by
// its total, then `iterations` times scales the K rows to sum 1/K and the B columns to sum 1/B, and
// returns B·Qᵀ (each sample's row sums to 1). Here Q is never stored: Q_kb = exp(S_bk/ε + u_k + v_b)
// with log-scalers u (K) and v (B), starting from v = 0 (the first row step absorbs the total):
//   row step:     u_k = −log K − logsumexp_b (S_bk/ε + v_b)         sinkhorn_update_u
//   column step:  v_b = −log B − logsumexp_k (S_bk/ε + u_k)         sinkhorn_update_v
//   result:       P_bk = B · exp(S_bk/ε + u_k + v_b)                 sinkhorn_assign
// Each iteration is one launch of each step; every logsumexp is reduced in a fixed order.
#include "sono_cuda.cuh"

// Launch: grid ceil(K/32), block (32, 8): lane x owns prototype k, the 8 rows of threads split the
// samples b ≡ y (mod 8) and are merged in order y = 0..7.
extern "C" __global__ void __launch_bounds__(256)
sinkhorn_update_u(int b, int k, const float* __restrict__ scores, float invEps, const float* __restrict__ v,
                  float* __restrict__ u) {
    __shared__ float partM[8][32];
    __shared__ float partS[8][32];
    int tx = threadIdx.x, ty = threadIdx.y, col = blockIdx.x * 32 + tx;
    SonoLse acc = sonoLseEmpty();
    if (col < k) {
        for (int row = ty; row < b; row += 8) acc = sonoLseAdd(acc, scores[(long long)row * k + col] * invEps + v[row]);
    }
    partM[ty][tx] = acc.m;
    partS[ty][tx] = acc.s;
    __syncthreads();
    if (ty == 0 && col < k) {
        SonoLse total = sonoLseEmpty();
        for (int y = 0; y < 8; ++y) total = sonoLseMerge(total, SonoLse{partM[y][tx], partS[y][tx]});
        u[col] = -logf((float)k) - sonoLseValue(total);
    }
}

// Launch: grid B, block 256.
extern "C" __global__ void __launch_bounds__(256)
sinkhorn_update_v(int b, int k, const float* __restrict__ scores, float invEps, const float* __restrict__ u,
                  float* __restrict__ v) {
    __shared__ float scratch[66];
    const float* row = scores + (long long)blockIdx.x * k;
    SonoLse acc = sonoLseEmpty();
    for (int col = threadIdx.x; col < k; col += blockDim.x) acc = sonoLseAdd(acc, row[col] * invEps + u[col]);
    SonoLse total = sonoBlockLse(acc, scratch);
    if (threadIdx.x == 0) v[blockIdx.x] = -logf((float)b) - sonoLseValue(total);
}

// Launch: any grid, block 256 (grid-stride over B·K).
extern "C" __global__ void __launch_bounds__(256)
sinkhorn_assign(int b, int k, const float* __restrict__ scores, float invEps, const float* __restrict__ u,
                const float* __restrict__ v, float* __restrict__ assignments) {
    long long n = (long long)b * k;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        long long row = i / k, col = i % k;
        assignments[i] = (float)b * __expf(scores[i] * invEps + u[col] + v[row]);
    }
}
