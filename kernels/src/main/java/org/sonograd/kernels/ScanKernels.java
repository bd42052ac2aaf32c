package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Cumulative sums along the rows of a contiguous [rows, cols] F32/F64 buffer, each row summed in
 * order (sequential within a row, rows in parallel), so the bits do not depend on the thread count.
 */
public final class ScanKernels {
    private static final int ROWS_PER_TASK = 64;

    private ScanKernels() {}

    /** out[r, j] = Σ_{i ≤ j} x[r, i], or Σ_{i ≥ j} x[r, i] when {@code reverse}. */
    public static void cumsum(DType dtype, long rows, long cols, boolean reverse, MemorySegment x, MemorySegment out) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("cumsum: dtype must be F32 or F64, got " + dtype);
        }
        Parallel.forEach(Parallel.chunks(rows, ROWS_PER_TASK), task -> {
            long end = Math.min(rows, (task + 1L) * ROWS_PER_TASK);
            for (long r = (long) task * ROWS_PER_TASK; r < end; r++) {
                double acc = 0;
                for (long c = 0; c < cols; c++) {
                    long i = r * cols + (reverse ? cols - 1 - c : c);
                    acc += Elements.readDouble(x, dtype, i);
                    if (dtype == DType.F32) {
                        acc = (float) acc; // an F32 running sum, as PyTorch accumulates
                    }
                    Elements.writeDouble(out, dtype, i, acc);
                }
            }
        });
    }
}
