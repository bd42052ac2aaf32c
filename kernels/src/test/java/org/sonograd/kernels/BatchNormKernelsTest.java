package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * BatchNormKernels against BatchNormReference: [N, C, S] with S of 1 (BatchNorm1d), under a vector,
 * across the 1024-value segments, F32 and F64, with and without γ/β, data far from zero, few
 * values per channel and sample (BatchNormColumns), and equal bits on one and all threads; the
 * fused ReLU against the plain kernels with max(0, y) and the ReLU's select applied to dy by hand.
 */
class BatchNormKernelsTest {
    private static final long[][] SHAPES = {{2, 3, 1}, {3, 5, 17}, {4, 2, 1031}, {1, 3, 2500}, {5, 7, 4}, {32, 1, 3},
            {2, 64, 16}};
    /** F32 with S &lt; 32 (BatchNormColumns): 600 samples cross its 256-row partials; ResNet's last stages. */
    private static final long[][] COLUMN_SHAPES = {{600, 5, 3}, {3, 37, 31}, {32, 512, 4}, {7, 1100, 1}};
    private static final double EPS = 1e-5;

    private final TestOperands ops = new TestOperands(5);

    @AfterEach
    void close() {
        ops.close();
        Parallel.setMaxThreads(Parallel.threads());
    }

    private record Data(DType t, long n, long c, long s, MemorySegment x, MemorySegment dy, MemorySegment weight,
                        MemorySegment bias) {
        long size() {
            return n * c * s;
        }
    }

    private Data data(DType t, long[] shape, boolean affine, double offset) {
        long size = shape[0] * shape[1] * shape[2];
        MemorySegment x = ops.buffer(t, size);
        ops.randomize(x, t, size, offset - 2, offset + 3);
        MemorySegment dy = ops.buffer(t, size);
        ops.randomize(dy, t, size, -1, 1.5);
        MemorySegment weight = null;
        MemorySegment bias = null;
        if (affine) {
            weight = ops.buffer(t, shape[1]);
            ops.randomize(weight, t, shape[1], 0.5, 1.5);
            bias = ops.buffer(t, shape[1]);
            ops.randomize(bias, t, shape[1], -1, 1);
        }
        return new Data(t, shape[0], shape[1], shape[2], x, dy, weight, bias);
    }

    private MemorySegment[] forward(Data d, boolean reference) {
        MemorySegment[] out = {ops.buffer(d.t(), d.size()), ops.buffer(d.t(), d.c()), ops.buffer(d.t(), d.c()),
                ops.buffer(d.t(), d.c())};
        if (reference) {
            BatchNormReference.forward(d.t(), d.n(), d.c(), d.s(), d.x(), d.weight(), d.bias(), EPS, out[0], out[1], out[2], out[3]);
        } else {
            BatchNormKernels.forward(d.t(), d.n(), d.c(), d.s(), d.x(), d.weight(), d.bias(), EPS, false, out[0], out[1], out[2], out[3]);
        }
        return out;
    }

    /** dx, dγ, dβ; the kernel gets the mean and k of its own forward. */
    private MemorySegment[] backward(Data d, boolean reference, boolean withDx) {
        MemorySegment[] out = {withDx ? ops.buffer(d.t(), d.size()) : null, ops.buffer(d.t(), d.c()), ops.buffer(d.t(), d.c())};
        if (reference) {
            BatchNormReference.backward(d.t(), d.n(), d.c(), d.s(), d.dy(), d.x(), d.weight(), EPS, out[0], out[1], out[2]);
        } else {
            MemorySegment[] f = forward(d, false);
            BatchNormKernels.backward(d.t(), d.n(), d.c(), d.s(), d.dy(), null, d.x(), f[1], f[3], d.weight(), out[0], out[1], out[2]);
        }
        return out;
    }

    private static double[] values(DType t, MemorySegment s, long n) {
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = Elements.readDouble(s, t, i);
        }
        return v;
    }

    /** |actual − expected| ≤ tol · max(max |expected|, 1e-3) at every element. */
    private static void assertClose(String what, double[] expected, double[] actual, double tol) {
        assertClose(what, expected, actual, tol, 1e-3);
    }

    /** |actual − expected| ≤ tol · max(max |expected|, floor) at every element. */
    private static void assertClose(String what, double[] expected, double[] actual, double tol, double floor) {
        double scale = floor;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= tol * scale)) {
                fail(what + ": element " + i + " expected " + expected[i] + " but got " + actual[i] + " (scale " + scale + ")");
            }
        }
    }

    private static double max(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }

    private static double tolerance(DType t) {
        return t == DType.F32 ? 2e-5 : 1e-12;
    }

    @Test
    void forwardMatchesTheReference() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (long[] shape : SHAPES) {
                checkForward(t, shape);
            }
        }
    }

    @Test
    void columnVersionMatchesTheReference() {
        for (long[] shape : COLUMN_SHAPES) {
            checkForward(DType.F32, shape);
            checkBackward(DType.F32, shape);
        }
    }

    private void checkForward(DType t, long[] shape) {
        for (boolean affine : new boolean[] {true, false}) {
            for (double offset : new double[] {0, 100}) {
                Data d = data(t, shape, affine, offset);
                MemorySegment[] expected = forward(d, true);
                MemorySegment[] actual = forward(d, false);
                String what = t + " " + java.util.Arrays.toString(shape) + " affine " + affine + " offset " + offset;
                long[] sizes = {d.size(), d.c(), d.c(), d.c()};
                String[] names = {"y", "mean", "variance", "invStd"};
                for (int k = 0; k < 4; k++) {
                    assertClose(what + " " + names[k], values(t, expected[k], sizes[k]), values(t, actual[k], sizes[k]),
                            tolerance(t));
                }
            }
        }
    }

    @Test
    void backwardMatchesTheReference() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (long[] shape : SHAPES) {
                checkBackward(t, shape);
            }
        }
    }

    private void checkBackward(DType t, long[] shape) {
        for (boolean affine : new boolean[] {true, false}) {
            for (double offset : new double[] {0, 100}) {
                Data d = data(t, shape, affine, offset);
                MemorySegment[] expected = backward(d, true, true);
                MemorySegment[] actual = backward(d, false, true);
                String what = t + " " + java.util.Arrays.toString(shape) + " affine " + affine + " offset " + offset;
                // dx is a difference of terms of size γk·|dy| that cancel (exactly, up to ε, when M = 2):
                // the error is relative to that size
                double terms = max(values(t, d.dy(), d.size())) * (affine ? max(values(t, d.weight(), d.c())) : 1)
                        * max(values(t, forward(d, true)[3], d.c()));
                assertClose(what + " dx", values(t, expected[0], d.size()), values(t, actual[0], d.size()),
                        tolerance(t) * 5, terms);
                assertClose(what + " dweight", values(t, expected[1], d.c()), values(t, actual[1], d.c()), tolerance(t) * 5);
                assertClose(what + " dbias", values(t, expected[2], d.c()), values(t, actual[2], d.c()), tolerance(t) * 5);
                MemorySegment[] without = backward(d, false, false);
                assertArrayEquals(values(t, actual[1], d.c()), values(t, without[1], d.c()), what + " dweight without dx");
            }
        }
    }

    @Test
    void fusedReluGivesTheBitsOfThePlainKernelsAroundAReluByHand() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (long[] shape : java.util.stream.Stream.of(SHAPES, COLUMN_SHAPES).flatMap(java.util.Arrays::stream).toList()) {
                Data d = data(t, shape, true, 0);
                String what = t + " " + java.util.Arrays.toString(shape);
                long size = d.size();
                MemorySegment[] plain = forward(d, false);
                MemorySegment[] fused = {ops.buffer(t, size), ops.buffer(t, d.c()), ops.buffer(t, d.c()), ops.buffer(t, d.c())};
                BatchNormKernels.forward(t, d.n(), d.c(), d.s(), d.x(), d.weight(), d.bias(), EPS, true, fused[0], fused[1],
                        fused[2], fused[3]);
                double[] y = values(t, plain[0], size);
                double[] gated = values(t, d.dy(), size);
                // relu(y) = max(y, 0); its backward: dy where relu(y) > 0, else 0
                for (int i = 0; i < size; i++) {
                    y[i] = Math.max(y[i], 0);
                    gated[i] = y[i] > 0 ? gated[i] : 0;
                }
                assertArrayEquals(y, values(t, fused[0], size), what + " y");
                for (int k = 1; k < 4; k++) {
                    assertArrayEquals(values(t, plain[k], d.c()), values(t, fused[k], d.c()), what + " statistic " + k);
                }
                MemorySegment gatedDy = ops.buffer(t, size);
                for (int i = 0; i < size; i++) {
                    Elements.writeDouble(gatedDy, t, i, gated[i]);
                }
                MemorySegment[] expected = {ops.buffer(t, size), ops.buffer(t, d.c()), ops.buffer(t, d.c())};
                BatchNormKernels.backward(t, d.n(), d.c(), d.s(), gatedDy, null, d.x(), fused[1], fused[3], d.weight(),
                        expected[0], expected[1], expected[2]);
                MemorySegment[] actual = {ops.buffer(t, size), ops.buffer(t, d.c()), ops.buffer(t, d.c())};
                BatchNormKernels.backward(t, d.n(), d.c(), d.s(), d.dy(), fused[0], d.x(), fused[1], fused[3], d.weight(),
                        actual[0], actual[1], actual[2]);
                assertArrayEquals(values(t, expected[0], size), values(t, actual[0], size), what + " dx");
                assertArrayEquals(values(t, expected[1], d.c()), values(t, actual[1], d.c()), what + " dweight");
                assertArrayEquals(values(t, expected[2], d.c()), values(t, actual[2], d.c()), what + " dbias");
            }
        }
    }

    @Test
    void normalisedOutputHasZeroMeanAndUnitVariancePerChannel() {
        Data d = data(DType.F32, new long[] {8, 3, 50}, false, 7);
        double[] y = values(DType.F32, forward(d, false)[0], d.size());
        for (int ch = 0; ch < 3; ch++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 50; j++) {
                    double v = y[(i * 3 + ch) * 50 + j];
                    sum += v;
                    squares += v * v;
                }
            }
            assertEquals(0, sum / 400, 1e-5, "mean of channel " + ch);
            assertEquals(1, squares / 400, 1e-3, "variance of channel " + ch); // σ²/(σ² + ε) ≈ 1 − 1e-5
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        checkThreadIndependence(new long[] {6, 9, 1500});
    }

    @Test
    void resultsOfTheColumnVersionDoNotDependOnTheThreadCount() {
        checkThreadIndependence(new long[] {5, 1500, 4});  // three tasks of 512 channels
    }

    private void checkThreadIndependence(long[] shape) {
        Data d = data(DType.F32, shape, true, 1);
        Parallel.setMaxThreads(1);
        MemorySegment[] f1 = forward(d, false);
        MemorySegment[] b1 = backward(d, false, true);
        Parallel.setMaxThreads(Parallel.threads());
        MemorySegment[] f2 = forward(d, false);
        MemorySegment[] b2 = backward(d, false, true);
        assertArrayEquals(values(DType.F32, f1[0], d.size()), values(DType.F32, f2[0], d.size()), "y");
        assertArrayEquals(values(DType.F32, f1[3], d.c()), values(DType.F32, f2[3], d.c()), "invStd");
        assertArrayEquals(values(DType.F32, b1[0], d.size()), values(DType.F32, b2[0], d.size()), "dx");
        assertArrayEquals(values(DType.F32, b1[1], d.c()), values(DType.F32, b2[1], d.c()), "dweight");
    }

    @Test
    void rejectsIntegerDtypes() {
        MemorySegment x = ops.buffer(DType.I64, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchNormKernels.forward(DType.I64, 2, 2, 1, x, null, null, EPS, false, x, x, x, x));
        assertEquals("batchNorm forward: dtype must be F32 or F64, got I64", e.getMessage());
    }
}
