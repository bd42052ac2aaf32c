package org.sonograd.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Fixtures;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/** Linear, weight-normalised linear and embedding against PyTorch 1.13 (tests/fixtures/gen_layer_module_fixtures.py). */
class LayerModulesParityTest {
    private static final double TOL = 1e-5;

    private static void check(String name, Module module, boolean differentiableInput) {
        try (MemoryScope scope = MemoryScope.open()) {
            Map<String, Tensor> all = Fixtures.read("layers/modules.safetensors");
            module.loadStateDict(Fixtures.withPrefix(all, name + ".state."));
            Tensor input = all.get(name + ".input");
            Var x = differentiableInput ? Var.parameter(input) : Var.constant(input);
            Var y = module.forward(x);
            Fixtures.assertClose(all.get(name + ".output"), y.value(), TOL, name + " output");
            y.mul(Var.constant(all.get(name + ".cotangent"))).sum().backward();
            if (differentiableInput) {
                Fixtures.assertClose(all.get(name + ".grad.input"), x.grad().value(), TOL, name + " input grad");
            }
            Map<String, Tensor> grads = Fixtures.withPrefix(all, name + ".grad.");
            for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
                Fixtures.assertClose(grads.get(e.getKey()), e.getValue().grad().value(), TOL, name + " grad " + e.getKey());
            }
            module.zeroGrad();
        }
    }

    @Test
    void linearMatchesPyTorch() {
        try (Linear linear = new Linear(4, 3, true, new RandomStream(1)); Linear plain = new Linear(4, 3, false, new RandomStream(2))) {
            check("linear", linear, true);
            check("linear_nobias", plain, true);
            assertEquals(List.of("weight"), List.copyOf(plain.stateDict().keySet()));
        }
    }

    @Test
    void weightNormLinearMatchesPyTorchIncludingTheScaleGradient() {
        try (WeightNormLinear wn = new WeightNormLinear(5, 7, new RandomStream(1))) {
            assertEquals(List.of("weight_g", "weight_v"), List.copyOf(wn.stateDict().keySet()));
            check("weight_norm", wn, true);
        }
    }

    @Test
    void embeddingMatchesPyTorch() {
        try (Embedding embedding = new Embedding(6, 4, new RandomStream(1))) {
            check("embedding", embedding, false);
        }
    }

    @Test
    void patchAndTubeletEmbeddingsMatchPyTorchConvolutions() {
        try (PatchEmbedding image = new PatchEmbedding(3, 8, new int[] {4, 4}, new RandomStream(1));
             PatchEmbedding video = new PatchEmbedding(3, 8, new int[] {2, 4, 4}, new RandomStream(2))) {
            assertEquals(List.of("proj.weight", "proj.bias"), List.copyOf(video.stateDict().keySet()));
            assertEquals(2 * 2 * 3, video.tokens(4, 8, 12));
            check("patch_embed_2d", image, true);
            check("patch_embed_3d", video, true);
        }
    }

    @Test
    void convolutionLayersMatchPyTorch() {
        try (Conv conv1d = new Conv(4, 6, new int[] {3}, ConvOptions.of(1, 2, 1, 1, 1), true, new RandomStream(1));
             Conv grouped = new Conv(4, 6, new int[] {3, 2},
                     new ConvOptions(new int[] {1, 2}, new int[] {1, 0}, new int[] {2, 1}, 2, new int[] {0, 0}), true,
                     new RandomStream(2));
             Conv conv3d = new Conv(3, 4, new int[] {3, 3, 3},
                     new ConvOptions(new int[] {1, 2, 2}, new int[] {1, 1, 1}, new int[] {1, 1, 1}, 1, new int[] {0, 0, 0}),
                     false, new RandomStream(3));
             ConvTranspose up = new ConvTranspose(4, 3, new int[] {2, 2}, ConvOptions.of(2, 2, 0, 1, 1), true,
                     new RandomStream(4))) {
            check("conv1d", conv1d, true);
            check("conv2d_groups", grouped, true);
            check("conv3d", conv3d, true);
            check("conv_transpose2d", up, true);
        }
    }

    @Test
    void normalisationLayersMatchPyTorch() {
        try (GroupNorm gn = new GroupNorm(2, 4); LayerNorm ln = new LayerNorm(6, 1e-6); BatchNorm bn = new BatchNorm(3);
             MemoryScope scope = MemoryScope.open()) {
            check("group_norm", gn, true);
            check("layer_norm", ln, true);
            check("batch_norm1d", bn, true);
            Map<String, Tensor> all = Fixtures.read("layers/modules.safetensors");
            Fixtures.assertClose(all.get("batch_norm1d.after.running_mean"), bn.stateDict().get("running_mean"), TOL,
                    "running mean");
            Fixtures.assertClose(all.get("batch_norm1d.after.running_var"), bn.stateDict().get("running_var"), TOL,
                    "running var");
            assertEquals(1, bn.stateDict().get("num_batches_tracked").item());
            bn.eval();
            Var x = Var.constant(all.get("batch_norm1d.input"));
            bn.forward(x);
            assertEquals(1, bn.stateDict().get("num_batches_tracked").item(), "evaluation does not count batches");
        }
    }

    @Test
    void dropoutZeroesAboutPAndRescalesTheRestInTrainingOnly() {
        try (Dropout dropout = new Dropout(0.25, new RandomStream(9)); MemoryScope scope = MemoryScope.open()) {
            Var x = Var.constant(Tensor.ones(DType.F32, 100, 100));
            double[] y = dropout.forward(x).value().toDoubleArray();
            long zeros = java.util.Arrays.stream(y).filter(v -> v == 0).count();
            assertTrue(java.util.Arrays.stream(y).allMatch(v -> v == 0 || Math.abs(v - 1 / 0.75) < 1e-6));
            assertEquals(2500, zeros, 4 * Math.sqrt(10000 * 0.25 * 0.75), "zeroed fraction ≈ p (4σ)");
            dropout.eval();
            assertEquals(x.value(), dropout.forward(x).value(), "identity in evaluation");
        }
    }

    @Test
    void defaultInitialisationHasTorchBoundsAndWeightNormStartsAtV() {
        try (Linear linear = new Linear(50, 40, true, new RandomStream(3));
             WeightNormLinear wn = new WeightNormLinear(50, 40, new RandomStream(4));
             MemoryScope scope = MemoryScope.open()) {
            double bound = 1 / Math.sqrt(50);
            for (double v : linear.weight().tensor().toDoubleArray()) {
                assertTrue(Math.abs(v) <= bound);
            }
            for (double v : linear.bias().tensor().toDoubleArray()) {
                assertTrue(Math.abs(v) <= bound);
            }
            Fixtures.assertClose(wn.direction().tensor(), wn.weight().value(), 1e-6, "g = ‖v‖ makes W = v");
            wn.freezeScale();
            Tensor rowNorms = wn.weight().value().pow(2).sum(new int[] {1}, false).sqrt();
            Fixtures.assertClose(Tensor.ones(DType.F32, 40), rowNorms, 1e-6, "frozen g = 1 gives unit rows");
            assertTrue(!wn.scale().requiresGrad());
        }
    }

    @Test
    void sequentialNamesItsLayersByIndex() {
        try (Sequential mlp = new Sequential(new Linear(4, 8, true, new RandomStream(1)), Activation.relu(),
                new Linear(8, 2, true, new RandomStream(2)))) {
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(mlp.stateDict().keySet()));
            try (MemoryScope scope = MemoryScope.open()) {
                Var x = Var.constant(new RandomStream(5).normal(DType.F32, 0, 1, 3, 4));
                Var expected = mlp.layers().get(2).forward(mlp.layers().get(0).forward(x).relu());
                Fixtures.assertClose(expected.value(), mlp.forward(x).value(), 0, "sequential chain");
            }
        }
    }
}
