package org.sonograd.ssl.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.functional.LossFunctions;
import org.sonograd.nn.optim.Adam;
import org.sonograd.nn.optim.ParamGroup;
import org.sonograd.nn.optim.Sgd;
import org.sonograd.ssl.model.ResNetEncoder;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Meta-USCL's second-order meta-gradient ∂L_meta(θ'(φ))/∂φ through a tiny ResNet-18 (width 2, train-mode
 * batch norm) in F64, against central finite differences of the whole pipeline (weights, NT-Xent,
 * SGD look-ahead with momentum and weight decay, functional call on the meta batch).
 */
class MetaLookaheadTest {
    private static final double TAU = 0.5;
    private static final int SIZE = 16;

    private static Var views(long seed, int n) {
        return Var.constant(new RandomStream(seed).normal(DType.F64, 0, 1, n, 1, SIZE, SIZE));
    }

    private static MetaUsclModel tinyModel() {
        MetaUsclModel model = new MetaUsclModel(new ResNetEncoder(2, new RandomStream(3)), 8, 4, new RandomStream(4));
        model.to(DType.F64);
        // a weighting network far enough from 0 that the weights differ between pairs
        for (Parameter p : model.weightingParameters().values()) {
            double[] v = p.tensor().toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                v[i] *= 8;
            }
            p.tensor().assign(Tensor.of(v, p.shape()));
        }
        return model;
    }

    private static double metaLoss(MetaUsclModel model, Sgd sgd, Var[] x) {
        try (MemoryScope scope = MemoryScope.open()) {
            return MetaLookahead.lookahead(model, sgd, x[0], x[1], x[2], x[3], TAU).metaLoss().item();
        }
    }

    @Test
    void metaGradientOfTheWeightingNetworkMatchesFiniteDifferences() {
        try (MetaUsclModel model = tinyModel(); MemoryScope scope = MemoryScope.open();
             Sgd sgd = new Sgd(model.trainedParameters(), 0.5, 0.9, 1e-4, false)) {
            Var[] x = {views(5, 4), views(6, 4), views(7, 3), views(8, 3)};
            try (MemoryScope first = MemoryScope.open()) {
                LossFunctions.ntXent(model.forward(x[0]), model.forward(x[1]), TAU, null, null).backward();
                sgd.step(); // momentum buffers exist, as after the first training step
            }
            model.zeroGrad();
            MetaLookahead.lookahead(model, sgd, x[0], x[1], x[2], x[3], TAU).metaLoss().backward();
            Map<String, Parameter> phi = model.weightingParameters();
            double norm = 0;
            int checked = 0;
            for (Map.Entry<String, Parameter> e : phi.entrySet()) {
                Parameter p = e.getValue();
                double[] analytic = p.grad().value().toDoubleArray();
                double[] value = p.tensor().toDoubleArray();
                // every 16th entry of fc1's weight [4, 32] and every entry of the others: 8 + 4 + 4 + 1 central differences
                for (int i = 0; i < value.length; i += value.length > 16 ? 16 : 1) {
                    double h = 1e-5;
                    double[] plus = value.clone();
                    plus[i] += h;
                    p.tensor().assign(Tensor.of(plus, p.shape()));
                    double up = metaLoss(model, sgd, x);
                    double[] minus = value.clone();
                    minus[i] -= h;
                    p.tensor().assign(Tensor.of(minus, p.shape()));
                    double down = metaLoss(model, sgd, x);
                    p.tensor().assign(Tensor.of(value, p.shape()));
                    double numeric = (up - down) / (2 * h);
                    assertEquals(numeric, analytic[i], 1e-6 + 1e-4 * Math.abs(numeric), e.getKey() + "[" + i + "]");
                    norm += analytic[i] * analytic[i];
                    checked++;
                }
            }
            assertTrue(checked == 17, "entries checked: " + checked);
            assertTrue(Math.sqrt(norm) > 1e-6, "the meta-gradient must not vanish, |g| = " + Math.sqrt(norm));
        }
    }

    @Test
    void aMetaStepChangesOnlyTheWeightingNetworkAndReturnsTheReweightedTrainingLoss() {
        try (MetaUsclModel model = tinyModel(); MemoryScope scope = MemoryScope.open();
             Sgd sgd = new Sgd(model.trainedParameters(), 0.5, 0.9, 1e-4, false);
             Adam adam = new Adam(List.of(ParamGroup.of(model.weightingParameters(), 0)), 0.01, 0.9, 0.999, 1e-8)) {
            Var[] x = {views(5, 4), views(6, 4), views(7, 3), views(8, 3)};
            List<double[]> thetaBefore = values(model.trainedParameters());
            List<double[]> phiBefore = values(model.weightingParameters());
            // the running statistics after one plain training forward pass
            Map<String, double[]> expectedBuffers = new java.util.HashMap<>();
            try (MetaUsclModel twin = tinyModel()) {
                twin.forward(Var.cat(List.of(x[0], x[1]), 0));
                twin.namedBuffers().forEach((n, b) -> expectedBuffers.put(n, b.tensor().toDoubleArray()));
            }
            MetaLookahead.Outcome o = MetaLookahead.step(model, sgd, adam, x[0], x[1], x[2], x[3], TAU);
            List<double[]> thetaAfter = values(model.trainedParameters());
            for (int i = 0; i < thetaBefore.size(); i++) {
                assertArrayEquals(thetaBefore.get(i), thetaAfter.get(i), 0.0, "θ is stepped by the trainer, not the meta step");
            }
            List<double[]> phiAfter = values(model.weightingParameters());
            boolean moved = false;
            for (int i = 0; i < phiBefore.size(); i++) {
                for (int k = 0; k < phiBefore.get(i).length; k++) {
                    moved |= phiBefore.get(i)[k] != phiAfter.get(i)[k];
                }
            }
            assertTrue(moved, "one Adam step on φ");
            model.namedBuffers().forEach((n, b) -> {
                if (n.endsWith("running_mean") || n.endsWith("running_var")) {
                    assertArrayEquals(expectedBuffers.get(n), b.tensor().toDoubleArray(), 1e-12,
                            n + ": the virtual step leaves the batch-norm statistics of one training pass");
                }
            });
            // the returned loss is Σ w_i ℓ_i with the updated φ, recomputed from scratch
            Var h = model.encoder().forward(Var.cat(List.of(x[0], x[1]), 0));
            Var h1 = h.slice(0, 0, 4, 1);
            Var h2 = h.slice(0, 4, 8, 1);
            double sum = 0;
            for (double w : o.weights()) {
                sum += w;
            }
            assertEquals(1, sum, 1e-12);
            Var w = model.pairWeights(Var.cat(List.of(h1, h2), 1).detach());
            assertArrayEquals(w.value().toDoubleArray(), o.weights(), 1e-12, "the weights of the updated network");
            o.loss().backward();
            for (Parameter p : model.weightingParameters().values()) {
                assertTrue(p.grad() == null || p.grad().value().abs().sum().item() == 0, "the real step does not train φ");
            }
            assertTrue(model.trainedParameters().values().stream().allMatch(p -> p.grad() != null), "every θ gets a gradient");
        }
    }

    private static List<double[]> values(Map<String, Parameter> params) {
        List<double[]> out = new ArrayList<>();
        params.values().forEach(p -> out.add(p.tensor().toDoubleArray()));
        return out;
    }
}
