package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Plain-loop reductions that {@link ReductionKernels} is checked against: every output walks its
 * reduced elements in index order and accumulates in double (for F32 too), then rounds once.
 */
public final class ReductionReference {
    private ReductionReference() {}

    /** out = op over the marked axes of x, same contract as {@link ReductionKernels#reduce}. */
    public static void reduce(ReduceOp op, long[] shape, Operand x, boolean[] axes, Operand out) {
        forEachOutput(shape, axes, index -> {
            double[] values = reducedValues(shape, x, axes, index);
            double result = switch (op) {
                case SUM -> sum(values);
                case MEAN -> sum(values) / values.length;
                case MAX -> {
                    double m = Double.NEGATIVE_INFINITY;
                    for (double v : values) {
                        m = Math.max(m, v);
                    }
                    yield m;
                }
                case MIN -> {
                    double m = Double.POSITIVE_INFINITY;
                    for (double v : values) {
                        m = Math.min(m, v);
                    }
                    yield m;
                }
            };
            write(out, offset(out, index), result);
        });
    }

    /** Σ(x − mean)² / max(0, n − correction), two passes in double. */
    public static void variance(long[] shape, Operand x, boolean[] axes, double correction, Operand out) {
        forEachOutput(shape, axes, index -> {
            double[] values = reducedValues(shape, x, axes, index);
            double mean = sum(values) / values.length;
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            write(out, offset(out, index), squares / Math.max(0.0, values.length - correction));
        });
    }

    /** First index of the maximum along {@code axis} (NaN is the maximum), written as I64. */
    public static void argmax(long[] shape, Operand x, int axis, Operand out) {
        boolean[] axes = new boolean[shape.length];
        axes[axis] = true;
        forEachOutput(shape, axes, index -> {
            double[] values = reducedValues(shape, x, axes, index);
            long best = 0;
            for (int i = 1; i < values.length; i++) {
                if (!Double.isNaN(values[(int) best]) && (values[i] > values[(int) best] || Double.isNaN(values[i]))) {
                    best = i;
                }
            }
            out.data().setAtIndex(JAVA_LONG, offset(out, index), best);
        });
    }

    private interface IndexBody {
        void accept(long[] index);
    }

    /** Calls body for every index of the output (reduced axes held at 0). */
    private static void forEachOutput(long[] shape, boolean[] axes, IndexBody body) {
        long[] outShape = shape.clone();
        for (int d = 0; d < shape.length; d++) {
            if (axes[d]) {
                outShape[d] = 1;
            }
        }
        forEachIndex(outShape, body);
    }

    private static void forEachIndex(long[] shape, IndexBody body) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        long[] index = new long[shape.length];
        while (true) {
            body.accept(index.clone());
            int d = shape.length - 1;
            while (d >= 0 && ++index[d] == shape[d]) {
                index[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    /** The elements of x that fold into the output at {@code outIndex}, in row-major order of the reduced axes. */
    private static double[] reducedValues(long[] shape, Operand x, boolean[] axes, long[] outIndex) {
        long[] reducedShape = new long[shape.length];
        for (int d = 0; d < shape.length; d++) {
            reducedShape[d] = axes[d] ? shape[d] : 1;
        }
        double[] values = new double[(int) Shapes.numel(reducedShape)];
        int[] next = {0};
        long[] index = outIndex.clone();
        forEachIndex(reducedShape, r -> {
            for (int d = 0; d < shape.length; d++) {
                if (axes[d]) {
                    index[d] = r[d];
                }
            }
            long at = offset(x, index);
            values[next[0]++] = x.dtype() == DType.F32 ? x.data().getAtIndex(JAVA_FLOAT, at) : x.data().getAtIndex(JAVA_DOUBLE, at);
        });
        return values;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    /** Element offset of {@code index}; dimensions where the index is 0 contribute nothing, whatever their stride. */
    private static long offset(Operand operand, long[] index) {
        long at = operand.offset();
        for (int d = 0; d < index.length; d++) {
            at += index[d] * operand.strides()[d];
        }
        return at;
    }

    private static void write(Operand out, long at, double value) {
        if (out.dtype() == DType.F32) {
            out.data().setAtIndex(JAVA_FLOAT, at, (float) value);
        } else {
            out.data().setAtIndex(JAVA_DOUBLE, at, value);
        }
    }
}
