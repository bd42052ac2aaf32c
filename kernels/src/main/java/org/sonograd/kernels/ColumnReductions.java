package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Folds a block of reduced rows into several adjacent outputs at once, for reductions whose kept
 * innermost axis is contiguous in the input (column sums such as Σ over the batch of [N, C]).
 * Each column j folds rows r ≡ a mod 4 into float accumulator a (rows past the last multiple of 4
 * into accumulator 0), then (a0 ⊕ a1) ⊕ (a2 ⊕ a3), and the result is combined in double into
 * {@code part[j]}. The vector path runs that same order across the lanes, so it gives the same
 * bits as the scalar path. F64 does the same in double.
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
        VectorSpecies<Float> species = VectorSupport.FLOATS;
        int lanes = species.length();
        int j = 0;
        if (vectors) {
            float[] folded = new float[lanes];
            for (; j <= width - lanes; j += lanes) {
                long at = base + j;
                switch (acc) {
                    case SUM -> sumF32(m, at, rowOffsets, rows, folded);
                    case SQUARED_DEVIATION -> squaredDeviationF32(m, at, rowOffsets, rows, FloatVector.fromArray(species, centres, j), folded);
                    case MAX -> maxF32(m, at, rowOffsets, rows, 1f, folded);
                    case MIN -> maxF32(m, at, rowOffsets, rows, -1f, folded);
                }
                for (int l = 0; l < lanes; l++) {
                    part[j + l] = acc.combine(part[j + l], folded[l]);
                }
            }
        }
        for (; j < width; j++) {
            float centre = centres == null ? 0f : centres[j];
            part[j] = acc.combine(part[j], scalarF32(acc, m, base + j, rowOffsets, rows, centre));
        }
    }

    /** The F64 twin of {@link #f32}. */
    static void f64(Accumulate acc, MemorySegment m, long base, long[] rowOffsets, int rows, int width,
            double[] centres, double[] part, boolean vectors) {
        VectorSpecies<Double> species = VectorSupport.DOUBLES;
        int lanes = species.length();
        int j = 0;
        if (vectors) {
            double[] folded = new double[lanes];
            for (; j <= width - lanes; j += lanes) {
                long at = base + j;
                switch (acc) {
                    case SUM -> sumF64(m, at, rowOffsets, rows, folded);
                    case SQUARED_DEVIATION -> squaredDeviationF64(m, at, rowOffsets, rows, DoubleVector.fromArray(species, centres, j), folded);
                    case MAX -> maxF64(m, at, rowOffsets, rows, 1.0, folded);
                    case MIN -> maxF64(m, at, rowOffsets, rows, -1.0, folded);
                }
                for (int l = 0; l < lanes; l++) {
                    part[j + l] = acc.combine(part[j + l], folded[l]);
                }
            }
        }
        for (; j < width; j++) {
            double centre = centres == null ? 0.0 : centres[j];
            part[j] = acc.combine(part[j], scalarF64(acc, m, base + j, rowOffsets, rows, centre));
        }
    }

    private static FloatVector loadF32(MemorySegment m, long at) {
        return FloatVector.fromMemorySegment(VectorSupport.FLOATS, m, at * Float.BYTES, ORDER);
    }

    private static DoubleVector loadF64(MemorySegment m, long at) {
        return DoubleVector.fromMemorySegment(VectorSupport.DOUBLES, m, at * Double.BYTES, ORDER);
    }

    // Σ_r x[r, j]
    private static void sumF32(MemorySegment m, long at, long[] rowOffsets, int rows, float[] folded) {
        FloatVector a0 = FloatVector.zero(VectorSupport.FLOATS), a1 = a0, a2 = a0, a3 = a0;
        int r = 0;
        for (; r <= rows - 4; r += 4) {
            a0 = a0.add(loadF32(m, at + rowOffsets[r]));
            a1 = a1.add(loadF32(m, at + rowOffsets[r + 1]));
            a2 = a2.add(loadF32(m, at + rowOffsets[r + 2]));
            a3 = a3.add(loadF32(m, at + rowOffsets[r + 3]));
        }
        for (; r < rows; r++) {
            a0 = a0.add(loadF32(m, at + rowOffsets[r]));
        }
        a0.add(a1).add(a2.add(a3)).intoArray(folded, 0);
    }

    // Σ_r (x[r, j] − c[j])²
    private static void squaredDeviationF32(MemorySegment m, long at, long[] rowOffsets, int rows, FloatVector c, float[] folded) {
        FloatVector a0 = FloatVector.zero(VectorSupport.FLOATS), a1 = a0, a2 = a0, a3 = a0;
        int r = 0;
        for (; r <= rows - 4; r += 4) {
            FloatVector d0 = loadF32(m, at + rowOffsets[r]).sub(c);
            FloatVector d1 = loadF32(m, at + rowOffsets[r + 1]).sub(c);
            FloatVector d2 = loadF32(m, at + rowOffsets[r + 2]).sub(c);
            FloatVector d3 = loadF32(m, at + rowOffsets[r + 3]).sub(c);
            a0 = d0.fma(d0, a0);
            a1 = d1.fma(d1, a1);
            a2 = d2.fma(d2, a2);
            a3 = d3.fma(d3, a3);
        }
        for (; r < rows; r++) {
            FloatVector d = loadF32(m, at + rowOffsets[r]).sub(c);
            a0 = d.fma(d, a0);
        }
        a0.add(a1).add(a2.add(a3)).intoArray(folded, 0);
    }

    // sign · max_r (sign · x[r, j]), sign = ±1; equals max (sign 1) or min (sign −1) bit for bit
    private static void maxF32(MemorySegment m, long at, long[] rowOffsets, int rows, float sign, float[] folded) {
        FloatVector a0 = FloatVector.broadcast(VectorSupport.FLOATS, Float.NEGATIVE_INFINITY), a1 = a0, a2 = a0, a3 = a0;
        int r = 0;
        for (; r <= rows - 4; r += 4) {
            a0 = a0.max(loadF32(m, at + rowOffsets[r]).mul(sign));
            a1 = a1.max(loadF32(m, at + rowOffsets[r + 1]).mul(sign));
            a2 = a2.max(loadF32(m, at + rowOffsets[r + 2]).mul(sign));
            a3 = a3.max(loadF32(m, at + rowOffsets[r + 3]).mul(sign));
        }
        for (; r < rows; r++) {
            a0 = a0.max(loadF32(m, at + rowOffsets[r]).mul(sign));
        }
        a0.max(a1).max(a2.max(a3)).mul(sign).intoArray(folded, 0);
    }

    private static float scalarF32(Accumulate acc, MemorySegment m, long at, long[] rowOffsets, int rows, float centre) {
        float a0 = (float) acc.identity(), a1 = a0, a2 = a0, a3 = a0;
        int r = 0;
        for (; r <= rows - 4; r += 4) {
            a0 = stepF32(acc, a0, m.getAtIndex(JAVA_FLOAT, at + rowOffsets[r]), centre);
            a1 = stepF32(acc, a1, m.getAtIndex(JAVA_FLOAT, at + rowOffsets[r + 1]), centre);
            a2 = stepF32(acc, a2, m.getAtIndex(JAVA_FLOAT, at + rowOffsets[r + 2]), centre);
            a3 = stepF32(acc, a3, m.getAtIndex(JAVA_FLOAT, at + rowOffsets[r + 3]), centre);
        }
        for (; r < rows; r++) {
            a0 = stepF32(acc, a0, m.getAtIndex(JAVA_FLOAT, at + rowOffsets[r]), centre);
        }
        return combineF32(acc, combineF32(acc, a0, a1), combineF32(acc, a2, a3));
    }

    private static float stepF32(Accumulate acc, float a, float v, float centre) {
        return switch (acc) {
            case SUM -> a + v;
            case SQUARED_DEVIATION -> Math.fma(v - centre, v - centre, a);
            case MAX -> Math.max(a, v);
            case MIN -> Math.min(a, v);
        };
    }

    private static float combineF32(Accumulate acc, float a, float b) {
        return switch (acc) {
            case SUM, SQUARED_DEVIATION -> a + b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }

    // Σ_r x[r, j]
    private static void sumF64(MemorySegment m, long at, long[] rowOffsets, int rows, double[] folded) {
        DoubleVector a0 = DoubleVector.zero(VectorSupport.DOUBLES), a1 = a0, a2 = a0, a3 = a0;
        int r = 0;
        for (; r <= rows - 4; r += 4) {
            a0 = a0.add(loadF64(m, at + rowOffsets[r]));
            a1 = a1.add(loadF64(m, at + rowOffsets[r + 1]));
            a2 = a2.add(loadF64(m, at + rowOffsets[r + 2]));
            a3 = a3.add(loadF64(m, at + rowOffsets[r + 3]));
        }
        for (; r < rows; r++) {
            a0 = a0.add(loadF64(m, at + rowOffsets[r]));
        }
        a0.add(a1).add(a2.add(a3)).intoArray(folded, 0);
    }

    // Σ_r (x[r, j] − c[j])²
    private static void squaredDeviationF64(MemorySegment m, long at, long[] rowOffsets, int rows, DoubleVector c, double[] folded) {
        DoubleVector a0 = DoubleVector.zero(VectorSupport.DOUBLES), a1 = a0, a2 = a0, a3 = a0;
        int r = 0;
        for (; r <= rows - 4; r += 4) {
            DoubleVector d0 = loadF64(m, at + rowOffsets[r]).sub(c);
            DoubleVector d1 = loadF64(m, at + rowOffsets[r + 1]).sub(c);
            DoubleVector d2 = loadF64(m, at + rowOffsets[r + 2]).sub(c);
            DoubleVector d3 = loadF64(m, at + rowOffsets[r + 3]).sub(c);
            a0 = d0.fma(d0, a0);
            a1 = d1.fma(d1, a1);
            a2 = d2.fma(d2, a2);
            a3 = d3.fma(d3, a3);
        }
        for (; r < rows; r++) {
            DoubleVector d = loadF64(m, at + rowOffsets[r]).sub(c);
            a0 = d.fma(d, a0);
        }
        a0.add(a1).add(a2.add(a3)).intoArray(folded, 0);
    }

    // sign · max_r (sign · x[r, j]), sign = ±1
    private static void maxF64(MemorySegment m, long at, long[] rowOffsets, int rows, double sign, double[] folded) {
        DoubleVector a0 = DoubleVector.broadcast(VectorSupport.DOUBLES, Double.NEGATIVE_INFINITY), a1 = a0, a2 = a0, a3 = a0;
        int r = 0;
        for (; r <= rows - 4; r += 4) {
            a0 = a0.max(loadF64(m, at + rowOffsets[r]).mul(sign));
            a1 = a1.max(loadF64(m, at + rowOffsets[r + 1]).mul(sign));
            a2 = a2.max(loadF64(m, at + rowOffsets[r + 2]).mul(sign));
            a3 = a3.max(loadF64(m, at + rowOffsets[r + 3]).mul(sign));
        }
        for (; r < rows; r++) {
            a0 = a0.max(loadF64(m, at + rowOffsets[r]).mul(sign));
        }
        a0.max(a1).max(a2.max(a3)).mul(sign).intoArray(folded, 0);
    }

    private static double scalarF64(Accumulate acc, MemorySegment m, long at, long[] rowOffsets, int rows, double centre) {
        double a0 = acc.identity(), a1 = a0, a2 = a0, a3 = a0;
        int r = 0;
        for (; r <= rows - 4; r += 4) {
            a0 = stepF64(acc, a0, m.getAtIndex(JAVA_DOUBLE, at + rowOffsets[r]), centre);
            a1 = stepF64(acc, a1, m.getAtIndex(JAVA_DOUBLE, at + rowOffsets[r + 1]), centre);
            a2 = stepF64(acc, a2, m.getAtIndex(JAVA_DOUBLE, at + rowOffsets[r + 2]), centre);
            a3 = stepF64(acc, a3, m.getAtIndex(JAVA_DOUBLE, at + rowOffsets[r + 3]), centre);
        }
        for (; r < rows; r++) {
            a0 = stepF64(acc, a0, m.getAtIndex(JAVA_DOUBLE, at + rowOffsets[r]), centre);
        }
        return acc.combine(acc.combine(a0, a1), acc.combine(a2, a3));
    }

    private static double stepF64(Accumulate acc, double a, double v, double centre) {
        return switch (acc) {
            case SUM -> a + v;
            case SQUARED_DEVIATION -> Math.fma(v - centre, v - centre, a);
            case MAX -> Math.max(a, v);
            case MIN -> Math.min(a, v);
        };
    }
}
