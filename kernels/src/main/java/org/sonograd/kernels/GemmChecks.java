package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/** Argument checks shared by every GEMM version; messages name the op, the shapes and the rule. */
final class GemmChecks {
    private GemmChecks() {}

    static void check(String op, boolean transA, boolean transB, int m, int n, int k,
                      MemorySegment a, long aOffset, long lda, MemorySegment b, long bOffset, long ldb,
                      MemorySegment c, long cOffset, long ldc, int elementBytes) {
        String shapes = " (m=" + m + ", n=" + n + ", k=" + k + ", transA=" + transA + ", transB=" + transB + ")";
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": sizes must not be negative" + shapes);
        }
        matrix(op, "A", a, aOffset, lda, transA ? k : m, transA ? m : k, elementBytes, shapes);
        matrix(op, "B", b, bOffset, ldb, transB ? n : k, transB ? k : n, elementBytes, shapes);
        matrix(op, "C", c, cOffset, ldc, m, n, elementBytes, shapes);
    }

    private static void matrix(String op, String name, MemorySegment seg, long offset, long ld, long rows, long cols,
                               int elementBytes, String shapes) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(op + ": ld" + name.toLowerCase() + "=" + ld + " is smaller than the "
                    + cols + " columns of " + name + " as stored" + shapes);
        }
        if (offset < 0) {
            throw new IllegalArgumentException(op + ": negative offset " + offset + " for " + name + shapes);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long lastElement = offset + (rows - 1) * ld + cols - 1;
        if ((lastElement + 1) * elementBytes > seg.byteSize()) {
            throw new IllegalArgumentException(op + ": " + name + " (" + rows + "x" + cols + ", ld " + ld + ", offset "
                    + offset + ") needs " + (lastElement + 1) + " elements but its buffer holds "
                    + seg.byteSize() / elementBytes + shapes);
        }
    }
}
