package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * Resampling along one axis of a contiguous tensor viewed as outer × size × inner, F32 and F64:
 * <pre>
 * y[a, o, b]  = w0[o]·x[a, i0[o], b] + w1[o]·x[a, i1[o], b]                        (apply)
 * ∂x[a, i, b] = Σ_{o: i0[o]=i} w0[o]·∂y[a, o, b] + Σ_{o: i1[o]=i} w1[o]·∂y[a, o, b]     (adjoint)
 * </pre>
 * One task per block of outer rows, each output written by one task in a fixed order.
 */
public final class ResampleKernels {
    private static final long ROWS_PER_TASK = 16;

    private ResampleKernels() {}

    /** y = the interpolation of x along the axis. */
    public static void apply(AxisInterpolation plan, long outer, long inner, DType dtype, MemorySegment x, MemorySegment y) {
        check(dtype);
        int in = plan.inSize();
        int out = plan.outSize();
        Parallel.forEach(Parallel.chunks(outer, ROWS_PER_TASK), task -> {
            for (long a = task * ROWS_PER_TASK; a < Math.min(outer, (task + 1) * ROWS_PER_TASK); a++) {
                for (int o = 0; o < out; o++) {
                    long src0 = (a * in + plan.i0()[o]) * inner;
                    long src1 = (a * in + plan.i1()[o]) * inner;
                    long dst = (a * out + o) * inner;
                    double w0 = plan.w0()[o];
                    double w1 = plan.w1()[o];
                    for (long b = 0; b < inner; b++) {
                        set(dtype, y, dst + b, w0 * get(dtype, x, src0 + b) + w1 * get(dtype, x, src1 + b));
                    }
                }
            }
        });
    }

    /** ∂x = the adjoint of {@link #apply} on ∂y (∂x is overwritten). */
    public static void adjoint(AxisInterpolation plan, long outer, long inner, DType dtype, MemorySegment gy, MemorySegment gx) {
        check(dtype);
        int in = plan.inSize();
        int out = plan.outSize();
        Parallel.forEach(Parallel.chunks(outer, ROWS_PER_TASK), task -> {
            for (long a = task * ROWS_PER_TASK; a < Math.min(outer, (task + 1) * ROWS_PER_TASK); a++) {
                for (long e = a * in * inner; e < (a + 1) * in * inner; e++) {
                    set(dtype, gx, e, 0);
                }
                for (int o = 0; o < out; o++) {
                    long dst0 = (a * in + plan.i0()[o]) * inner;
                    long dst1 = (a * in + plan.i1()[o]) * inner;
                    long src = (a * out + o) * inner;
                    double w0 = plan.w0()[o];
                    double w1 = plan.w1()[o];
                    for (long b = 0; b < inner; b++) {
                        double g = get(dtype, gy, src + b);
                        set(dtype, gx, dst0 + b, get(dtype, gx, dst0 + b) + w0 * g);
                        set(dtype, gx, dst1 + b, get(dtype, gx, dst1 + b) + w1 * g);
                    }
                }
            }
        });
    }

    private static void check(DType dtype) {
        if (dtype != DType.F32 && dtype != DType.F64) {
            throw new IllegalArgumentException("resample: dtype " + dtype + " is not supported, only F32 and F64");
        }
    }

    private static double get(DType dtype, MemorySegment s, long i) {
        return dtype == DType.F32 ? s.getAtIndex(JAVA_FLOAT, i) : s.getAtIndex(JAVA_DOUBLE, i);
    }

    private static void set(DType dtype, MemorySegment s, long i, double v) {
        if (dtype == DType.F32) {
            s.setAtIndex(JAVA_FLOAT, i, (float) v);
        } else {
            s.setAtIndex(JAVA_DOUBLE, i, v);
        }
    }
}
