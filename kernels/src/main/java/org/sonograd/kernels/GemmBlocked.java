package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM version 1, cache-blocked: C is cut into fixed tiles of {@value #ROW_BLOCK} rows by
 * {@value #COL_BLOCK} columns, one task each; inside a tile the k loop is blocked by
 * {@value #DEPTH_BLOCK} so the rows of B it touches stay in cache, and each step is the vectorised
 * row update C[i, j0:j1] += (alpha · op(A)[i,p]) · B[p, j0:j1] (an axpy along a row of C).
 * A transposed B is first copied into a row-major temporary so that its rows are contiguous.
 * Also the double-precision GEMM of the engine.
 */
final class GemmBlocked {
    static final int ROW_BLOCK = 32;
    static final int COL_BLOCK = 512;
    static final int DEPTH_BLOCK = 256;

    private static final VectorSpecies<Float> FLOATS = VectorSupport.FLOATS;
    private static final VectorSpecies<Double> DOUBLES = VectorSupport.DOUBLES;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private GemmBlocked() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      MemorySegment a, long aOffset, long lda, MemorySegment b, long bOffset, long ldb,
                      float beta, MemorySegment c, long cOffset, long ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        MemorySegment rowMajorB = transB && k > 0 ? CachingAllocator.global().allocate((long) k * n * 4) : null;
        try {
            MemorySegment bRows = b;
            long bRowsOffset = bOffset;
            long bRowsLd = ldb;
            if (rowMajorB != null) {
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < n; j++) {
                        rowMajorB.setAtIndex(JAVA_FLOAT, (long) p * n + j, b.getAtIndex(JAVA_FLOAT, bOffset + j * ldb + p));
                    }
                }
                bRows = rowMajorB;
                bRowsOffset = 0;
                bRowsLd = n;
            }
            MemorySegment bb = bRows;
            long bo = bRowsOffset;
            long bld = bRowsLd;
            int colTiles = Parallel.chunks(n, COL_BLOCK);
            Parallel.forEach(Parallel.chunks(m, ROW_BLOCK) * colTiles, t -> {
                int i0 = t / colTiles * ROW_BLOCK;
                int j0 = t % colTiles * COL_BLOCK;
                sgemmTile(transA, i0, Math.min(m, i0 + ROW_BLOCK), j0, Math.min(n, j0 + COL_BLOCK), k, alpha,
                        a, aOffset, lda, bb, bo, bld, beta, c, cOffset, ldc);
            });
        } finally {
            if (rowMajorB != null) {
                CachingAllocator.global().release(rowMajorB);
            }
        }
    }

    private static void sgemmTile(boolean transA, int i0, int i1, int j0, int j1, int k, float alpha,
                                  MemorySegment a, long aOffset, long lda, MemorySegment b, long bOffset, long ldb,
                                  float beta, MemorySegment c, long cOffset, long ldc) {
        int width = j1 - j0;
        for (int i = i0; i < i1; i++) {
            long row = cOffset + i * ldc + j0;
            for (int j = 0; j < width; j++) {
                c.setAtIndex(JAVA_FLOAT, row + j, beta == 0 ? 0f : beta * c.getAtIndex(JAVA_FLOAT, row + j));
            }
        }
        for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
            int p1 = Math.min(k, p0 + DEPTH_BLOCK);
            for (int i = i0; i < i1; i++) {
                long cRow = cOffset + i * ldc + j0;
                for (int p = p0; p < p1; p++) {
                    float av = alpha * a.getAtIndex(JAVA_FLOAT, aOffset + (transA ? p * lda + i : i * lda + p));
                    saxpyRow(av, b, bOffset + p * ldb + j0, c, cRow, width);
                }
            }
        }
    }

    // c[cAt + j] += alpha · b[bAt + j] for j < length
    private static void saxpyRow(float alpha, MemorySegment b, long bAt, MemorySegment c, long cAt, int length) {
        int j = 0;
        if (VectorSupport.enabled()) {
            FloatVector av = FloatVector.broadcast(FLOATS, alpha);
            for (int upper = FLOATS.loopBound(length); j < upper; j += FLOATS.length()) {
                long cByte = (cAt + j) * 4;
                FloatVector bv = FloatVector.fromMemorySegment(FLOATS, b, (bAt + j) * 4, ORDER);
                av.fma(bv, FloatVector.fromMemorySegment(FLOATS, c, cByte, ORDER)).intoMemorySegment(c, cByte, ORDER);
            }
        }
        for (; j < length; j++) {
            c.setAtIndex(JAVA_FLOAT, cAt + j, Math.fma(alpha, b.getAtIndex(JAVA_FLOAT, bAt + j), c.getAtIndex(JAVA_FLOAT, cAt + j)));
        }
    }

    static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                      MemorySegment a, long aOffset, long lda, MemorySegment b, long bOffset, long ldb,
                      double beta, MemorySegment c, long cOffset, long ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        MemorySegment rowMajorB = transB && k > 0 ? CachingAllocator.global().allocate((long) k * n * 8) : null;
        try {
            MemorySegment bRows = b;
            long bRowsOffset = bOffset;
            long bRowsLd = ldb;
            if (rowMajorB != null) {
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < n; j++) {
                        rowMajorB.setAtIndex(JAVA_DOUBLE, (long) p * n + j, b.getAtIndex(JAVA_DOUBLE, bOffset + j * ldb + p));
                    }
                }
                bRows = rowMajorB;
                bRowsOffset = 0;
                bRowsLd = n;
            }
            MemorySegment bb = bRows;
            long bo = bRowsOffset;
            long bld = bRowsLd;
            int colTiles = Parallel.chunks(n, COL_BLOCK);
            Parallel.forEach(Parallel.chunks(m, ROW_BLOCK) * colTiles, t -> {
                int i0 = t / colTiles * ROW_BLOCK;
                int j0 = t % colTiles * COL_BLOCK;
                dgemmTile(transA, i0, Math.min(m, i0 + ROW_BLOCK), j0, Math.min(n, j0 + COL_BLOCK), k, alpha,
                        a, aOffset, lda, bb, bo, bld, beta, c, cOffset, ldc);
            });
        } finally {
            if (rowMajorB != null) {
                CachingAllocator.global().release(rowMajorB);
            }
        }
    }

    private static void dgemmTile(boolean transA, int i0, int i1, int j0, int j1, int k, double alpha,
                                  MemorySegment a, long aOffset, long lda, MemorySegment b, long bOffset, long ldb,
                                  double beta, MemorySegment c, long cOffset, long ldc) {
        int width = j1 - j0;
        for (int i = i0; i < i1; i++) {
            long row = cOffset + i * ldc + j0;
            for (int j = 0; j < width; j++) {
                c.setAtIndex(JAVA_DOUBLE, row + j, beta == 0 ? 0d : beta * c.getAtIndex(JAVA_DOUBLE, row + j));
            }
        }
        for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
            int p1 = Math.min(k, p0 + DEPTH_BLOCK);
            for (int i = i0; i < i1; i++) {
                long cRow = cOffset + i * ldc + j0;
                for (int p = p0; p < p1; p++) {
                    double av = alpha * a.getAtIndex(JAVA_DOUBLE, aOffset + (transA ? p * lda + i : i * lda + p));
                    daxpyRow(av, b, bOffset + p * ldb + j0, c, cRow, width);
                }
            }
        }
    }

    // c[cAt + j] += alpha · b[bAt + j] for j < length
    private static void daxpyRow(double alpha, MemorySegment b, long bAt, MemorySegment c, long cAt, int length) {
        int j = 0;
        if (VectorSupport.enabled()) {
            DoubleVector av = DoubleVector.broadcast(DOUBLES, alpha);
            for (int upper = DOUBLES.loopBound(length); j < upper; j += DOUBLES.length()) {
                long cByte = (cAt + j) * 8;
                DoubleVector bv = DoubleVector.fromMemorySegment(DOUBLES, b, (bAt + j) * 8, ORDER);
                av.fma(bv, DoubleVector.fromMemorySegment(DOUBLES, c, cByte, ORDER)).intoMemorySegment(c, cByte, ORDER);
            }
        }
        for (; j < length; j++) {
            c.setAtIndex(JAVA_DOUBLE, cAt + j, Math.fma(alpha, b.getAtIndex(JAVA_DOUBLE, bAt + j), c.getAtIndex(JAVA_DOUBLE, cAt + j)));
        }
    }
}
