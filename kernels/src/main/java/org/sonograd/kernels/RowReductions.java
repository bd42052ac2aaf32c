package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Folds one segment of a reduced row (at most {@link ReductionKernels#BLOCK} elements) into a
 * double. F32 segments accumulate in float: on the vector path in four vector accumulators (lane l
 * of accumulator a takes elements i ≡ a·L + l mod 4L, L = lanes), whose lanes are then added in
 * double in lane order; on the scalar path in one float. F64 segments do the same in double.
 * MIN is computed as −max(−x), which equals {@link Math#min} bit for bit (NaN and ±0 included).
 */
final class RowReductions {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private RowReductions() {}

    /** Folds x[off + i·stride], i in [0, len), of an F32 buffer; {@code centre} is used by SQUARED_DEVIATION. */
    static double f32(Accumulate acc, MemorySegment m, long off, int len, long stride, float centre, boolean vectors) {
        boolean vector = vectors && stride == 1 && len >= VectorSupport.FLOATS.length();
        return switch (acc) {
            case SUM -> vector ? sumF32(m, off, len) : scalarF32(acc, m, off, len, stride, centre);
            case SQUARED_DEVIATION -> vector ? squaredDeviationF32(m, off, len, centre) : scalarF32(acc, m, off, len, stride, centre);
            case MAX -> vector ? maxF32(m, off, len, 1f) : scalarF32(acc, m, off, len, stride, centre);
            case MIN -> vector ? -maxF32(m, off, len, -1f) : scalarF32(acc, m, off, len, stride, centre);
        };
    }

    /** Folds x[off + i·stride], i in [0, len), of an F64 buffer. */
    static double f64(Accumulate acc, MemorySegment m, long off, int len, long stride, double centre, boolean vectors) {
        boolean vector = vectors && stride == 1 && len >= VectorSupport.DOUBLES.length();
        return switch (acc) {
            case SUM -> vector ? sumF64(m, off, len) : scalarF64(acc, m, off, len, stride, centre);
            case SQUARED_DEVIATION -> vector ? squaredDeviationF64(m, off, len, centre) : scalarF64(acc, m, off, len, stride, centre);
            case MAX -> vector ? maxF64(m, off, len, 1.0) : scalarF64(acc, m, off, len, stride, centre);
            case MIN -> vector ? -maxF64(m, off, len, -1.0) : scalarF64(acc, m, off, len, stride, centre);
        };
    }

    // Σ x
    private static double sumF32(MemorySegment m, long off, int len) {
        VectorSpecies<Float> species = VectorSupport.FLOATS;
        int lanes = species.length();
        long base = off * Float.BYTES;
        FloatVector a0 = FloatVector.zero(species), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= len - 4 * lanes; i += 4 * lanes) {
            a0 = a0.add(FloatVector.fromMemorySegment(species, m, base + (long) i * Float.BYTES, ORDER));
            a1 = a1.add(FloatVector.fromMemorySegment(species, m, base + (long) (i + lanes) * Float.BYTES, ORDER));
            a2 = a2.add(FloatVector.fromMemorySegment(species, m, base + (long) (i + 2 * lanes) * Float.BYTES, ORDER));
            a3 = a3.add(FloatVector.fromMemorySegment(species, m, base + (long) (i + 3 * lanes) * Float.BYTES, ORDER));
        }
        for (; i <= len - lanes; i += lanes) {
            a0 = a0.add(FloatVector.fromMemorySegment(species, m, base + (long) i * Float.BYTES, ORDER));
        }
        double total = sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; i < len; i++) {
            total += m.getAtIndex(JAVA_FLOAT, off + i);
        }
        return total;
    }

    // Σ (x − c)²
    private static double squaredDeviationF32(MemorySegment m, long off, int len, float centre) {
        VectorSpecies<Float> species = VectorSupport.FLOATS;
        int lanes = species.length();
        long base = off * Float.BYTES;
        FloatVector c = FloatVector.broadcast(species, centre);
        FloatVector a0 = FloatVector.zero(species), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= len - 4 * lanes; i += 4 * lanes) {
            FloatVector d0 = FloatVector.fromMemorySegment(species, m, base + (long) i * Float.BYTES, ORDER).sub(c);
            FloatVector d1 = FloatVector.fromMemorySegment(species, m, base + (long) (i + lanes) * Float.BYTES, ORDER).sub(c);
            FloatVector d2 = FloatVector.fromMemorySegment(species, m, base + (long) (i + 2 * lanes) * Float.BYTES, ORDER).sub(c);
            FloatVector d3 = FloatVector.fromMemorySegment(species, m, base + (long) (i + 3 * lanes) * Float.BYTES, ORDER).sub(c);
            a0 = d0.fma(d0, a0);
            a1 = d1.fma(d1, a1);
            a2 = d2.fma(d2, a2);
            a3 = d3.fma(d3, a3);
        }
        for (; i <= len - lanes; i += lanes) {
            FloatVector d = FloatVector.fromMemorySegment(species, m, base + (long) i * Float.BYTES, ORDER).sub(c);
            a0 = d.fma(d, a0);
        }
        double total = sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; i < len; i++) {
            float d = m.getAtIndex(JAVA_FLOAT, off + i) - centre;
            total += d * d;
        }
        return total;
    }

    // sign · max(sign · x), sign = ±1
    private static double maxF32(MemorySegment m, long off, int len, float sign) {
        VectorSpecies<Float> species = VectorSupport.FLOATS;
        int lanes = species.length();
        long base = off * Float.BYTES;
        FloatVector a0 = FloatVector.broadcast(species, Float.NEGATIVE_INFINITY), a1 = a0;
        int i = 0;
        for (; i <= len - 2 * lanes; i += 2 * lanes) {
            a0 = a0.max(FloatVector.fromMemorySegment(species, m, base + (long) i * Float.BYTES, ORDER).mul(sign));
            a1 = a1.max(FloatVector.fromMemorySegment(species, m, base + (long) (i + lanes) * Float.BYTES, ORDER).mul(sign));
        }
        for (; i <= len - lanes; i += lanes) {
            a0 = a0.max(FloatVector.fromMemorySegment(species, m, base + (long) i * Float.BYTES, ORDER).mul(sign));
        }
        float best = Float.NEGATIVE_INFINITY;
        for (float lane : a0.max(a1).toArray()) {
            best = Math.max(best, lane);
        }
        for (; i < len; i++) {
            best = Math.max(best, sign * m.getAtIndex(JAVA_FLOAT, off + i));
        }
        return best;
    }

    private static double sumLanes(FloatVector v) {
        double total = 0;
        for (float lane : v.toArray()) {
            total += lane;
        }
        return total;
    }

    private static double scalarF32(Accumulate acc, MemorySegment m, long off, int len, long stride, float centre) {
        float a = (float) acc.identity();
        for (int i = 0; i < len; i++) {
            float v = m.getAtIndex(JAVA_FLOAT, off + i * stride);
            a = switch (acc) {
                case SUM -> a + v;
                case SQUARED_DEVIATION -> Math.fma(v - centre, v - centre, a);
                case MAX -> Math.max(a, v);
                case MIN -> Math.min(a, v);
            };
        }
        return a;
    }

    // Σ x
    private static double sumF64(MemorySegment m, long off, int len) {
        VectorSpecies<Double> species = VectorSupport.DOUBLES;
        int lanes = species.length();
        long base = off * Double.BYTES;
        DoubleVector a0 = DoubleVector.zero(species), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= len - 4 * lanes; i += 4 * lanes) {
            a0 = a0.add(DoubleVector.fromMemorySegment(species, m, base + (long) i * Double.BYTES, ORDER));
            a1 = a1.add(DoubleVector.fromMemorySegment(species, m, base + (long) (i + lanes) * Double.BYTES, ORDER));
            a2 = a2.add(DoubleVector.fromMemorySegment(species, m, base + (long) (i + 2 * lanes) * Double.BYTES, ORDER));
            a3 = a3.add(DoubleVector.fromMemorySegment(species, m, base + (long) (i + 3 * lanes) * Double.BYTES, ORDER));
        }
        for (; i <= len - lanes; i += lanes) {
            a0 = a0.add(DoubleVector.fromMemorySegment(species, m, base + (long) i * Double.BYTES, ORDER));
        }
        double total = sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; i < len; i++) {
            total += m.getAtIndex(JAVA_DOUBLE, off + i);
        }
        return total;
    }

    // Σ (x − c)²
    private static double squaredDeviationF64(MemorySegment m, long off, int len, double centre) {
        VectorSpecies<Double> species = VectorSupport.DOUBLES;
        int lanes = species.length();
        long base = off * Double.BYTES;
        DoubleVector c = DoubleVector.broadcast(species, centre);
        DoubleVector a0 = DoubleVector.zero(species), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= len - 4 * lanes; i += 4 * lanes) {
            DoubleVector d0 = DoubleVector.fromMemorySegment(species, m, base + (long) i * Double.BYTES, ORDER).sub(c);
            DoubleVector d1 = DoubleVector.fromMemorySegment(species, m, base + (long) (i + lanes) * Double.BYTES, ORDER).sub(c);
            DoubleVector d2 = DoubleVector.fromMemorySegment(species, m, base + (long) (i + 2 * lanes) * Double.BYTES, ORDER).sub(c);
            DoubleVector d3 = DoubleVector.fromMemorySegment(species, m, base + (long) (i + 3 * lanes) * Double.BYTES, ORDER).sub(c);
            a0 = d0.fma(d0, a0);
            a1 = d1.fma(d1, a1);
            a2 = d2.fma(d2, a2);
            a3 = d3.fma(d3, a3);
        }
        for (; i <= len - lanes; i += lanes) {
            DoubleVector d = DoubleVector.fromMemorySegment(species, m, base + (long) i * Double.BYTES, ORDER).sub(c);
            a0 = d.fma(d, a0);
        }
        double total = sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; i < len; i++) {
            double d = m.getAtIndex(JAVA_DOUBLE, off + i) - centre;
            total += d * d;
        }
        return total;
    }

    // sign · max(sign · x), sign = ±1
    private static double maxF64(MemorySegment m, long off, int len, double sign) {
        VectorSpecies<Double> species = VectorSupport.DOUBLES;
        int lanes = species.length();
        long base = off * Double.BYTES;
        DoubleVector a0 = DoubleVector.broadcast(species, Double.NEGATIVE_INFINITY), a1 = a0;
        int i = 0;
        for (; i <= len - 2 * lanes; i += 2 * lanes) {
            a0 = a0.max(DoubleVector.fromMemorySegment(species, m, base + (long) i * Double.BYTES, ORDER).mul(sign));
            a1 = a1.max(DoubleVector.fromMemorySegment(species, m, base + (long) (i + lanes) * Double.BYTES, ORDER).mul(sign));
        }
        for (; i <= len - lanes; i += lanes) {
            a0 = a0.max(DoubleVector.fromMemorySegment(species, m, base + (long) i * Double.BYTES, ORDER).mul(sign));
        }
        double best = Double.NEGATIVE_INFINITY;
        for (double lane : a0.max(a1).toArray()) {
            best = Math.max(best, lane);
        }
        for (; i < len; i++) {
            best = Math.max(best, sign * m.getAtIndex(JAVA_DOUBLE, off + i));
        }
        return best;
    }

    private static double sumLanes(DoubleVector v) {
        double total = 0;
        for (double lane : v.toArray()) {
            total += lane;
        }
        return total;
    }

    private static double scalarF64(Accumulate acc, MemorySegment m, long off, int len, long stride, double centre) {
        double a = acc.identity();
        for (int i = 0; i < len; i++) {
            double v = m.getAtIndex(JAVA_DOUBLE, off + i * stride);
            a = switch (acc) {
                case SUM -> a + v;
                case SQUARED_DEVIATION -> Math.fma(v - centre, v - centre, a);
                case MAX -> Math.max(a, v);
                case MIN -> Math.min(a, v);
            };
        }
        return a;
    }
}
