package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;

/** Builders of random, permuted and strided F32/F64 operands for the reduction and softmax tests. */
final class ReductionTestData {
    private ReductionTestData() {}

    /** A contiguous operand of {@code shape} with values from {@code values(i)}. */
    static Operand contiguous(Arena arena, DType dtype, long[] shape, LongToDoubleFunction values) {
        long n = Shapes.numel(shape);
        MemorySegment data = arena.allocate(Math.max(1, n) * dtype.byteSize(), 64);
        for (long i = 0; i < n; i++) {
            set(data, dtype, i, values.applyAsDouble(i));
        }
        return Operand.contiguous(data, dtype, 0, shape);
    }

    /** Uniform values in [lo, hi) from a fixed seed. */
    static Operand random(Arena arena, DType dtype, long[] shape, long seed, double lo, double hi) {
        SplittableRandom random = new SplittableRandom(seed);
        return contiguous(arena, dtype, shape, i -> lo + (hi - lo) * random.nextDouble());
    }

    /**
     * A view of shape {@code shape} over a buffer laid out in a different order: the buffer is
     * contiguous in the dimension order {@code memoryOrder} (outermost first), so the view is a
     * permutation of a contiguous tensor.
     */
    static Operand permuted(Arena arena, DType dtype, long[] shape, int[] memoryOrder, long seed) {
        long[] physical = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            physical[i] = shape[memoryOrder[i]];
        }
        Operand base = random(arena, dtype, physical, seed, -1, 1);
        long[] physicalStrides = Shapes.contiguousStrides(physical);
        long[] strides = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            strides[memoryOrder[i]] = physicalStrides[i];
        }
        return new Operand(base.data(), dtype, 0, strides);
    }

    /** A view of {@code shape} that takes every {@code step}-th element of the last dimension, starting at element 3. */
    static Operand strided(Arena arena, DType dtype, long[] shape, int step, long seed) {
        long[] physical = shape.clone();
        physical[physical.length - 1] = shape[shape.length - 1] * step + 3;
        Operand base = random(arena, dtype, physical, seed, -1, 1);
        long[] strides = Shapes.contiguousStrides(physical);
        strides[strides.length - 1] = step;
        return new Operand(base.data(), dtype, 3, strides);
    }

    /** A contiguous keep-dims output for reducing {@code axes} of {@code shape}, filled with NaN; reduced axes get stride 9999. */
    static Operand keepDimsOutput(Arena arena, DType dtype, long[] shape, boolean[] axes) {
        long[] outShape = keepDimsShape(shape, axes);
        Operand out = contiguous(arena, dtype, outShape, i -> Double.NaN);
        long[] strides = out.strides().clone();
        for (int d = 0; d < strides.length; d++) {
            if (axes[d]) {
                strides[d] = 9999;
            }
        }
        return new Operand(out.data(), dtype, 0, strides);
    }

    static long[] keepDimsShape(long[] shape, boolean[] axes) {
        long[] outShape = shape.clone();
        for (int d = 0; d < shape.length; d++) {
            if (axes[d]) {
                outShape[d] = 1;
            }
        }
        return outShape;
    }

    /** The n elements of a contiguous keep-dims output (reduced strides ignored), as doubles. */
    static double[] values(Operand out, long n) {
        double[] values = new double[(int) n];
        for (int i = 0; i < n; i++) {
            values[i] = get(out.data(), out.dtype(), out.offset() + i);
        }
        return values;
    }

    static double get(MemorySegment data, DType dtype, long i) {
        return dtype == DType.F32 ? data.getAtIndex(JAVA_FLOAT, i) : data.getAtIndex(JAVA_DOUBLE, i);
    }

    static void set(MemorySegment data, DType dtype, long i, double value) {
        if (dtype == DType.F32) {
            data.setAtIndex(JAVA_FLOAT, i, (float) value);
        } else {
            data.setAtIndex(JAVA_DOUBLE, i, value);
        }
    }
}
