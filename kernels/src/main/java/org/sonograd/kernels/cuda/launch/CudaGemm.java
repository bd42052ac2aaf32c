package org.sonograd.kernels.cuda.launch;

/**
 * gemm.cu: C_z = α·op(A_z)·op(B_z) + β·C_z for z < batch (row-major, leading dimensions and batch
 * strides in elements) with {@code sgemm_tiled}: 64×64 output tiles, one per block of 256 threads.
 */
public final class CudaGemm {
    static final String FAMILY = "gemm";
    static final int TILE_M = 64;
    static final int TILE_N = 64;
    static final int THREADS = 256;

    private final KernelLauncher launcher;

    public CudaGemm(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** One m×n product with contiguous operands (lda = op(A)'s stored row length, and so on). */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, DeviceBuffer a, DeviceBuffer b,
                      float beta, DeviceBuffer c) {
        sgemmBatched(transA, transB, m, n, k, alpha, a, transA ? m : k, 0, b, transB ? k : n, 0, beta, c, n, 0, 1);
    }

    /** {@code batch} products; grid (⌈n/64⌉, ⌈m/64⌉, batch), block 256. */
    public void sgemmBatched(boolean transA, boolean transB, int m, int n, int k, float alpha, DeviceBuffer a, long lda,
                             long strideA, DeviceBuffer b, long ldb, long strideB, float beta, DeviceBuffer c, long ldc,
                             long strideC, int batch) {
        if (m == 0 || n == 0 || batch == 0) {
            return;
        }
        launcher.launch(FAMILY, "sgemm_tiled", new Dim3(Dim3.blocks(n, TILE_N), Dim3.blocks(m, TILE_M), batch),
                Dim3.of(THREADS), 0, KernelArgs.create().flag(transA).flag(transB).i32(m).i32(n).i32(k).f32(alpha)
                        .ptr(a).i64(lda).i64(strideA).ptr(b).i64(ldb).i64(strideB).f32(beta).ptr(c).i64(ldc).i64(strideC));
    }
}
