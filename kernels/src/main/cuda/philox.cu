// Philox-4×32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), the
// counter-based generator of Random123: 10 rounds of
//   (c0, c1, c2, c3) ← (hi(M1·c2) ⊕ c1 ⊕ k0, lo(M1·c2), hi(M0·c0) ⊕ c3 ⊕ k1, lo(M0·c0)),
//   M0 = 0xD2511F53, M1 = 0xCD9E8D57, key bumped by (0x9E3779B9, 0xBB67AE85) between rounds.
// Stream mapping shared with the CPU (org.sonograd.kernels.PhiloxKernels): key = (lo, hi) of the
// 64-bit seed; element i of a draw at `offset` uses the block at counter
// (lo(offset + i/4), hi(offset + i/4), 0, 0) and its word i mod 4;
//   uniform  u = (word >> 8) · 2⁻²⁴ ∈ [0, 1),  x = low + (high − low) · u
//   bernoulli x = u < p ? 1 : 0
#include "sono_cuda.cuh"

struct SonoPhiloxBlock {
    unsigned int w[4];
};

__device__ __forceinline__ SonoPhiloxBlock sonoPhilox(unsigned int c0, unsigned int c1, unsigned int c2, unsigned int c3,
                                                      unsigned int k0, unsigned int k1) {
    for (int round = 0; round < 10; ++round) {
        unsigned int hi0 = __umulhi(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
        unsigned int hi1 = __umulhi(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
        unsigned int n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c0 = n0;
        c1 = lo1;
        c2 = n2;
        c3 = lo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    return SonoPhiloxBlock{{c0, c1, c2, c3}};
}

// out[4i + w] = word w of the block at counter (c0, c1, c2, c3) + i (128-bit add), key (k0, k1).
// Launch: any grid, block 256 (grid-stride over blocks).
extern "C" __global__ void __launch_bounds__(256)
philox_blocks(long long blocks, unsigned int c0, unsigned int c1, unsigned int c2, unsigned int c3, unsigned int k0,
              unsigned int k1, unsigned int* __restrict__ out) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < blocks; i += (long long)gridDim.x * blockDim.x) {
        unsigned long long low = ((unsigned long long)c1 << 32 | c0) + (unsigned long long)i;
        unsigned long long high = ((unsigned long long)c3 << 32 | c2) + (low < (unsigned long long)i ? 1ull : 0ull);
        SonoPhiloxBlock r = sonoPhilox((unsigned int)low, (unsigned int)(low >> 32), (unsigned int)high,
                                       (unsigned int)(high >> 32), k0, k1);
        for (int w = 0; w < 4; ++w) out[4 * i + w] = r.w[w];
    }
}

// mode 0: out = U[low, high); mode 1: out = 1 with probability `low`, else 0 (bernoulli, p = low).
// Launch: any grid, block 256 (grid-stride over the ceil(n/4) blocks).
extern "C" __global__ void __launch_bounds__(256)
philox_uniform_f32(int mode, long long n, unsigned long long seed, unsigned long long offset, float low, float high,
                   float* __restrict__ out) {
    long long blocks = (n + 3) / 4;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < blocks; i += (long long)gridDim.x * blockDim.x) {
        unsigned long long counter = offset + (unsigned long long)i;
        SonoPhiloxBlock r = sonoPhilox((unsigned int)counter, (unsigned int)(counter >> 32), 0u, 0u, (unsigned int)seed,
                                       (unsigned int)(seed >> 32));
        for (int w = 0; w < 4; ++w) {
            long long e = 4 * i + w;
            if (e >= n) break;
            float u = (float)(r.w[w] >> 8) * 5.9604644775390625e-8f;  // 2^-24
            out[e] = mode == 0 ? low + (high - low) * u : (u < low ? 1.0f : 0.0f);
        }
    }
}
