package org.sonograd.kernels.cuda.launch;

/**
 * philox.cu: Philox-4×32-10 raw blocks, and uniform/bernoulli draws with the stream mapping shared
 * with the CPU's PhiloxKernels (docs/cuda.md). Grid-stride over 4-word blocks, block 256.
 */
public final class CudaPhilox {
    static final String FAMILY = "philox";
    static final int THREADS = 256;

    private final KernelLauncher launcher;

    public CudaPhilox(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** out[4i + w] = word w of the block at counter (c0, c1, c2, c3) + i under key (k0, k1), for i < blocks. */
    public void blocks(long blocks, int c0, int c1, int c2, int c3, int k0, int k1, DeviceBuffer out) {
        if (blocks == 0) {
            return;
        }
        launcher.launch(FAMILY, "philox_blocks", Dim3.of(CudaElementwise.grid(blocks)), Dim3.of(THREADS), 0,
                KernelArgs.create().i64(blocks).i32(c0).i32(c1).i32(c2).i32(c3).i32(k0).i32(k1).ptr(out));
    }

    /** n draws from U[low, high) of stream (seed, offset). */
    public void uniform(long n, long seed, long offset, float low, float high, DeviceBuffer out) {
        draw(0, n, seed, offset, low, high, out);
    }

    /** n draws of 1 with probability p, else 0, from stream (seed, offset). */
    public void bernoulli(long n, long seed, long offset, float p, DeviceBuffer out) {
        draw(1, n, seed, offset, p, 0f, out);
    }

    private void draw(int mode, long n, long seed, long offset, float low, float high, DeviceBuffer out) {
        if (n == 0) {
            return;
        }
        launcher.launch(FAMILY, "philox_uniform_f32", Dim3.of(CudaElementwise.grid((n + 3) / 4)), Dim3.of(THREADS), 0,
                KernelArgs.create().i32(mode).i64(n).i64(seed).i64(offset).f32(low).f32(high).ptr(out));
    }
}
