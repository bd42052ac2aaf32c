package org.sonograd.nn.backbones;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.GradCheck;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.optim.Sgd;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Meta-USCL's look-ahead through a whole ResNet-18 (convolutions and train-mode batch norm):
 * θ' = θ − lr·(∇θ L̂(θ, φ) + wd·θ) with the momentum buffer, the meta loss evaluated with
 * {@code call(θ', …)}, and its hypergradient in the sample weights φ checked against central differences.
 */
class BackboneLookaheadTest {
    @Test
    void hypergradientThroughAResNetLookaheadMatchesFiniteDifferences() {
        try (ResNet net = ResNet.resnet18(0, 2, new RandomStream(3)); MemoryScope scope = MemoryScope.open()) {
            net.to(DType.F64);
            Var xTrain = Var.constant(new RandomStream(4).normal(DType.F64, 0, 1, 4, 3, 16, 16));
            Var xMeta = Var.constant(new RandomStream(5).normal(DType.F64, 0, 1, 3, 3, 16, 16));
            try (Sgd sgd = new Sgd(net.namedParameters(), 0.1, 0.9, 1e-4, false)) {
                try (MemoryScope step = MemoryScope.open()) {
                    net.forward(xTrain).pow(2).sum().backward();
                    sgd.step(); // momentum buffers exist, as in training
                }
                sgd.zeroGrad();
                GradCheck.Result result = GradCheck.gradcheck(vars -> {
                    Var perSample = net.forward(xTrain).pow(2).sum(new int[] {1}, false);
                    Var weighted = perSample.mul(vars.get(0).sigmoid()).sum();
                    Map<String, Var> stepped = sgd.lookahead(weighted);
                    return net.call(stepped, xMeta).tanh().sum();
                }, List.of(Tensor.of(new double[] {0.5, -0.3, 1.2, 0.1})));
                assertTrue(result.passed(), result.worst());
            }
        }
    }
}
