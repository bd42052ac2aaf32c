package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ReluBackwardKernels against ReluBackwardReference: awkward sizes, layouts, special values, threads. */
class ReluBackwardKernelsTest {
    private static final long[] SIZES = {1, 3, 17, 255, 1031};

    private final TestOperands ops = new TestOperands(11);

    @AfterEach
    void close() {
        ops.close();
        Parallel.setMaxThreads(Parallel.threads());
    }

    @Test
    void matchesTheReferenceBitForBitOnEveryLayout() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (long n : SIZES) {
                for (long[] shape : new long[][] {{3, n}, {n, 3}, {2, 3, n}}) {
                    for (TestOperands.Layout layout : TestOperands.Layout.values()) {
                        Operand grad = ops.operand(t, shape, layout);
                        Operand gate = ops.operand(t, shape, TestOperands.Layout.values()[(layout.ordinal() + 1) % 3]);
                        Operand expected = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
                        Operand actual = ops.operand(t, shape, layout);
                        ReluBackwardReference.apply(shape, grad, gate, expected);
                        ReluBackwardKernels.apply(shape, grad, gate, actual);
                        TestOperands.assertSameBits("reluBackward " + t + " " + layout, shape, expected, actual);
                        Operand dense = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
                        ReluBackwardKernels.apply(shape, ops.copyOf(shape, grad), ops.copyOf(shape, gate), dense);
                        TestOperands.assertSameBits("reluBackward dense " + t, shape, expected, dense);
                    }
                }
            }
        }
    }

    @Test
    void passesTheGradientExactlyWhereTheGateIsPositive() {
        double[] gate = {-1, 0, -0.0, 1e-30, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2,
                -3, 4, 5, -6, 7, 8, 9, -10, 11, 12, 13};
        double[] grad = new double[gate.length];
        for (int i = 0; i < grad.length; i++) {
            grad[i] = i % 3 == 0 ? -(i + 0.5) : i + 0.25;
        }
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            long[] shape = {gate.length};
            Operand out = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
            ReluBackwardKernels.apply(shape, ops.of(t, shape, grad), ops.of(t, shape, gate), out);
            double[] got = TestOperands.values(shape, out);
            for (int i = 0; i < gate.length; i++) {
                double expected = gate[i] > 0 ? grad[i] : 0.0;
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got[i]),
                        t + " element " + i + " (gate " + gate[i] + "): expected " + expected + ", got " + got[i]);
            }
        }
    }

    @Test
    void writesInPlaceOverTheGradient() {
        long[] shape = {5, 37};
        Operand grad = ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS);
        Operand gate = ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS);
        Operand expected = ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS);
        ReluBackwardReference.apply(shape, grad, gate, expected);
        ReluBackwardKernels.apply(shape, grad, gate, grad);
        TestOperands.assertSameBits("reluBackward in place", shape, expected, grad);
    }

    @Test
    void largeInputsGiveTheSameBitsOnOneAndAllThreads() {
        long[] shape = {3, 100_003};
        Operand grad = ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS);
        Operand gate = ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS);
        Operand one = ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS);
        Operand two = ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS);
        Parallel.setMaxThreads(1);
        ReluBackwardKernels.apply(shape, grad, gate, one);
        Parallel.setMaxThreads(Parallel.threads());
        ReluBackwardKernels.apply(shape, grad, gate, two);
        TestOperands.assertSameBits("reluBackward threads", shape, one, two);
    }

    @Test
    void rejectsMixedDtypes() {
        long[] shape = {4};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReluBackwardKernels.apply(shape,
                ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS),
                ops.operand(DType.F64, shape, TestOperands.Layout.CONTIGUOUS),
                ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS)));
        assertEquals("reluBackward: grad, gate and out must share one float dtype, got F32, F64, F32", e.getMessage());
    }
}
