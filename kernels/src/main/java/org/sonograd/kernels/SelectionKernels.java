package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Top-k along the rows of a contiguous [rows, cols] F32/F64 buffer: the k largest (or smallest)
 * values of each row in order, with their column indices (I64); ties go to the lower index, NaN
 * counts as the largest value. Rows run in parallel; each row is a partial insertion sort.
 */
public final class SelectionKernels {
    private SelectionKernels() {}

    /** values [rows, k] and indices [rows, k] of the k best entries of each row. */
    public static void topK(DType dtype, long rows, int cols, int k, boolean largest, MemorySegment x,
                            MemorySegment values, MemorySegment indices) {
        if (!dtype.isFloatingPoint() || k < 0 || k > cols) {
            throw new IllegalArgumentException("topK: need F32/F64 and 0 <= k <= " + cols + "; got " + dtype + ", k=" + k);
        }
        Parallel.forEach(Parallel.chunks(rows, 64), task -> {
            double[] best = new double[k];
            int[] where = new int[k];
            long end = Math.min(rows, (task + 1L) * 64);
            for (long r = task * 64L; r < end; r++) {
                int filled = 0;
                for (int c = 0; c < cols; c++) {
                    double v = Elements.readDouble(x, dtype, r * cols + c);
                    int pos = filled;
                    while (pos > 0 && better(v, best[pos - 1], largest)) {
                        pos--;
                    }
                    if (pos >= k) {
                        continue;
                    }
                    int last = Math.min(filled, k - 1);
                    System.arraycopy(best, pos, best, pos + 1, last - pos);
                    System.arraycopy(where, pos, where, pos + 1, last - pos);
                    best[pos] = v;
                    where[pos] = c;
                    filled = Math.min(filled + 1, k);
                }
                for (int j = 0; j < k; j++) {
                    Elements.writeDouble(values, dtype, r * k + j, best[j]);
                    indices.setAtIndex(Elements.I64, r * k + j, where[j]);
                }
            }
        });
    }

    /** a strictly before b: larger (or smaller), NaN first; equal values keep the earlier index first. */
    private static boolean better(double a, double b, boolean largest) {
        if (Double.isNaN(a)) {
            return !Double.isNaN(b);
        }
        if (Double.isNaN(b)) {
            return false;
        }
        return largest ? a > b : a < b;
    }
}
