package org.sonograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.GradCheck;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.TinyNets.Net;
import org.sonograd.nn.optim.Sgd;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/** Sgd.lookahead: the differentiable SGD step of Meta-USCL (RECIPES.md §3, steps 2–5). */
class MetaLookaheadTest {
    private static final Var X_TRAIN = Var.constant(new RandomStream(21).normal(DType.F64, 0, 1, 4, 3));
    private static final Var X_META = Var.constant(new RandomStream(22).normal(DType.F64, 0, 1, 3, 3));

    /** L̂(θ, φ) = Σ_n σ(φ_n)·‖net(x_n)‖²: per-sample losses weighted by a weighting network's output. */
    private static Var weightedTrainLoss(Net net, Var phi) {
        Var perSample = net.forward(X_TRAIN).pow(2).sum(new int[] {1}, false);
        return perSample.mul(phi.sigmoid()).sum();
    }

    private static Sgd optimiserAfterOneStep(Net net, boolean nesterov) {
        Sgd sgd = new Sgd(net.namedParameters(), 0.2, 0.9, 1e-2, nesterov);
        try (MemoryScope step = MemoryScope.open()) {
            weightedTrainLoss(net, Var.constant(Tensor.zeros(DType.F64, 4))).backward();
            sgd.step(); // creates the momentum buffers that the look-ahead must use
        }
        sgd.zeroGrad();
        return sgd;
    }

    @Test
    void lookaheadEqualsTheRealStepWithMomentumAndWeightDecay() {
        for (boolean nesterov : new boolean[] {false, true}) {
            try (Net net = new Net(1); Sgd sgd = optimiserAfterOneStep(net, nesterov); MemoryScope scope = MemoryScope.open()) {
                Var phi = Var.constant(Tensor.of(new double[] {0.3, -1, 2, 0}));
                Map<String, Var> stepped = sgd.lookahead(weightedTrainLoss(net, phi));
                weightedTrainLoss(net, phi).backward();
                sgd.step();
                for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
                    assertArrayEquals(e.getValue().tensor().toDoubleArray(), stepped.get(e.getKey()).value().toDoubleArray(),
                            1e-14, e.getKey() + " nesterov=" + nesterov);
                }
            }
        }
    }

    /**
     * ∂L_meta(θ'(φ))/∂φ with θ' = θ − lr·(∇θ L̂(θ, φ) + wd·θ) (plus the momentum buffer) involves
     * the mixed second derivative ∂²L̂/∂θ∂φ; gradcheck compares the analytical hypergradient with
     * central differences in φ.
     */
    @Test
    void hypergradientThroughTheLookaheadMatchesFiniteDifferences() {
        try (Net net = new Net(1); Sgd sgd = optimiserAfterOneStep(net, false); MemoryScope scope = MemoryScope.open()) {
            GradCheck.Result result = GradCheck.gradcheck(vars -> {
                Map<String, Var> stepped = sgd.lookahead(weightedTrainLoss(net, vars.get(0)));
                return net.call(stepped, X_META).tanh().sum();
            }, List.of(Tensor.of(new double[] {0.3, -1, 2, 0})));
            assertTrue(result.passed(), result.worst());
        }
    }
}
