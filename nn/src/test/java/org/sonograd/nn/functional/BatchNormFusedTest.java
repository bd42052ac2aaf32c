package org.sonograd.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Autograd;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Parallel;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Training batch norm in F32 through the fused kernels against the same function composed of
 * differentiable ops (the pre-kernel implementation): output, gradients of x, γ, β and the running
 * statistics, over NCHW and NCDHW; and equal bits on one and all threads.
 */
class BatchNormFusedTest {
    private static final double EPS = 1e-5;

    @AfterEach
    void restoreThreads() {
        Parallel.setMaxThreads(Parallel.threads());
    }

    /** y = (x − μ)/√(σ² + ε)·γ + β over dims {0, 2, …}, composed of differentiable ops. */
    private static Var composed(Var x, Var weight, Var bias) {
        int[] dims = IntStream.range(0, x.rank()).filter(d -> d != 1).toArray();
        long[] channel = new long[x.rank()];
        java.util.Arrays.fill(channel, 1);
        channel[1] = x.size(1);
        Var centred = x.sub(x.mean(dims, true));
        Var normalised = centred.div(centred.mul(centred).mean(dims, true).add(EPS).sqrt());
        return normalised.mul(weight.reshape(channel)).add(bias.reshape(channel));
    }

    private static void assertClose(String what, Tensor expected, Tensor actual, double tol) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length, what + " size");
        double scale = 1e-3;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * scale, what + " element " + i);
        }
    }

    private static void compare(long... shape) {
        try (MemoryScope scope = MemoryScope.open()) {
            RandomStream random = new RandomStream(3);
            long c = shape[1];
            Tensor xv = random.normal(DType.F32, 2, 3, shape);
            Tensor gv = random.normal(DType.F32, 0, 1, shape);
            Var x = Var.parameter(xv);
            Var weight = Var.parameter(random.uniform(DType.F32, 0.5, 1.5, c));
            Var bias = Var.parameter(random.normal(DType.F32, 0, 1, c));
            Tensor runningMean = Tensor.zeros(DType.F32, c);
            Tensor runningVar = Tensor.ones(DType.F32, c);
            Var fused = NormFunctions.batchNorm(x, runningMean, runningVar, weight, bias, true, 0.1, EPS);
            Var reference = composed(x, weight, bias);
            String what = java.util.Arrays.toString(shape);
            assertClose(what + " y", reference.value(), fused.value(), 1e-5);
            List<Var> inputs = List.of(x, weight, bias);
            List<Var> expected = Autograd.grad(List.of(reference), List.of(Var.constant(gv)), inputs, false, false);
            List<Var> actual = Autograd.grad(List.of(fused), List.of(Var.constant(gv)), inputs, false, false);
            String[] names = {"dx", "dweight", "dbias"};
            for (int i = 0; i < 3; i++) {
                assertClose(what + " " + names[i], expected.get(i).value(), actual.get(i).value(), 1e-4);
            }
            int[] dims = IntStream.range(0, shape.length).filter(d -> d != 1).toArray();
            long count = xv.numel() / c;
            Tensor mean = xv.mean(dims, false);
            Tensor unbiased = xv.sub(xv.mean(dims, true)).pow(2).sum(dims, false).div(count - 1.0);
            assertClose(what + " running mean", mean.mul(0.1), runningMean, 1e-5);
            assertClose(what + " running var", unbiased.mul(0.1).add(0.9), runningVar, 1e-5);
        }
    }

    @Test
    void matchesTheComposedFunctionOverNchw() {
        compare(4, 6, 7, 9);
    }

    @Test
    void matchesTheComposedFunctionOverNcdhw() {
        compare(2, 5, 3, 4, 6);
    }

    @Test
    void givesTheSameBitsOnOneAndAllThreads() {
        float[][] one = run(1);
        float[][] all = run(Parallel.threads());
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], all[i], "result " + i);
        }
    }

    private static float[][] run(int threads) {
        Parallel.setMaxThreads(threads);
        try (MemoryScope scope = MemoryScope.open()) {
            RandomStream random = new RandomStream(9);
            Var x = Var.parameter(random.normal(DType.F32, 0, 1, 8, 16, 12, 12));
            Var weight = Var.parameter(random.uniform(DType.F32, 0.5, 1.5, 16));
            Var bias = Var.parameter(random.normal(DType.F32, 0, 1, 16));
            Tensor runningVar = Tensor.ones(DType.F32, 16);
            Var y = NormFunctions.batchNorm(x, Tensor.zeros(DType.F32, 16), runningVar, weight, bias, true, 0.1, EPS);
            List<Var> g = Autograd.grad(List.of(y.mul(y).sum()), null, List.of(x, weight, bias), false, false);
            return new float[][] {y.value().toFloatArray(), g.get(0).value().toFloatArray(),
                    g.get(1).value().toFloatArray(), g.get(2).value().toFloatArray(), runningVar.toFloatArray()};
        }
    }
}
