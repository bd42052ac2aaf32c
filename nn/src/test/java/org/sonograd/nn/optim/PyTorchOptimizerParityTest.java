package org.sonograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.checkpoint.Safetensors;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/**
 * Three steps of every optimiser against PyTorch 1.13 on the same parameters and gradients
 * (fixture written by tests/fixtures/gen_optim_fixtures.py), in F32 and F64.
 */
class PyTorchOptimizerParityTest {
    private static final int STEPS = 3;

    @TempDir
    Path dir;

    /** w [2,3] and b [3] loaded from the fixture; its "loss" Σ θ·G has gradient G. */
    private static final class Pair extends Module {
        final Parameter w;
        final Parameter b;

        Pair(Tensor w, Tensor b) {
            this.w = addParameter("w", w.copy());
            this.b = addParameter("b", b.copy());
        }

        Var lossWithGradients(Tensor gw, Tensor gb) {
            return w.var().mul(Var.constant(gw)).sum().add(b.var().mul(Var.constant(gb)).sum());
        }

        @Override
        public Var forward(Var input) {
            throw new UnsupportedOperationException("Pair holds parameters only");
        }
    }

    private record Case(String name, String description, Function<Pair, Optimizer> make) {}

    private static final List<Case> CASES = List.of(
            new Case("sgd", "SGD lr=0.1 momentum=0.9 dampening=0.1 weight_decay=0.01 nesterov=False",
                    p -> new Sgd(List.of(ParamGroup.of(p.namedParameters(), 0.01)), 0.1, 0.9, 0.1, false)),
            new Case("sgd_nesterov", "SGD lr=0.05 momentum=0.9 dampening=0 weight_decay=0.0001 nesterov=True",
                    p -> new Sgd(p.namedParameters(), 0.05, 0.9, 1e-4, true)),
            new Case("sgd_groups", "SGD lr=0.1 momentum=0 groups: w(lr_scale=1, weight_decay=0.5) b(lr_scale=10, weight_decay=0)",
                    p -> new Sgd(List.of(new ParamGroup(Map.of("w", p.w), 1, 0.5), new ParamGroup(Map.of("b", p.b), 10, 0)),
                            0.1, 0, 0, false)),
            new Case("adam", "Adam lr=0.01 betas=(0.9,0.999) eps=1e-08 weight_decay=0.01",
                    p -> new Adam(List.of(ParamGroup.of(p.namedParameters(), 0.01)), 0.01, 0.9, 0.999, 1e-8)),
            new Case("adamw", "AdamW lr=0.01 betas=(0.9,0.95) eps=1e-08 groups: w(weight_decay=0.05) b(weight_decay=0)",
                    p -> new AdamW(ParamGroup.splitDecay(p.namedParameters(), 0.05, ParamGroup::isBiasNormOrToken),
                            0.01, 0.9, 0.95, 1e-8)),
            new Case("lars", "LARS(dino) lr=0.3 momentum=0.9 eta=0.001 weight_decay=1e-06",
                    p -> new Lars(List.of(ParamGroup.of(p.namedParameters(), 1e-6)), 0.3, 0.9, 0.001)),
            new Case("clip", "clip_grad_norm_ max_norm=1.0 then SGD lr=0.1",
                    p -> new Sgd(p.namedParameters(), 0.1, 0, 0, false)));

    @Test
    void everyOptimiserFollowsPyTorchForThreeSteps() throws IOException {
        Path file = dir.resolve("optim.safetensors");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/optim/optim.safetensors")) {
            Files.copy(in, file);
        }
        try (MemoryScope scope = MemoryScope.open()) {
            Safetensors.Contents fixture = Safetensors.read(file);
            Map<String, Tensor> t = fixture.tensors();
            assertEquals(Integer.toString(STEPS), fixture.metadata().get("steps"));
            for (Case c : CASES) {
                assertEquals(c.description, fixture.metadata().get(c.name), "fixture and test describe the same case");
                for (String dtype : List.of("F32", "F64")) {
                    String prefix = c.name + "." + dtype + ".";
                    double tolerance = dtype.equals("F32") ? 2e-6 : 1e-13;
                    try (Pair pair = new Pair(t.get(prefix + "init.w"), t.get(prefix + "init.b"));
                         Optimizer opt = c.make.apply(pair)) {
                        for (int s = 0; s < STEPS; s++) {
                            try (MemoryScope step = MemoryScope.open()) {
                                opt.zeroGrad();
                                pair.lossWithGradients(t.get(prefix + "grad." + s + ".w"), t.get(prefix + "grad." + s + ".b"))
                                        .backward();
                                if (c.name.equals("clip")) {
                                    double norm = GradientClipping.clipByGlobalNorm(pair.parameters(), 1.0);
                                    assertEquals(t.get(prefix + "norm." + s).item(), norm, tolerance * norm, prefix + "norm " + s);
                                }
                                opt.step();
                            }
                            assertMatches(t.get(prefix + "after." + s + ".w"), pair.w.tensor(), tolerance, prefix + "w step " + s);
                            assertMatches(t.get(prefix + "after." + s + ".b"), pair.b.tensor(), tolerance, prefix + "b step " + s);
                        }
                        opt.zeroGrad();
                    }
                }
            }
        }
    }

    /** max |expected − actual| ≤ tolerance · max |expected|. */
    private static void assertMatches(Tensor expected, Tensor actual, double tolerance, String what) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double maxErr = 0;
        double maxAbs = 0;
        for (int i = 0; i < e.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(e[i] - a[i]));
            maxAbs = Math.max(maxAbs, Math.abs(e[i]));
        }
        assertTrue(maxErr <= tolerance * maxAbs, what + ": max error " + maxErr + " vs max value " + maxAbs);
    }
}
