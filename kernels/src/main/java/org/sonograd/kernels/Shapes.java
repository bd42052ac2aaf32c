package org.sonograd.kernels;

import java.util.Arrays;

/** Small helpers over shapes and strides that every kernel needs. */
public final class Shapes {
    private Shapes() {}

    /** Product of the dimensions; 1 for a scalar shape {@code []}. */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Row-major strides of a contiguous tensor: stride[i] = prod(shape[i+1..]). */
    public static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /** True when the strides describe a dense row-major layout of {@code shape} (size-1 dims may have any stride). */
    public static boolean isContiguous(long[] shape, long[] strides) {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** Renders a shape the way error messages print it: {@code [2,3,4]}. */
    public static String format(long[] shape) {
        return Arrays.toString(shape).replace(" ", "");
    }
}
