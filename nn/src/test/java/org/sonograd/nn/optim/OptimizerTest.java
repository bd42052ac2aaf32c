package org.sonograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.kernels.DType;
import org.sonograd.nn.checkpoint.Safetensors;
import org.sonograd.tensor.MemoryScope;

/**
 * Optimisers against hand-computed steps and against plain-loop references of the PyTorch 1.13
 * update rules, on {@link Quadratic} (gradient a·θ + c), in F64.
 */
class OptimizerTest {
    private static final double TOL = 1e-13;

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- hand-computed steps

    @Test
    void sgdMomentumAndWeightDecayHandComputed() {
        // θ0 = 0.5, g = θ + 0.3. Step 1: d = 0.8 + 0.1·0.5 = 0.85, buf = 0.85, θ1 = 0.5 − 0.1·0.85 = 0.415.
        // Step 2: g = 0.715, d = 0.715 + 0.0415 = 0.7565, buf = 0.9·0.85 + 0.7565 = 1.5215, θ2 = 0.26285.
        double[] theta = run(q -> new Sgd(q.namedParameters(), 0.1, 0.9, 0.1, false), 2).get(0);
        assertEquals(0.26285, theta[0], TOL);
        // Nesterov, one step: d = 0.85 + 0.9·0.85 = 1.615, θ1 = 0.5 − 0.1615.
        assertEquals(0.3385, run(q -> new Sgd(q.namedParameters(), 0.1, 0.9, 0.1, true), 1).get(0)[0], TOL);
    }

    @Test
    void adamFirstStepIsMinusLrTimesSignAndAdamWDecaysFirst() {
        // Step 1: m̂ = g, √v̂ = |g|, so θ1 = θ0 − lr·g/(|g| + ε); g = 0.8 for element 0.
        double lr = 0.01;
        double eps = 1e-8;
        double expected = 0.5 - lr * 0.8 / (0.8 + eps);
        assertEquals(expected, run(q -> new Adam(List.of(ParamGroup.of(q.namedParameters(), 0)), lr, 0.9, 0.999, eps), 1)
                .get(0)[0], TOL);
        // AdamW: θ0·(1 − lr·wd) first, the gradient still taken at θ0.
        double decayed = 0.5 * (1 - lr * 0.1) - lr * 0.8 / (0.8 + eps);
        assertEquals(decayed, run(q -> new AdamW(List.of(ParamGroup.of(q.namedParameters(), 0.1)), lr, 0.9, 0.999, eps), 1)
                .get(0)[0], TOL);
    }

    @Test
    void larsUpdateOfMatricesHasNormLrTimesEtaTimesParameterNorm() {
        double lr = 0.5;
        double eta = 0.02;
        double[] before = Quadratic.W0;
        List<double[]> after = run(q -> new Lars(List.of(ParamGroup.of(q.namedParameters(), 0.05)), lr, 0.9, eta), 1);
        double paramNorm = norm(before);
        double[] delta = new double[before.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = after.get(0)[i] - before[i];
        }
        assertEquals(lr * eta * paramNorm, norm(delta), 1e-12);
        // The 1-D parameter gets the plain momentum step: θ1 = θ0 − lr·g.
        for (int i = 0; i < 3; i++) {
            double g = Quadratic.A_B[i] * Quadratic.B0[i] + Quadratic.C_B[i];
            assertEquals(Quadratic.B0[i] - lr * g, after.get(1)[i], TOL);
        }
    }

    // ---------------------------------------------------------------- plain-loop references, several steps

    @Test
    void sgdVariantsMatchThePlainLoopReference() {
        for (boolean nesterov : new boolean[] {false, true}) {
            for (double dampening : nesterov ? new double[] {0} : new double[] {0, 0.3}) {
                for (double momentum : nesterov ? new double[] {0.9} : new double[] {0, 0.9}) {
                    double lr = 0.05;
                    double wd = 0.01;
                    List<double[]> got = run(q -> new Sgd(List.of(ParamGroup.of(q.namedParameters(), wd)), lr, momentum,
                            dampening, nesterov), 5);
                    List<double[]> want = reference(5, (t, theta, g, state, oneDim) -> {
                        for (int i = 0; i < theta.length; i++) {
                            double d = g[i] + wd * theta[i];
                            if (momentum != 0) {
                                state[0][i] = t == 1 ? d : momentum * state[0][i] + (1 - dampening) * d;
                                d = nesterov ? d + momentum * state[0][i] : state[0][i];
                            }
                            theta[i] -= lr * d;
                        }
                    });
                    assertClose(want, got, "sgd nesterov=" + nesterov + " dampening=" + dampening + " momentum=" + momentum);
                }
            }
        }
    }

    @Test
    void adamAndAdamWMatchThePlainLoopReference() {
        double lr = 0.02;
        double b1 = 0.8;
        double b2 = 0.95;
        double eps = 1e-6;
        double wd = 0.1;
        for (boolean decoupled : new boolean[] {false, true}) {
            List<double[]> got = run(q -> {
                List<ParamGroup> groups = List.of(ParamGroup.of(q.namedParameters(), wd));
                return decoupled ? new AdamW(groups, lr, b1, b2, eps) : new Adam(groups, lr, b1, b2, eps);
            }, 6);
            List<double[]> want = reference(6, (t, theta, g, state, oneDim) -> {
                for (int i = 0; i < theta.length; i++) {
                    double grad = g[i];
                    if (decoupled) {
                        theta[i] *= 1 - lr * wd;
                    } else {
                        grad += wd * theta[i];
                    }
                    state[0][i] = b1 * state[0][i] + (1 - b1) * grad;
                    state[1][i] = b2 * state[1][i] + (1 - b2) * grad * grad;
                    double mHat = state[0][i] / (1 - Math.pow(b1, t));
                    double denom = Math.sqrt(state[1][i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                    theta[i] -= lr * mHat / denom;
                }
            });
            assertClose(want, got, decoupled ? "adamw" : "adam");
        }
    }

    @Test
    void larsMatchesThePlainLoopReference() {
        double lr = 0.3;
        double wd = 0.05;
        double eta = 0.01;
        double momentum = 0.9;
        List<double[]> got = run(q -> new Lars(List.of(ParamGroup.of(q.namedParameters(), wd)), lr, momentum, eta), 4);
        List<double[]> want = reference(4, (t, theta, g, state, oneDim) -> {
            double[] d = g.clone();
            if (!oneDim) {
                for (int i = 0; i < d.length; i++) {
                    d[i] += wd * theta[i];
                }
                double q = eta * norm(theta) / norm(d);
                for (int i = 0; i < d.length; i++) {
                    d[i] *= q;
                }
            }
            for (int i = 0; i < d.length; i++) {
                state[0][i] = momentum * state[0][i] + d[i];
                theta[i] -= lr * state[0][i];
            }
        });
        assertClose(want, got, "lars");
    }

    @Test
    void groupsHaveTheirOwnLearningRateScaleAndWeightDecay() {
        double lr = 0.1;
        List<double[]> got = run(q -> new Sgd(List.of(
                new ParamGroup(Map.of("w", q.w), 1, 0.5),
                new ParamGroup(Map.of("b", q.b), 10, 0)), lr, 0, 0, false), 1);
        double gw = Quadratic.A_W[0] * Quadratic.W0[0] + Quadratic.C_W[0];
        assertEquals(Quadratic.W0[0] - lr * (gw + 0.5 * Quadratic.W0[0]), got.get(0)[0], TOL);
        double gb = Quadratic.A_B[0] * Quadratic.B0[0] + Quadratic.C_B[0];
        assertEquals(Quadratic.B0[0] - 10 * lr * gb, got.get(1)[0], TOL);
    }

    @Test
    void splitDecayExemptsBiasesNormsAndTokens() {
        try (Quadratic q = new Quadratic(DType.F64)) {
            List<ParamGroup> groups = ParamGroup.splitDecay(q.namedParameters(), 0.05, ParamGroup::isBiasNormOrToken);
            assertEquals(2, groups.size());
            assertEquals(List.of("w"), List.copyOf(groups.get(0).parameters().keySet()));
            assertEquals(0.05, groups.get(0).weightDecay());
            assertEquals(List.of("b"), List.copyOf(groups.get(1).parameters().keySet()));
            assertEquals(0, groups.get(1).weightDecay());
            assertTrue(ParamGroup.isBiasNormOrToken("blocks.0.pos_embed", q.w));
            assertTrue(ParamGroup.isBiasNormOrToken("cls_token", q.w));
            assertTrue(!ParamGroup.isBiasNormOrToken("blocks.0.attn.qkv.weight", q.w));
            assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(ParamGroup.of(q.namedParameters(), 0),
                    ParamGroup.of(Map.of("w", q.w), 0)), 0.1, 0, 0, false));
        }
    }

    @Test
    void frozenParametersAreNotUpdated() {
        try (Quadratic q = new Quadratic(DType.F64); Sgd sgd = new Sgd(q.namedParameters(), 0.1, 0.9, 0, false)) {
            q.b.setRequiresGrad(false);
            try (MemoryScope step = MemoryScope.open()) {
                q.loss().backward();
                sgd.step();
            }
            assertArrayEquals(Quadratic.B0, q.b.tensor().toDoubleArray());
            assertTrue(q.w.tensor().toDoubleArray()[0] != Quadratic.W0[0]);
        }
    }

    // ---------------------------------------------------------------- checkpoints

    @Test
    void optimizerStateSavedAndLoadedResumesBitForBit() throws Exception {
        for (String kind : List.of("sgd", "adamw", "lars")) {
            Function<Quadratic, Optimizer> make = q -> switch (kind) {
                case "sgd" -> new Sgd(q.namedParameters(), 0.1, 0.9, 0.01, true);
                case "adamw" -> new AdamW(List.of(ParamGroup.of(q.namedParameters(), 0.1)), 0.01, 0.9, 0.99, 1e-8);
                default -> new Lars(List.of(ParamGroup.of(q.namedParameters(), 0.1)), 0.1, 0.9, 0.01);
            };
            List<double[]> straight = run(make, 4);
            Path model = dir.resolve(kind + "-model.safetensors");
            Path state = dir.resolve(kind + "-optim.safetensors");
            try (Quadratic q = new Quadratic(DType.F64); Optimizer opt = make.apply(q)) {
                steps(q, opt, 2);
                try (MemoryScope scope = MemoryScope.open()) {
                    Safetensors.write(model, q.stateDict());
                    Safetensors.write(state, opt.stateDict());
                }
            }
            try (Quadratic q = new Quadratic(DType.F64); Optimizer opt = make.apply(q)) {
                try (MemoryScope scope = MemoryScope.open()) {
                    q.loadStateDict(Safetensors.read(model).tensors());
                    opt.loadStateDict(Safetensors.read(state).tensors());
                }
                assertEquals(2, opt.stepCount());
                steps(q, opt, 2);
                assertArrayEquals(straight.get(0), q.w.tensor().toDoubleArray(), kind);
                assertArrayEquals(straight.get(1), q.b.tensor().toDoubleArray(), kind);
            }
        }
    }

    @Test
    void loadStateDictRejectsUnknownParametersAndWrongShapes() {
        try (Quadratic q = new Quadratic(DType.F64); Sgd sgd = new Sgd(q.namedParameters(), 0.1, 0.9, 0, false);
             MemoryScope scope = MemoryScope.open()) {
            steps(q, sgd, 1);
            java.util.Map<String, org.sonograd.tensor.Tensor> state = new java.util.LinkedHashMap<>(sgd.stateDict());
            assertEquals(List.of("step", "state.w.momentum_buffer", "state.b.momentum_buffer"), List.copyOf(state.keySet()));
            state.put("state.fc.weight.momentum_buffer", org.sonograd.tensor.Tensor.zeros(DType.F64, 3));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(state)).getMessage()
                    .contains("state.fc.weight.momentum_buffer"));
            state.remove("state.fc.weight.momentum_buffer");
            state.put("state.b.momentum_buffer", org.sonograd.tensor.Tensor.zeros(DType.F64, 4));
            String message = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(state)).getMessage();
            assertTrue(message.contains("state.b.momentum_buffer") && message.contains("[4]") && message.contains("[3]"), message);
        }
    }

    // ---------------------------------------------------------------- clipping

    @Test
    void clippingScalesAllGradientsToTheGlobalNorm() {
        try (Quadratic q = new Quadratic(DType.F64); MemoryScope scope = MemoryScope.open()) {
            q.loss().backward();
            double[] gw = q.w.grad().value().toDoubleArray();
            double[] gb = q.b.grad().value().toDoubleArray();
            double total = Math.sqrt(sq(gw) + sq(gb));
            assertEquals(total, GradientClipping.clipByGlobalNorm(q.parameters(), 10 * total), 1e-14);
            assertArrayEquals(gw, q.w.grad().value().toDoubleArray(), "no clipping below the limit");

            double max = total / 2;
            assertEquals(total, GradientClipping.clipByGlobalNorm(q.parameters(), max), 1e-14);
            double scale = max / (total + 1e-6);
            double[] clipped = q.w.grad().value().toDoubleArray();
            for (int i = 0; i < gw.length; i++) {
                assertEquals(gw[i] * scale, clipped[i], 1e-15);
            }
            assertEquals(max, Math.sqrt(sq(clipped) + sq(q.b.grad().value().toDoubleArray())), 1e-5);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** One reference step for one parameter: t is 1-based; state holds two zero-initialised arrays. */
    private interface ReferenceStep {
        void apply(int t, double[] theta, double[] grad, double[][] state, boolean oneDim);
    }

    /** The parameters w and b of {@link Quadratic} after {@code steps} reference steps. */
    private static List<double[]> reference(int steps, ReferenceStep step) {
        double[][] theta = {Quadratic.W0.clone(), Quadratic.B0.clone()};
        double[][] a = {Quadratic.A_W, Quadratic.A_B};
        double[][] c = {Quadratic.C_W, Quadratic.C_B};
        double[][][] state = {new double[2][6], new double[2][3]};
        for (int t = 1; t <= steps; t++) {
            for (int p = 0; p < 2; p++) {
                double[] g = new double[theta[p].length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = a[p][i] * theta[p][i] + c[p][i];
                }
                step.apply(t, theta[p], g, state[p], p == 1);
            }
        }
        return List.of(theta[0], theta[1]);
    }

    /** The parameters w and b after {@code steps} steps of the optimiser made by {@code make}. */
    private static List<double[]> run(Function<Quadratic, Optimizer> make, int steps) {
        try (Quadratic q = new Quadratic(DType.F64); Optimizer opt = make.apply(q)) {
            steps(q, opt, steps);
            return List.of(q.w.tensor().toDoubleArray(), q.b.tensor().toDoubleArray());
        }
    }

    private static void steps(Quadratic q, Optimizer opt, int steps) {
        for (int s = 0; s < steps; s++) {
            try (MemoryScope step = MemoryScope.open()) {
                opt.zeroGrad();
                q.loss().backward();
                opt.step();
            }
        }
        opt.zeroGrad();
    }

    private static void assertClose(List<double[]> want, List<double[]> got, String what) {
        for (int p = 0; p < want.size(); p++) {
            assertArrayEquals(want.get(p), got.get(p), TOL, what + " parameter " + p);
        }
    }

    private static double norm(double[] v) {
        return Math.sqrt(sq(v));
    }

    private static double sq(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return s;
    }
}
