package org.sonograd.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Autograd;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Parallel;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * A forward and backward pass through matmul, tanh, log-softmax and reductions large enough to be
 * split over threads gives the same bits on 1 thread as on all of them.
 */
class ThreadCountDeterminismTest {

    @AfterEach
    void restoreThreads() {
        Parallel.setMaxThreads(Parallel.threads());
    }

    private static List<float[]> lossAndGradients(int threads) {
        Parallel.setMaxThreads(threads);
        try (MemoryScope scope = MemoryScope.open()) {
            RandomStream rng = new RandomStream(2026);
            Var x = Var.constant(rng.normal(DType.F32, 0, 1, 512, 300));
            Var w1 = Var.parameter(rng.normal(DType.F32, 0, 0.05, 300, 257));
            Var w2 = Var.parameter(rng.normal(DType.F32, 0, 0.05, 257, 10));
            Tensor targets = rng.uniform(DType.F32, 0, 10, 512, 1).to(DType.I64);
            Var logProbs = x.matmul(w1).tanh().matmul(w2).logSoftmax(1);
            // The weight penalty sums 77k elements: more than one fixed reduction chunk.
            Var loss = logProbs.gather(1, targets).mean().neg().add(w1.mul(w1).sum().mul(1e-3));
            List<Var> grads = Autograd.grad(loss, List.of(w1, w2), false);
            List<float[]> out = new ArrayList<>();
            out.add(loss.value().toFloatArray());
            for (Var g : grads) {
                out.add(g.value().toFloatArray());
            }
            return out;
        }
    }

    @Test
    void oneThreadAndAllThreadsGiveIdenticalBits() {
        Assumptions.assumeTrue(Parallel.threads() > 1, "only one kernel thread configured: nothing to compare");
        List<float[]> serial = lossAndGradients(1);
        List<float[]> parallel = lossAndGradients(Parallel.threads());
        for (int i = 0; i < serial.size(); i++) {
            assertArrayEquals(serial.get(i), parallel.get(i), "result " + i + " differs between thread counts");
        }
    }
}
