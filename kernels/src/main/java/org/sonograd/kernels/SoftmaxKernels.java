package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax family over the last axis of a [rows, cols] operand (rows may be strided; fast paths
 * need unit stride along cols), F32 and F64, each stable by subtracting the row maximum first.
 *
 * <p>Each row is one pass for the maximum (NaN propagating), one for Σ exp(x − max) (softmax
 * stores the exponentials on the way) and, for softmax and logSoftmax, one to write the result.
 * On the vector path F32 rows compute exp in float and sum it in float lanes, whose totals are
 * added in double in lane order; the scalar path (strided rows, or the Vector API off) works in
 * double. exp and log come from {@link VectorMath}/{@link VectorMath64} (vector lanes, and their
 * scalar twins for row tails and the scalar path), never from {@code lanewise(EXP)}, whose bits
 * change once C2 compiles the caller (SVML); so a row gives the same bits cold or warm, in the
 * interpreter or under C2. Rows are spread over the pool in fixed groups; every row is computed by
 * one task alone, so the bits do not depend on the thread count.
 *
 * <p>Infinities follow PyTorch: a row of all −inf has softmax and logSoftmax NaN (−inf − (−inf))
 * and logSumExp −inf; a row holding +inf has softmax NaN and logSumExp +inf. logSumExp shifts by
 * 0 instead of the maximum when the maximum is infinite, which is what gives those two values; an
 * empty row (cols = 0) has logSumExp −inf. A NaN anywhere in a row makes the whole row NaN.
 */
public final class SoftmaxKernels {
    private static final long GRAIN = 1 << 14;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private enum Kind { SOFTMAX, LOG_SOFTMAX, LOG_SUM_EXP }

    private SoftmaxKernels() {}

    /** y = exp(x − max) / Σ exp(x − max), row by row. */
    public static void softmax(long rows, long cols, Operand x, Operand y) {
        run(Kind.SOFTMAX, rows, cols, x, y, ExecutionMode.DEFAULT);
    }

    /** y = x − max − ln Σ exp(x − max), row by row. */
    public static void logSoftmax(long rows, long cols, Operand x, Operand y) {
        run(Kind.LOG_SOFTMAX, rows, cols, x, y, ExecutionMode.DEFAULT);
    }

    /** out[r] = max + ln Σ exp(x[r] − max); out is a [rows] operand. */
    public static void logSumExp(long rows, long cols, Operand x, Operand out) {
        run(Kind.LOG_SUM_EXP, rows, cols, x, out, ExecutionMode.DEFAULT);
    }

    static void softmax(long rows, long cols, Operand x, Operand y, ExecutionMode mode) {
        run(Kind.SOFTMAX, rows, cols, x, y, mode);
    }

    static void logSoftmax(long rows, long cols, Operand x, Operand y, ExecutionMode mode) {
        run(Kind.LOG_SOFTMAX, rows, cols, x, y, mode);
    }

    static void logSumExp(long rows, long cols, Operand x, Operand out, ExecutionMode mode) {
        run(Kind.LOG_SUM_EXP, rows, cols, x, out, mode);
    }

    private static void run(Kind kind, long rows, long cols, Operand x, Operand y, ExecutionMode mode) {
        String name = switch (kind) {
            case SOFTMAX -> "softmax";
            case LOG_SOFTMAX -> "logSoftmax";
            case LOG_SUM_EXP -> "logSumExp";
        };
        int yRank = kind == Kind.LOG_SUM_EXP ? 1 : 2;
        if (x.rank() != 2 || y.rank() != yRank) {
            throw new IllegalArgumentException(name + ": needs a rank-2 input [" + rows + "," + cols + "] and a rank-" + yRank
                    + " output, got ranks " + x.rank() + " and " + y.rank());
        }
        if (!x.dtype().isFloatingPoint() || y.dtype() != x.dtype()) {
            throw new IllegalArgumentException(name + ": needs F32 or F64 input and output of the same dtype, got "
                    + x.dtype() + " -> " + y.dtype());
        }
        if (rows < 0 || cols < 0 || cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": invalid shape [" + rows + "," + cols + "]");
        }
        long xs = x.strides()[1];
        long ys = kind == Kind.LOG_SUM_EXP ? 1 : y.strides()[1];
        boolean vector = mode.vectors() && xs == 1 && ys == 1;
        boolean f32 = x.dtype() == DType.F32;
        long rowsPerTask = Math.max(1, GRAIN / Math.max(1, cols));
        int tasks = Parallel.chunks(rows, rowsPerTask);
        mode.forEach(tasks, t -> {
            for (long r = t * rowsPerTask; r < Math.min(rows, (t + 1) * rowsPerTask); r++) {
                long xOff = x.offset() + r * x.strides()[0];
                long yOff = y.offset() + r * y.strides()[0];
                if (!vector) {
                    scalarRow(kind, x, xOff, xs, (int) cols, y, yOff, ys);
                } else if (f32) {
                    rowF32(kind, x.data(), xOff, (int) cols, y.data(), yOff);
                } else {
                    rowF64(kind, x.data(), xOff, (int) cols, y.data(), yOff);
                }
            }
        });
    }

    /** Shift that keeps exp finite: the maximum, or 0 when the maximum is ±inf (logSumExp only). */
    private static double logSumExpShift(double max) {
        return Double.isInfinite(max) ? 0.0 : max;
    }

    private static void rowF32(Kind kind, MemorySegment x, long xOff, int cols, MemorySegment y, long yOff) {
        float max = maxF32(x, xOff, cols);
        switch (kind) {
            case SOFTMAX -> {
                double sum = expSumF32(x, xOff, cols, max, y, yOff, true);
                scaleF32(y, yOff, cols, (float) (1.0 / sum));
            }
            case LOG_SOFTMAX -> {
                float logSum = (float) VectorMath64.log(expSumF32(x, xOff, cols, max, y, yOff, false));
                shiftF32(x, xOff, cols, max, logSum, y, yOff);
            }
            case LOG_SUM_EXP -> {
                float shift = (float) logSumExpShift(max);
                y.setAtIndex(JAVA_FLOAT, yOff, (float) (shift + VectorMath64.log(expSumF32(x, xOff, cols, shift, y, yOff, false))));
            }
        }
    }

    // max x, NaN propagating
    private static float maxF32(MemorySegment x, long off, int cols) {
        VectorSpecies<Float> species = VectorSupport.FLOATS;
        int lanes = species.length();
        FloatVector best = FloatVector.broadcast(species, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i <= cols - lanes; i += lanes) {
            best = best.max(FloatVector.fromMemorySegment(species, x, (off + i) * Float.BYTES, ORDER));
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float lane : best.toArray()) {
            max = Math.max(max, lane);
        }
        for (; i < cols; i++) {
            max = Math.max(max, x.getAtIndex(JAVA_FLOAT, off + i));
        }
        return max;
    }

    // Σ exp(x − shift), storing each exp into y when asked
    private static double expSumF32(MemorySegment x, long off, int cols, float shift, MemorySegment y, long yOff, boolean store) {
        VectorSpecies<Float> species = VectorSupport.FLOATS;
        int lanes = species.length();
        FloatVector s = FloatVector.broadcast(species, shift);
        FloatVector acc = FloatVector.zero(species);
        int i = 0;
        for (; i <= cols - lanes; i += lanes) {
            FloatVector e = VectorMath.exp(FloatVector.fromMemorySegment(species, x, (off + i) * Float.BYTES, ORDER).sub(s));
            if (store) {
                e.intoMemorySegment(y, (yOff + i) * Float.BYTES, ORDER);
            }
            acc = acc.add(e);
        }
        double sum = 0;
        for (float lane : acc.toArray()) {
            sum += lane;
        }
        for (; i < cols; i++) {
            float e = VectorMath.exp(x.getAtIndex(JAVA_FLOAT, off + i) - shift);
            if (store) {
                y.setAtIndex(JAVA_FLOAT, yOff + i, e);
            }
            sum += e;
        }
        return sum;
    }

    // y = y · factor
    private static void scaleF32(MemorySegment y, long off, int cols, float factor) {
        VectorSpecies<Float> species = VectorSupport.FLOATS;
        int lanes = species.length();
        int i = 0;
        for (; i <= cols - lanes; i += lanes) {
            FloatVector.fromMemorySegment(species, y, (off + i) * Float.BYTES, ORDER).mul(factor)
                    .intoMemorySegment(y, (off + i) * Float.BYTES, ORDER);
        }
        for (; i < cols; i++) {
            y.setAtIndex(JAVA_FLOAT, off + i, y.getAtIndex(JAVA_FLOAT, off + i) * factor);
        }
    }

    // y = (x − max) − logSum
    private static void shiftF32(MemorySegment x, long off, int cols, float max, float logSum, MemorySegment y, long yOff) {
        VectorSpecies<Float> species = VectorSupport.FLOATS;
        int lanes = species.length();
        int i = 0;
        for (; i <= cols - lanes; i += lanes) {
            FloatVector.fromMemorySegment(species, x, (off + i) * Float.BYTES, ORDER).sub(max).sub(logSum)
                    .intoMemorySegment(y, (yOff + i) * Float.BYTES, ORDER);
        }
        for (; i < cols; i++) {
            y.setAtIndex(JAVA_FLOAT, yOff + i, x.getAtIndex(JAVA_FLOAT, off + i) - max - logSum);
        }
    }

    private static void rowF64(Kind kind, MemorySegment x, long xOff, int cols, MemorySegment y, long yOff) {
        double max = maxF64(x, xOff, cols);
        switch (kind) {
            case SOFTMAX -> {
                double sum = expSumF64(x, xOff, cols, max, y, yOff, true);
                scaleF64(y, yOff, cols, 1.0 / sum);
            }
            case LOG_SOFTMAX -> shiftF64(x, xOff, cols, max, VectorMath64.log(expSumF64(x, xOff, cols, max, y, yOff, false)), y, yOff);
            case LOG_SUM_EXP -> {
                double shift = logSumExpShift(max);
                y.setAtIndex(JAVA_DOUBLE, yOff, shift + VectorMath64.log(expSumF64(x, xOff, cols, shift, y, yOff, false)));
            }
        }
    }

    // max x, NaN propagating
    private static double maxF64(MemorySegment x, long off, int cols) {
        VectorSpecies<Double> species = VectorSupport.DOUBLES;
        int lanes = species.length();
        DoubleVector best = DoubleVector.broadcast(species, Double.NEGATIVE_INFINITY);
        int i = 0;
        for (; i <= cols - lanes; i += lanes) {
            best = best.max(DoubleVector.fromMemorySegment(species, x, (off + i) * Double.BYTES, ORDER));
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double lane : best.toArray()) {
            max = Math.max(max, lane);
        }
        for (; i < cols; i++) {
            max = Math.max(max, x.getAtIndex(JAVA_DOUBLE, off + i));
        }
        return max;
    }

    // Σ exp(x − shift), storing each exp into y when asked
    private static double expSumF64(MemorySegment x, long off, int cols, double shift, MemorySegment y, long yOff, boolean store) {
        VectorSpecies<Double> species = VectorSupport.DOUBLES;
        int lanes = species.length();
        DoubleVector s = DoubleVector.broadcast(species, shift);
        DoubleVector acc = DoubleVector.zero(species);
        int i = 0;
        for (; i <= cols - lanes; i += lanes) {
            DoubleVector e = VectorMath64.exp(DoubleVector.fromMemorySegment(species, x, (off + i) * Double.BYTES, ORDER).sub(s));
            if (store) {
                e.intoMemorySegment(y, (yOff + i) * Double.BYTES, ORDER);
            }
            acc = acc.add(e);
        }
        double sum = 0;
        for (double lane : acc.toArray()) {
            sum += lane;
        }
        for (; i < cols; i++) {
            double e = VectorMath64.exp(x.getAtIndex(JAVA_DOUBLE, off + i) - shift);
            if (store) {
                y.setAtIndex(JAVA_DOUBLE, yOff + i, e);
            }
            sum += e;
        }
        return sum;
    }

    // y = y · factor
    private static void scaleF64(MemorySegment y, long off, int cols, double factor) {
        VectorSpecies<Double> species = VectorSupport.DOUBLES;
        int lanes = species.length();
        int i = 0;
        for (; i <= cols - lanes; i += lanes) {
            DoubleVector.fromMemorySegment(species, y, (off + i) * Double.BYTES, ORDER).mul(factor)
                    .intoMemorySegment(y, (off + i) * Double.BYTES, ORDER);
        }
        for (; i < cols; i++) {
            y.setAtIndex(JAVA_DOUBLE, off + i, y.getAtIndex(JAVA_DOUBLE, off + i) * factor);
        }
    }

    // y = (x − max) − logSum
    private static void shiftF64(MemorySegment x, long off, int cols, double max, double logSum, MemorySegment y, long yOff) {
        VectorSpecies<Double> species = VectorSupport.DOUBLES;
        int lanes = species.length();
        int i = 0;
        for (; i <= cols - lanes; i += lanes) {
            DoubleVector.fromMemorySegment(species, x, (off + i) * Double.BYTES, ORDER).sub(max).sub(logSum)
                    .intoMemorySegment(y, (yOff + i) * Double.BYTES, ORDER);
        }
        for (; i < cols; i++) {
            y.setAtIndex(JAVA_DOUBLE, yOff + i, x.getAtIndex(JAVA_DOUBLE, off + i) - max - logSum);
        }
    }

    /** One row of any stride, in double. */
    private static void scalarRow(Kind kind, Operand x, long xOff, long xs, int cols, Operand y, long yOff, long ys) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < cols; i++) {
            max = Math.max(max, read(x, xOff + i * xs));
        }
        double shift = kind == Kind.LOG_SUM_EXP ? logSumExpShift(max) : max;
        double sum = 0;
        for (int i = 0; i < cols; i++) {
            sum += VectorMath64.exp(read(x, xOff + i * xs) - shift);
        }
        switch (kind) {
            case SOFTMAX -> {
                for (int i = 0; i < cols; i++) {
                    write(y, yOff + i * ys, VectorMath64.exp(read(x, xOff + i * xs) - max) / sum);
                }
            }
            case LOG_SOFTMAX -> {
                double logSum = VectorMath64.log(sum);
                for (int i = 0; i < cols; i++) {
                    write(y, yOff + i * ys, read(x, xOff + i * xs) - max - logSum);
                }
            }
            case LOG_SUM_EXP -> write(y, yOff, shift + VectorMath64.log(sum));
        }
    }

    private static double read(Operand operand, long index) {
        return operand.dtype() == DType.F32
                ? operand.data().getAtIndex(JAVA_FLOAT, index)
                : operand.data().getAtIndex(JAVA_DOUBLE, index);
    }

    private static void write(Operand operand, long index, double value) {
        if (operand.dtype() == DType.F32) {
            operand.data().setAtIndex(JAVA_FLOAT, index, (float) value);
        } else {
            operand.data().setAtIndex(JAVA_DOUBLE, index, value);
        }
    }
}
