package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * Plain-loop softmax family that {@link SoftmaxKernels} is checked against: every row in double,
 * shifted by its maximum (by 0 in logSumExp when the maximum is infinite), rounded once at the end.
 */
public final class SoftmaxReference {
    private SoftmaxReference() {}

    /** y = exp(x − max) / Σ exp(x − max), row by row. */
    public static void softmax(long rows, long cols, Operand x, Operand y) {
        for (long r = 0; r < rows; r++) {
            double max = rowMax(x, r, cols);
            double sum = 0;
            for (long c = 0; c < cols; c++) {
                sum += Math.exp(get(x, r, c) - max);
            }
            for (long c = 0; c < cols; c++) {
                set(y, y.offset() + r * y.strides()[0] + c * y.strides()[1], Math.exp(get(x, r, c) - max) / sum);
            }
        }
    }

    /** y = x − max − ln Σ exp(x − max), row by row. */
    public static void logSoftmax(long rows, long cols, Operand x, Operand y) {
        for (long r = 0; r < rows; r++) {
            double max = rowMax(x, r, cols);
            double sum = 0;
            for (long c = 0; c < cols; c++) {
                sum += Math.exp(get(x, r, c) - max);
            }
            for (long c = 0; c < cols; c++) {
                set(y, y.offset() + r * y.strides()[0] + c * y.strides()[1], get(x, r, c) - max - Math.log(sum));
            }
        }
    }

    /** out[r] = max + ln Σ exp(x[r] − max). */
    public static void logSumExp(long rows, long cols, Operand x, Operand out) {
        for (long r = 0; r < rows; r++) {
            double max = rowMax(x, r, cols);
            double shift = Double.isInfinite(max) ? 0 : max;
            double sum = 0;
            for (long c = 0; c < cols; c++) {
                sum += Math.exp(get(x, r, c) - shift);
            }
            set(out, out.offset() + r * out.strides()[0], shift + Math.log(sum));
        }
    }

    private static double rowMax(Operand x, long r, long cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (long c = 0; c < cols; c++) {
            max = Math.max(max, get(x, r, c));
        }
        return max;
    }

    private static double get(Operand x, long r, long c) {
        long at = x.offset() + r * x.strides()[0] + c * x.strides()[1];
        return x.dtype() == DType.F32 ? x.data().getAtIndex(JAVA_FLOAT, at) : x.data().getAtIndex(JAVA_DOUBLE, at);
    }

    private static void set(Operand y, long at, double value) {
        if (y.dtype() == DType.F32) {
            y.data().setAtIndex(JAVA_FLOAT, at, (float) value);
        } else {
            y.data().setAtIndex(JAVA_DOUBLE, at, value);
        }
    }
}
