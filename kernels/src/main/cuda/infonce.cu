// InfoNCE / NT-Xent, fused forward and backward (van den Oord et al. 2018; Chen et al. 2020).
// Anchors are the rows a_i of za (rowsA × d), candidates the rows b_j of zb (rowsB × d), inputs
// already L2-normalised. With s_ij = a_i · b_j, the positive of anchor i at column
// pos(i) = (i + posShift) mod rowsB, negative weights m_ij (null: all 1; m forced to 1 at the
// positive) and the self column excluded when excludeSelf:
//   ℓ_ij = s_ij/τ + log m_ij                         (−∞ where m_ij = 0 or j = i excluded)
//   L    = Σ_i c_i · (logsumexp_j ℓ_ij − s_i,pos(i)/τ),   c_i = lossScale · w_i / Σ_k w_k  (w null: 1/rowsA)
//   ∂L/∂s_ij = c_i/τ · (p_ij − [j = pos(i)]),         p_ij = exp(ℓ_ij − logsumexp_i)
//   ∂L/∂a_i = Σ_j ∂L/∂s_ij · b_j,                      ∂L/∂b_j = Σ_i ∂L/∂s_ij · a_i
// Cross-modal InfoNCE: za = z1, zb = z2, posShift 0 (and the 2→1 direction with z1, z2 swapped,
// each with lossScale ½ for the symmetric loss). NT-Xent: za = zb = the 2N stacked views,
// posShift N, excludeSelf 1, and both gradients accumulate into the same buffer.
// Similarities are never stored: each kernel recomputes 32×32 tiles of s (tiled over d) and keeps
// an online logsumexp per anchor, like flash attention. No atomics: the gradient of a row is owned
// by one thread, so the result repeats bit for bit.
#include "sono_cuda.cuh"

#define NCE_TILE 32
#define NCE_MAX_D 256  // gradient accumulators live in registers: NCE_MAX_D / 32 chunks per thread
#define NCE_CHUNKS (NCE_MAX_D / 32)

struct SonoNceTiles {
    float a[NCE_TILE][NCE_TILE + 1];
    float b[NCE_TILE][NCE_TILE + 1];
    float s[NCE_TILE][NCE_TILE + 1];  // logits ℓ, then gradient coefficients ∂L/∂s
};

// Block (32, 8): thread (x, y) computes s[y + 8q][x], q = 0..3, for anchors rowBase.. and columns
// colBase.., tiling d in chunks of 32 (zero outside the matrices). Ends with a barrier.
__device__ void sonoNceSimilarity(const float* za, const float* zb, int rowsA, int rowsB, int d, int rowBase,
                                  int colBase, SonoNceTiles& t) {
    int tx = threadIdx.x, ty = threadIdx.y;
    float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int d0 = 0; d0 < d; d0 += NCE_TILE) {
        for (int q = 0; q < 4; ++q) {
            int r = ty + 8 * q, dd = d0 + tx;
            t.a[r][tx] = rowBase + r < rowsA && dd < d ? za[(long long)(rowBase + r) * d + dd] : 0.0f;
            t.b[r][tx] = colBase + r < rowsB && dd < d ? zb[(long long)(colBase + r) * d + dd] : 0.0f;
        }
        __syncthreads();
        for (int k = 0; k < NCE_TILE; ++k) {
            float bv = t.b[tx][k];
            for (int q = 0; q < 4; ++q) acc[q] = fmaf(t.a[ty + 8 * q][k], bv, acc[q]);
        }
        __syncthreads();
    }
    for (int q = 0; q < 4; ++q) t.s[ty + 8 * q][tx] = acc[q];
    __syncthreads();
}

// The logit ℓ_ij for a similarity s (−∞ for masked, excluded or out-of-range columns).
__device__ __forceinline__ float sonoNceLogit(float s, int i, int j, int rowsB, float invTau, const float* negWeights,
                                              int posShift, int excludeSelf) {
    if (j >= rowsB || (excludeSelf && j == i)) return -INFINITY;
    if (negWeights == nullptr || j == (i + posShift) % rowsB) return s * invTau;
    float m = negWeights[(long long)i * rowsB + j];
    return m > 0.0f ? s * invTau + logf(m) : -INFINITY;
}

// c_i for every anchor needs Σ w; every block sums w itself in the same fixed order.
__device__ float sonoNceWeightScale(int rowsA, const float* anchorWeights, float lossScale, float* scratch) {
    if (anchorWeights == nullptr) return lossScale / (float)rowsA;
    float acc = 0.0f;
    for (int i = sonoThreadRank(); i < rowsA; i += sonoBlockThreads()) acc += anchorWeights[i];
    return lossScale / sonoBlockSum(acc, scratch);
}

// Forward: lse[i] = logsumexp_j ℓ_ij and loss[i] = c_i (lse[i] − s_i,pos/τ); Σ_i loss[i] is L (finish
// with sum_partials/reduce_rows). Launch: grid ceil(rowsA/32), block (32, 8).
extern "C" __global__ void __launch_bounds__(256)
infonce_forward(int rowsA, int rowsB, int d, const float* __restrict__ za, const float* __restrict__ zb,
                float invTau, const float* __restrict__ negWeights, const float* __restrict__ anchorWeights,
                int posShift, int excludeSelf, float lossScale, float* __restrict__ lse, float* __restrict__ loss) {
    __shared__ SonoNceTiles t;
    __shared__ float positive[NCE_TILE];
    __shared__ float scratch[33];
    int tx = threadIdx.x, ty = threadIdx.y, rowBase = blockIdx.x * NCE_TILE;
    float weightScale = sonoNceWeightScale(rowsA, anchorWeights, lossScale, scratch);
    SonoLse run[4] = {sonoLseEmpty(), sonoLseEmpty(), sonoLseEmpty(), sonoLseEmpty()};
#pragma unroll 1
    for (int colBase = 0; colBase < rowsB; colBase += NCE_TILE) {
        sonoNceSimilarity(za, zb, rowsA, rowsB, d, rowBase, colBase, t);
        for (int q = 0; q < 4; ++q) {
            int i = rowBase + ty + 8 * q, j = colBase + tx;
            if (i >= rowsA) continue;
            float s = t.s[ty + 8 * q][tx];
            run[q] = sonoLseAdd(run[q], sonoNceLogit(s, i, j, rowsB, invTau, negWeights, posShift, excludeSelf));
            if (j == (i + posShift) % rowsB) positive[ty + 8 * q] = s * invTau;
        }
        __syncthreads();  // t.s is overwritten by the next tile
    }
    for (int q = 0; q < 4; ++q) {
        SonoLse row = sonoWarpLse(run[q]);  // lanes hold columns; every lane gets the row's total
        int r = ty + 8 * q, i = rowBase + r;
        if (tx == 0 && i < rowsA) {
            float value = sonoLseValue(row);
            float c = weightScale * (anchorWeights != nullptr ? anchorWeights[i] : 1.0f);
            lse[i] = value;
            loss[i] = c * (value - positive[r]);
        }
    }
}

// Backward: grad += ∂L/∂za (byColumn 0: the block owns 32 anchors, walks every column tile) or
// grad += ∂L/∂zb (byColumn 1: the block owns 32 columns, walks every anchor tile), recomputing s and
// reading lse from infonce_forward. d ≤ NCE_MAX_D. Launch: grid ceil(rowsA/32) or ceil(rowsB/32),
// block (32, 8).
extern "C" __global__ void __launch_bounds__(256)
infonce_backward(int byColumn, int rowsA, int rowsB, int d, const float* __restrict__ za, const float* __restrict__ zb,
                 float invTau, const float* __restrict__ negWeights, const float* __restrict__ anchorWeights,
                 int posShift, int excludeSelf, float lossScale, const float* __restrict__ lse, float* __restrict__ grad) {
    __shared__ SonoNceTiles t;
    __shared__ float scratch[33];
    if (d > NCE_MAX_D) __trap();
    int tx = threadIdx.x, ty = threadIdx.y, ownBase = blockIdx.x * NCE_TILE;
    int owned = byColumn ? rowsB : rowsA, others = byColumn ? rowsA : rowsB;
    const float* other = byColumn ? za : zb;
    float weightScale = sonoNceWeightScale(rowsA, anchorWeights, lossScale, scratch);
    float acc[4][NCE_CHUNKS] = {};
    for (int otherBase = 0; otherBase < others; otherBase += NCE_TILE) {
        int rowBase = byColumn ? otherBase : ownBase, colBase = byColumn ? ownBase : otherBase;
        sonoNceSimilarity(za, zb, rowsA, rowsB, d, rowBase, colBase, t);
        for (int q = 0; q < 4; ++q) {  // t.s[r][c] ← ∂L/∂s for anchor rowBase + r, column colBase + c
            int r = ty + 8 * q, i = rowBase + r, j = colBase + tx;
            float g = 0.0f;
            if (i < rowsA && j < rowsB) {
                float logit = sonoNceLogit(t.s[r][tx], i, j, rowsB, invTau, negWeights, posShift, excludeSelf);
                float p = logit == -INFINITY ? 0.0f : __expf(logit - lse[i]);
                float c = weightScale * (anchorWeights != nullptr ? anchorWeights[i] : 1.0f);
                g = c * invTau * (p - (j == (i + posShift) % rowsB ? 1.0f : 0.0f));
            }
            t.s[r][tx] = g;
        }
        __syncthreads();
#pragma unroll
        for (int c = 0; c < NCE_CHUNKS; ++c) {  // unrolled so that acc stays in registers
            int d0 = c * 32;
            if (d0 < d) {  // uniform across the block, so the barriers inside are safe
#pragma unroll
                for (int q = 0; q < 4; ++q) {  // t.b[u][x] = other vector otherBase + u, dimension d0 + x
                    int u = ty + 8 * q;
                    t.b[u][tx] = otherBase + u < others && d0 + tx < d ? other[(long long)(otherBase + u) * d + d0 + tx] : 0.0f;
                }
                __syncthreads();
                for (int u = 0; u < NCE_TILE; ++u) {
                    float v = t.b[u][tx];
#pragma unroll
                    for (int q = 0; q < 4; ++q) {
                        int o = ty + 8 * q;
                        acc[q][c] = fmaf(byColumn ? t.s[u][o] : t.s[o][u], v, acc[q][c]);
                    }
                }
                __syncthreads();
            }
        }
    }
#pragma unroll
    for (int q = 0; q < 4; ++q) {
        int o = ownBase + ty + 8 * q;
        if (o >= owned) continue;
#pragma unroll
        for (int c = 0; c < NCE_CHUNKS; ++c) {
            int dd = c * 32 + tx;
            if (dd < d) grad[(long long)o * d + dd] += acc[q][c];
        }
    }
}
