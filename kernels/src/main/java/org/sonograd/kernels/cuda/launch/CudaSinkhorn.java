package org.sonograd.kernels.cuda.launch;

/**
 * sinkhorn.cu: log-domain Sinkhorn–Knopp equipartition of B×K scores (SwAV), formulas in sinkhorn.cu.
 * Each iteration launches the row step ({@code sinkhorn_update_u}: grid ⌈K/32⌉, block (32, 8)) and
 * the column step ({@code sinkhorn_update_v}: grid B, block 256); {@code sinkhorn_assign} then writes
 * P = B·exp(S/ε + u + v) grid-stride.
 */
public final class CudaSinkhorn {
    static final String FAMILY = "sinkhorn";
    static final int THREADS = 256;

    private final KernelLauncher launcher;

    public CudaSinkhorn(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** assignments (B×K, rows summing to 1) from scores (B×K) after {@code iterations} row and column steps. */
    public void assign(int b, int k, DeviceBuffer scores, float invEps, int iterations, DeviceBuffer assignments) {
        if (b == 0 || k == 0) {
            return;
        }
        DeviceBuffer u = launcher.allocate(4L * k);
        DeviceBuffer v = launcher.allocate(4L * b);
        try {
            launcher.zero(v);
            for (int it = 0; it < iterations; it++) {
                launcher.launch(FAMILY, "sinkhorn_update_u", Dim3.of(Dim3.blocks(k, 32)), Dim3.of(32, 8), 0,
                        KernelArgs.create().i32(b).i32(k).ptr(scores).f32(invEps).ptr(v).ptr(u));
                launcher.launch(FAMILY, "sinkhorn_update_v", Dim3.of(b), Dim3.of(THREADS), 0,
                        KernelArgs.create().i32(b).i32(k).ptr(scores).f32(invEps).ptr(u).ptr(v));
            }
            if (iterations == 0) {
                launcher.zero(u);
            }
            launcher.launch(FAMILY, "sinkhorn_assign", Dim3.of(CudaElementwise.grid((long) b * k)), Dim3.of(THREADS), 0,
                    KernelArgs.create().i32(b).i32(k).ptr(scores).f32(invEps).ptr(u).ptr(v).ptr(assignments));
        } finally {
            launcher.release(u);
            launcher.release(v);
        }
    }
}
