package org.sonograd.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
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
 * batchNormRelu (the ReLU fused into the batch norm's kernels) against batchNorm followed by relu:
 * the same bits for the output, the gradients of x, γ, β and the running statistics in training
 * (NCHW and NCDHW, F32), on one and all threads; the same values in evaluation; and, under
 * createGraph, second derivatives through the composed gradients that agree with the unfused pair.
 */
class BatchNormReluFusedTest {
    private static final double EPS = 1e-5;

    @AfterEach
    void restoreThreads() {
        Parallel.setMaxThreads(Parallel.threads());
    }

    /** y, dx, dγ, dβ, running mean, running var of the fused op or of the unfused pair. */
    private static float[][] run(boolean fused, boolean training, int threads, long... shape) {
        Parallel.setMaxThreads(threads);
        try (MemoryScope scope = MemoryScope.open()) {
            RandomStream random = new RandomStream(5);
            long c = shape[1];
            Var x = Var.parameter(random.normal(DType.F32, 0.5, 2, shape));
            Var weight = Var.parameter(random.uniform(DType.F32, 0.5, 1.5, c));
            Var bias = Var.parameter(random.normal(DType.F32, 0, 1, c));
            Tensor dy = random.normal(DType.F32, 0, 1, shape);
            Tensor runningMean = random.normal(DType.F32, 0, 1, c);
            Tensor runningVar = random.uniform(DType.F32, 0.5, 2, c);
            Var y = fused
                    ? NormFunctions.batchNormRelu(x, runningMean, runningVar, weight, bias, training, 0.1, EPS)
                    : NormFunctions.batchNorm(x, runningMean, runningVar, weight, bias, training, 0.1, EPS).relu();
            List<Var> g = Autograd.grad(List.of(y), List.of(Var.constant(dy)), List.of(x, weight, bias), false, false);
            return new float[][] {y.value().toFloatArray(), g.get(0).value().toFloatArray(), g.get(1).value().toFloatArray(),
                    g.get(2).value().toFloatArray(), runningMean.toFloatArray(), runningVar.toFloatArray()};
        }
    }

    private static void assertSameBits(String what, float[][] expected, float[][] actual) {
        String[] names = {"y", "dx", "dweight", "dbias", "running mean", "running var"};
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], what + " " + names[i]);
        }
    }

    @Test
    void trainingGivesTheBitsOfBatchNormThenReluOverNchw() {
        float[][] unfused = run(false, true, Parallel.threads(), 4, 6, 7, 9);
        assertSameBits("NCHW", unfused, run(true, true, Parallel.threads(), 4, 6, 7, 9));
        float[] y = unfused[0];
        long zeros = 0;
        for (float v : y) {
            zeros += v == 0 ? 1 : 0;
        }
        // the gate matters: a good share of the outputs are clamped, and not all
        assertEquals(0.5, zeros / (double) y.length, 0.3, "share of clamped outputs");
    }

    @Test
    void trainingGivesTheBitsOfBatchNormThenReluOverNcdhwOnOneAndAllThreads() {
        float[][] unfused = run(false, true, Parallel.threads(), 2, 5, 3, 4, 70);
        assertSameBits("NCDHW, all threads", unfused, run(true, true, Parallel.threads(), 2, 5, 3, 4, 70));
        assertSameBits("NCDHW, one thread", unfused, run(true, true, 1, 2, 5, 3, 4, 70));
    }

    @Test
    void evaluationGivesTheValuesOfBatchNormThenRelu() {
        assertSameBits("evaluation", run(false, false, Parallel.threads(), 3, 4, 5, 5),
                run(true, false, Parallel.threads(), 3, 4, 5, 5));
    }

    /**
     * h = Σ (∂L/∂x)² with L = Σ w·relu(bn(x)) and ∂L/∂x taken with createGraph; ∂h/∂γ, ∂h/∂β and ∂h/∂x
     * (second derivatives through μ, σ² and the gate) of the fused op against the unfused pair, F64.
     */
    @Test
    void secondDerivativesUnderCreateGraphMatchTheUnfusedPair() {
        List<double[]> fused = secondDerivatives(true);
        List<double[]> unfused = secondDerivatives(false);
        for (int i = 0; i < fused.size(); i++) {
            double[] e = unfused.get(i);
            double[] a = fused.get(i);
            double scale = 1e-6;
            for (double v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int j = 0; j < e.length; j++) {
                assertEquals(e[j], a[j], 1e-10 * scale, "second derivative " + i + " element " + j);
            }
        }
    }

    private static List<double[]> secondDerivatives(boolean fused) {
        try (MemoryScope scope = MemoryScope.open()) {
            RandomStream random = new RandomStream(11);
            long[] shape = {3, 4, 5, 5};
            Var x = Var.parameter(random.normal(DType.F64, 0, 1, shape));
            Var weight = Var.parameter(random.uniform(DType.F64, 0.5, 1.5, 4));
            Var bias = Var.parameter(random.normal(DType.F64, 0, 1, 4));
            Var w = Var.constant(random.normal(DType.F64, 0, 1, shape));
            Var y = fused
                    ? NormFunctions.batchNormRelu(x, null, null, weight, bias, true, 0.1, EPS)
                    : NormFunctions.batchNorm(x, null, null, weight, bias, true, 0.1, EPS).relu();
            Var dx = Autograd.grad(y.mul(w).sum(), List.of(x), true).getFirst();
            List<Var> second = Autograd.grad(dx.mul(dx).sum(), List.of(x, weight, bias), false);
            List<double[]> out = new ArrayList<>();
            out.add(dx.value().toDoubleArray());
            for (Var s : second) {
                out.add(s.value().toDoubleArray());
            }
            return out;
        }
    }
}
