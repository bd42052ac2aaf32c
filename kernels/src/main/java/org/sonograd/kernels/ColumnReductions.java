package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * Folds a block of reduced rows into a group of adjacent outputs, for reductions whose kept
 * innermost axis is contiguous in the input (column sums such as Σ over the batch of [N, C]).
 * Each row's stretch of the group is streamed once into an accumulator array that stays in L1:
 * column j folds its rows in order into one float a[j], and the result is combined in double into
 * {@code part[j]}. The vector path only processes whole vectors of columns at a time and leaves
 * the rest to scalar code doing the same arithmetic, so the bits do not depend on the vector width
 * or on whether the Vector API is on. MIN is folded as −max(−x), which equals {@link Math#min} bit
 * for bit. F64 does the same in double.
 */
final class ColumnReductions {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private ColumnReductions() {}

    /**
     * part[j] = part[j] ⊕ fold over r in [0, rows) of x[base + rowOffsets[r] + j], j in [0, width), F32.
     * {@code centres[j]} is used by SQUARED_DEVIATION and may be null otherwise.
     */
    static void f32(Accumulate acc, MemorySegment m, long base, long[] rowOffsets, int rows, int width,
            float[] centres, double[] part, boolean vectors) {
        boolean extreme = acc == Accumulate.MAX || acc == Accumulate.MIN;
        float sign = acc == Accumulate.MIN ? -1 : 1;
        float[] a = new float[width];
        Arrays.fill(a, extreme ? Float.NEGATIVE_INFINITY : 0);
        int vectorColumns = vectors ? width - width % VectorSupport.FLOATS.length() : 0;
        for (int r = 0; r < rows; r++) {
            long row = base + rowOffsets[r];
            switch (acc) {
                case SUM -> sumRowF32(m, row, a, vectorColumns);
                case SQUARED_DEVIATION -> squaredDeviationRowF32(m, row, a, centres, vectorColumns);
                case MAX, MIN -> maxRowF32(m, row, a, sign, vectorColumns);
            }
        }
        for (int j = 0; j < width; j++) {
            part[j] = acc.combine(part[j], sign * a[j]);
        }
    }

    // a[j] += x[j]
    private static void sumRowF32(MemorySegment m, long row, float[] a, int vectorColumns) {
        int lanes = VectorSupport.FLOATS.length();
        int j = 0;
        for (; j < vectorColumns; j += lanes) {
            FloatVector.fromArray(VectorSupport.FLOATS, a, j).add(FloatVector.fromMemorySegment(VectorSupport.FLOATS, m, (row + j) * Float.BYTES, ORDER)).intoArray(a, j);
        }
        for (; j < a.length; j++) {
            a[j] += m.getAtIndex(JAVA_FLOAT, row + j);
        }
    }

    // a[j] += (x[j] − c[j])², fused
    private static void squaredDeviationRowF32(MemorySegment m, long row, float[] a, float[] centres, int vectorColumns) {
        int lanes = VectorSupport.FLOATS.length();
        int j = 0;
        for (; j < vectorColumns; j += lanes) {
            FloatVector d = FloatVector.fromMemorySegment(VectorSupport.FLOATS, m, (row + j) * Float.BYTES, ORDER).sub(FloatVector.fromArray(VectorSupport.FLOATS, centres, j));
            d.fma(d, FloatVector.fromArray(VectorSupport.FLOATS, a, j)).intoArray(a, j);
        }
        for (; j < a.length; j++) {
            float d = m.getAtIndex(JAVA_FLOAT, row + j) - centres[j];
            a[j] = Math.fma(d, d, a[j]);
        }
    }

    // a[j] = max(a[j], sign · x[j])
    private static void maxRowF32(MemorySegment m, long row, float[] a, float sign, int vectorColumns) {
        int lanes = VectorSupport.FLOATS.length();
        int j = 0;
        for (; j < vectorColumns; j += lanes) {
            FloatVector.fromArray(VectorSupport.FLOATS, a, j).max(FloatVector.fromMemorySegment(VectorSupport.FLOATS, m, (row + j) * Float.BYTES, ORDER).mul(sign)).intoArray(a, j);
        }
        for (; j < a.length; j++) {
            a[j] = Math.max(a[j], sign * m.getAtIndex(JAVA_FLOAT, row + j));
        }
    }

    /**
     * part[j] = part[j] ⊕ fold over r in [0, rows) of x[base + rowOffsets[r] + j], j in [0, width), F64.
     * {@code centres[j]} is used by SQUARED_DEVIATION and may be null otherwise.
     */
    static void f64(Accumulate acc, MemorySegment m, long base, long[] rowOffsets, int rows, int width,
            double[] centres, double[] part, boolean vectors) {
        boolean extreme = acc == Accumulate.MAX || acc == Accumulate.MIN;
        double sign = acc == Accumulate.MIN ? -1 : 1;
        double[] a = new double[width];
        Arrays.fill(a, extreme ? Double.NEGATIVE_INFINITY : 0);
        int vectorColumns = vectors ? width - width % VectorSupport.DOUBLES.length() : 0;
        for (int r = 0; r < rows; r++) {
            long row = base + rowOffsets[r];
            switch (acc) {
                case SUM -> sumRowF64(m, row, a, vectorColumns);
                case SQUARED_DEVIATION -> squaredDeviationRowF64(m, row, a, centres, vectorColumns);
                case MAX, MIN -> maxRowF64(m, row, a, sign, vectorColumns);
            }
        }
        for (int j = 0; j < width; j++) {
            part[j] = acc.combine(part[j], sign * a[j]);
        }
    }

    // a[j] += x[j]
    private static void sumRowF64(MemorySegment m, long row, double[] a, int vectorColumns) {
        int lanes = VectorSupport.DOUBLES.length();
        int j = 0;
        for (; j < vectorColumns; j += lanes) {
            DoubleVector.fromArray(VectorSupport.DOUBLES, a, j).add(DoubleVector.fromMemorySegment(VectorSupport.DOUBLES, m, (row + j) * Double.BYTES, ORDER)).intoArray(a, j);
        }
        for (; j < a.length; j++) {
            a[j] += m.getAtIndex(JAVA_DOUBLE, row + j);
        }
    }

    // a[j] += (x[j] − c[j])², fused
    private static void squaredDeviationRowF64(MemorySegment m, long row, double[] a, double[] centres, int vectorColumns) {
        int lanes = VectorSupport.DOUBLES.length();
        int j = 0;
        for (; j < vectorColumns; j += lanes) {
            DoubleVector d = DoubleVector.fromMemorySegment(VectorSupport.DOUBLES, m, (row + j) * Double.BYTES, ORDER).sub(DoubleVector.fromArray(VectorSupport.DOUBLES, centres, j));
            d.fma(d, DoubleVector.fromArray(VectorSupport.DOUBLES, a, j)).intoArray(a, j);
        }
        for (; j < a.length; j++) {
            double d = m.getAtIndex(JAVA_DOUBLE, row + j) - centres[j];
            a[j] = Math.fma(d, d, a[j]);
        }
    }

    // a[j] = max(a[j], sign · x[j])
    private static void maxRowF64(MemorySegment m, long row, double[] a, double sign, int vectorColumns) {
        int lanes = VectorSupport.DOUBLES.length();
        int j = 0;
        for (; j < vectorColumns; j += lanes) {
            DoubleVector.fromArray(VectorSupport.DOUBLES, a, j).max(DoubleVector.fromMemorySegment(VectorSupport.DOUBLES, m, (row + j) * Double.BYTES, ORDER).mul(sign)).intoArray(a, j);
        }
        for (; j < a.length; j++) {
            a[j] = Math.max(a[j], sign * m.getAtIndex(JAVA_DOUBLE, row + j));
        }
    }
}
