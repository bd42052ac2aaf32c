package org.sonograd.kernels.cuda.launch;

/**
 * reduction.cu over a row-major rows×cols matrix: per row ({@code reduce_rows}, one block per row),
 * per column ({@code reduce_cols}, one thread per column walking the rows in order) and the full sum
 * ({@code sum_partials} over fixed 4096-element chunks, then {@code reduce_rows} over the partials).
 * Every result is deterministic: the combination order depends only on the sizes.
 */
public final class CudaReductions {
    static final String FAMILY = "reduction";
    static final int THREADS = 256;
    static final int CHUNK = 4096;

    /** The op codes of reduction.cu. */
    public enum Op { SUM, MEAN, MAX, MIN }

    private final KernelLauncher launcher;

    public CudaReductions(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** out[r] = op_c x[r, c]; grid rows, block 256. */
    public void rows(Op op, long rows, long cols, DeviceBuffer x, DeviceBuffer out) {
        if (rows == 0) {
            return;
        }
        launcher.launch(FAMILY, "reduce_rows", Dim3.of(Dim3.blocks(rows, 1)), Dim3.of(THREADS), 0,
                KernelArgs.create().i32(op.ordinal()).i64(rows).i64(cols).ptr(x).ptr(out));
    }

    /** out[c] = op_r x[r, c]; grid ⌈cols/256⌉, block 256. */
    public void cols(Op op, long rows, long cols, DeviceBuffer x, DeviceBuffer out) {
        if (cols == 0) {
            return;
        }
        launcher.launch(FAMILY, "reduce_cols", Dim3.of(Dim3.blocks(cols, THREADS)), Dim3.of(THREADS), 0,
                KernelArgs.create().i32(op.ordinal()).i64(rows).i64(cols).ptr(x).ptr(out));
    }

    /** out[0] = Σ x[0..n): chunk sums into a temporary buffer, then their sum in chunk order. */
    public void sum(long n, DeviceBuffer x, DeviceBuffer out) {
        if (n == 0) {
            rows(Op.SUM, 1, 0, x, out);  // the empty sum, 0
            return;
        }
        long parts = (n + CHUNK - 1) / CHUNK;
        DeviceBuffer partial = launcher.allocate(4 * parts);
        try {
            launcher.launch(FAMILY, "sum_partials", Dim3.of(Dim3.blocks(parts, 1)), Dim3.of(THREADS), 0,
                    KernelArgs.create().i64(n).ptr(x).ptr(partial));
            rows(Op.SUM, 1, parts, partial, out);
        } finally {
            launcher.release(partial);
        }
    }
}
