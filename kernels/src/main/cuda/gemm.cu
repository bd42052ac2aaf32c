// GEMM, row-major, batched: C_z = alpha · op(A_z) · op(B_z) + beta · C_z for z = blockIdx.z, with
// op(A) m×k and op(B) k×n; A is stored k×m when transA, B is stored n×k when transB; matrix z starts
// at z · stride. When beta == 0, C is not read (NaN in C does not propagate), as on the CPU.
#include "sono_cuda.cuh"

#define GEMM_BM 64
#define GEMM_BN 64
#define GEMM_BK 16
#define GEMM_THREADS 256  // 16 × 16 threads, each computing a 4 × 4 register tile

// sgemm_tiled: shared-memory tiled SIMT GEMM. A block computes a 64×64 tile of C, walking k in steps
// of 16: the 64×16 slice of op(A) and the 16×64 slice of op(B) are staged in shared memory (zero
// outside the matrix), then each thread accumulates its 4×4 outputs in registers. Launch:
// grid (ceil(n/64), ceil(m/64), batch), block 256.
extern "C" __global__ void __launch_bounds__(GEMM_THREADS)
sgemm_tiled(int transA, int transB, int m, int n, int k, float alpha,
            const float* __restrict__ a, long long lda, long long strideA,
            const float* __restrict__ b, long long ldb, long long strideB,
            float beta, float* __restrict__ c, long long ldc, long long strideC) {
    __shared__ float as[GEMM_BK][GEMM_BM + 4];  // as[p][i] = op(A)[row0 + i, k0 + p]
    __shared__ float bs[GEMM_BK][GEMM_BN + 4];  // bs[p][j] = op(B)[k0 + p, col0 + j]
    const float* az = a + blockIdx.z * strideA;
    const float* bz = b + blockIdx.z * strideB;
    float* cz = c + blockIdx.z * strideC;
    int row0 = blockIdx.y * GEMM_BM, col0 = blockIdx.x * GEMM_BN;
    int tid = threadIdx.x, tx = tid % 16, ty = tid / 16;
    float acc[4][4] = {};
    for (int k0 = 0; k0 < k; k0 += GEMM_BK) {
        // 64 × 16 = 1024 elements per slice, 4 per thread; the fast index follows memory order.
        for (int e = tid; e < GEMM_BM * GEMM_BK; e += GEMM_THREADS) {
            int i, p;
            if (transA) { i = e % GEMM_BM; p = e / GEMM_BM; } else { p = e % GEMM_BK; i = e / GEMM_BK; }
            int gi = row0 + i, gp = k0 + p;
            float v = 0.0f;
            if (gi < m && gp < k) v = transA ? az[(long long)gp * lda + gi] : az[(long long)gi * lda + gp];
            as[p][i] = v;
        }
        for (int e = tid; e < GEMM_BN * GEMM_BK; e += GEMM_THREADS) {
            int j, p;
            if (transB) { p = e % GEMM_BK; j = e / GEMM_BK; } else { j = e % GEMM_BN; p = e / GEMM_BN; }
            int gj = col0 + j, gp = k0 + p;
            float v = 0.0f;
            if (gj < n && gp < k) v = transB ? bz[(long long)gj * ldb + gp] : bz[(long long)gp * ldb + gj];
            bs[p][j] = v;
        }
        __syncthreads();
#pragma unroll
        for (int p = 0; p < GEMM_BK; ++p) {
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
    for (int qi = 0; qi < 4; ++qi) {
        int gi = row0 + ty + 16 * qi;
        if (gi >= m) continue;
#pragma unroll
        for (int qj = 0; qj < 4; ++qj) {
            int gj = col0 + tx + 16 * qj;
            if (gj >= n) continue;
            float* out = cz + (long long)gi * ldc + gj;
            *out = beta == 0.0f ? alpha * acc[qi][qj] : alpha * acc[qi][qj] + beta * *out;
        }
    }
}

// Tensor-core GEMM for sm_80 and newer (wmma, F32 accumulation): a block of 4 warps computes a 32×32
// tile of C as 2×2 fragments of 16×16. The TF32 kernel takes F32 inputs and rounds them to TF32
// (10-bit mantissa) when staging; the BF16 kernel takes bfloat16 inputs stored as 16-bit words.
// Same arguments and layout as sgemm_tiled (batched through blockIdx.z); launch: grid
// (ceil(n/32), ceil(m/32), batch), block 128. The emulator does not compile these bodies (they sit
// under __CUDA_ARCH__ >= 800), so they are verified only on a GPU.
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
#include <cuda_bf16.h>
#include <mma.h>
#include <type_traits>
namespace sono_wmma = nvcuda::wmma;

template <class In, class Frag, int FK>
__device__ __forceinline__ void sonoGemmWmma(int transA, int transB, int m, int n, int k, float alpha,
                                             const In* a, long long lda, const In* b, long long ldb,
                                             float beta, float* c, long long ldc) {
    __shared__ __align__(32) Frag as[32][FK + 8];
    __shared__ __align__(32) Frag bs[FK][32 + 8];
    __shared__ __align__(32) float cs[32][32 + 4];
    int tid = threadIdx.x, warp = tid / 32;
    int wi = warp / 2, wj = warp % 2;
    int row0 = blockIdx.y * 32, col0 = blockIdx.x * 32;
    sono_wmma::fragment<sono_wmma::accumulator, 16, 16, FK, float> acc;
    sono_wmma::fill_fragment(acc, 0.0f);
    for (int k0 = 0; k0 < k; k0 += FK) {
        for (int e = tid; e < 32 * FK; e += 128) {
            int i = e / FK, p = e % FK, gi = row0 + i, gp = k0 + p;
            float v = 0.0f;
            if (gi < m && gp < k) v = (float)(transA ? a[(long long)gp * lda + gi] : a[(long long)gi * lda + gp]);
            int j = e % 32, q = e / 32, gj = col0 + j, gq = k0 + q;
            float w = 0.0f;
            if (gj < n && gq < k) w = (float)(transB ? b[(long long)gj * ldb + gq] : b[(long long)gq * ldb + gj]);
            if constexpr (sizeof(Frag) == 2) {
                as[i][p] = __float2bfloat16(v);
                bs[q][j] = __float2bfloat16(w);
            } else {
                as[i][p] = sono_wmma::__float_to_tf32(v);
                bs[q][j] = sono_wmma::__float_to_tf32(w);
            }
        }
        __syncthreads();
        using Precision = typename std::conditional<sizeof(Frag) == 2, __nv_bfloat16, sono_wmma::precision::tf32>::type;
        sono_wmma::fragment<sono_wmma::matrix_a, 16, 16, FK, Precision, sono_wmma::row_major> fa;
        sono_wmma::fragment<sono_wmma::matrix_b, 16, 16, FK, Precision, sono_wmma::row_major> fb;
        sono_wmma::load_matrix_sync(fa, &as[wi * 16][0], FK + 8);
        sono_wmma::load_matrix_sync(fb, &bs[0][wj * 16], 32 + 8);
        sono_wmma::mma_sync(acc, fa, fb, acc);
        __syncthreads();
    }
    sono_wmma::store_matrix_sync(&cs[wi * 16][wj * 16], acc, 32 + 4, sono_wmma::mem_row_major);
    __syncthreads();
    for (int e = tid; e < 32 * 32; e += 128) {
        int i = e / 32, j = e % 32, gi = row0 + i, gj = col0 + j;
        if (gi < m && gj < n) {
            float* out = c + (long long)gi * ldc + gj;
            *out = beta == 0.0f ? alpha * cs[i][j] : alpha * cs[i][j] + beta * *out;
        }
    }
}
#endif

extern "C" __global__ void __launch_bounds__(128)
sgemm_tf32_wmma(int transA, int transB, int m, int n, int k, float alpha,
                const float* __restrict__ a, long long lda, long long strideA,
                const float* __restrict__ b, long long ldb, long long strideB,
                float beta, float* __restrict__ c, long long ldc, long long strideC) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    sonoGemmWmma<float, float, 8>(transA, transB, m, n, k, alpha, a + blockIdx.z * strideA, lda,
                                  b + blockIdx.z * strideB, ldb, beta, c + blockIdx.z * strideC, ldc);
#endif
}

extern "C" __global__ void __launch_bounds__(128)
gemm_bf16_wmma(int transA, int transB, int m, int n, int k, float alpha,
               const unsigned short* __restrict__ a, long long lda, long long strideA,
               const unsigned short* __restrict__ b, long long ldb, long long strideB,
               float beta, float* __restrict__ c, long long ldc, long long strideC) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    sonoGemmWmma<__nv_bfloat16, __nv_bfloat16, 16>(
        transA, transB, m, n, k, alpha, reinterpret_cast<const __nv_bfloat16*>(a) + blockIdx.z * strideA, lda,
        reinterpret_cast<const __nv_bfloat16*>(b) + blockIdx.z * strideB, ldb, beta, c + blockIdx.z * strideC, ldc);
#endif
}
