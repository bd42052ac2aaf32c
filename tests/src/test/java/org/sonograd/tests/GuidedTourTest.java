package org.sonograd.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Autograd;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.DType;
import org.sonograd.nn.functional.LossFunctions;
import org.sonograd.nn.layers.Activation;
import org.sonograd.nn.layers.Linear;
import org.sonograd.nn.layers.Sequential;
import org.sonograd.nn.optim.Sgd;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/** The code of docs/tour.md, step by step, so the tour cannot drift from the API. */
class GuidedTourTest {

    @Test
    void step1TensorsAndViews() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor xt = x.transpose(0, 1);                         // a view: no copy
        assertTrue(xt.sharesStorageWith(x));
        assertEquals(21.0, x.sum().item());
        assertEquals(14.0, x.select(0, 0).matmul(Tensor.of(new float[] {1, 2, 3})).item());
    }

    @Test
    void step2GradientsAndGradientsOfGradients() {
        // f(w) = Σ w³  →  f'(w) = 3w²,  f''(w)·v = 6w·v
        Var w = Var.parameter(Tensor.of(new double[] {1, 2}));
        Var f = w.pow(3).sum();
        Var g = Autograd.grad(f, List.of(w), true).getFirst();
        Var hv = Autograd.grad(g.mul(Var.constant(Tensor.of(new double[] {1, 1}))).sum(), List.of(w), false).getFirst();
        assertEquals(List.of(3.0, 12.0), List.of(g.value().toDoubleArray()[0], g.value().toDoubleArray()[1]));
        assertEquals(List.of(6.0, 12.0), List.of(hv.value().toDoubleArray()[0], hv.value().toDoubleArray()[1]));
    }

    @Test
    void step3TrainASmallClassifier() {
        RandomStream rng = new RandomStream(7);
        // Two Gaussian blobs in 8-D, centred at -1 and +1: a problem a small MLP solves.
        Tensor labels = rng.bernoulli(DType.I64, 0.5, 256);
        Tensor centres = labels.to(DType.F32).mul(2).sub(1).reshape(256, 1);
        Tensor inputs = rng.normal(DType.F32, 0, 1, 256, 8).add(centres);

        Sequential model = new Sequential(new Linear(8, 16, true, rng), Activation.tanh(), new Linear(16, 2, true, rng));
        Sgd sgd = new Sgd(model.namedParameters(), 0.1, 0.9, 0.0, false);
        long afterFirstStep = 0; // the first step also creates the momentum buffers, which live on
        double firstLoss = 0;
        double lastLoss = 0;
        for (int step = 0; step < 60; step++) {
            try (MemoryScope scope = MemoryScope.open()) {       // frees every temporary of the step
                sgd.zeroGrad();
                Var loss = LossFunctions.crossEntropy(model.forward(Var.constant(inputs)), labels);
                loss.backward();
                sgd.step();
                lastLoss = loss.item();
                firstLoss = step == 0 ? lastLoss : firstLoss;
            }
            if (step == 0) {
                afterFirstStep = CachingAllocator.global().liveBytes();
            }
        }
        assertEquals(afterFirstStep, CachingAllocator.global().liveBytes(), "a training step leaks nothing");
        assertTrue(lastLoss < 0.5 * firstLoss, "loss " + firstLoss + " -> " + lastLoss);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor predicted = model.forward(Var.constant(inputs)).value().argmax(1, false);
            double accuracy = predicted.compare(BinaryOp.EQ, labels).to(DType.F32).mean().item();
            assertTrue(accuracy > 0.9, "training accuracy " + accuracy);
        }
    }
}
