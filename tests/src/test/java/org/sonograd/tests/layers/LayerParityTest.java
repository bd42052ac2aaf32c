package org.sonograd.tests.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sonograd.autograd.Autograd;
import org.sonograd.autograd.Functions;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.functional.ActivationFunctions;
import org.sonograd.nn.functional.AttentionFunctions;
import org.sonograd.nn.functional.IndexFunctions;
import org.sonograd.nn.functional.LayerFunctions;
import org.sonograd.nn.functional.LossFunctions;
import org.sonograd.nn.functional.NormFunctions;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.SinkhornKnopp;
import org.sonograd.tensor.Tensor;

/**
 * Every layer, activation, attention and loss op against PyTorch 1.13 (fixtures written by
 * tests/fixtures/gen_layers_fixtures.py): the output and the gradient of every float input, for the
 * fixture's cotangent, must agree to 1e-4 in max |error| / max |PyTorch value| (F32).
 */
class LayerParityTest {
    private static final double TOLERANCE = 1e-4;

    /** A case: which fixture inputs are differentiated, and the op written with Sonograd's functions. */
    private record Case(List<String> parameters, Function<Inputs, Var> op) {}

    /** The fixture's tensors as vars: parameters for the differentiated inputs, constants otherwise. */
    private record Inputs(Fixture fixture, Map<String, Var> vars) {
        Var v(String name) {
            return vars.computeIfAbsent(name, k -> Var.constant(fixture.get(k)));
        }

        Tensor t(String name) {
            return fixture.get(name);
        }
    }

    private static Case c(Function<Inputs, Var> op, String... parameters) {
        return new Case(List.of(parameters), op);
    }

    private static Map<String, Case> cases() {
        Map<String, Case> m = new LinkedHashMap<>();
        for (String bn : List.of("batchnorm1d_train", "batchnorm1d_seq_train", "batchnorm2d_train", "batchnorm3d_train")) {
            m.put(bn, c(in -> batchNorm(in, true), "x", "w", "b"));
        }
        m.put("batchnorm2d_eval", c(in -> batchNorm(in, false), "x", "w", "b"));
        m.put("layernorm", c(in -> NormFunctions.layerNorm(in.v("x"), 2, in.v("w"), in.v("b"), 1e-5), "x", "w", "b"));
        m.put("groupnorm", c(in -> NormFunctions.groupNorm(in.v("x"), 3, in.v("w"), in.v("b"), 1e-5), "x", "w", "b"));
        m.put("linear", c(in -> LayerFunctions.linear(in.v("x"), in.v("w"), in.v("b")), "x", "w", "b"));
        m.put("embedding", c(in -> LayerFunctions.embedding(in.t("c_idx"), in.v("w")), "w"));
        m.put("gelu", c(in -> ActivationFunctions.gelu(in.v("x")), "x"));
        m.put("gelu_tanh", c(in -> ActivationFunctions.geluTanh(in.v("x")), "x"));
        m.put("relu", c(in -> Functions.relu(in.v("x")), "x"));
        m.put("silu", c(in -> ActivationFunctions.silu(in.v("x")), "x"));
        m.put("sigmoid", c(in -> Functions.sigmoid(in.v("x")), "x"));
        m.put("tanh", c(in -> Functions.tanh(in.v("x")), "x"));
        m.put("softplus", c(in -> ActivationFunctions.softplus(in.v("x"), 2, 3), "x"));
        m.put("cumsum", c(in -> IndexFunctions.cumsum(in.v("x"), 1, false), "x"));
        m.put("topk", c(in -> IndexFunctions.topK(in.v("x"), 3, 1, true), "x"));
        m.put("mhsa", c(in -> AttentionFunctions.multiHeadSelfAttention(in.v("x"), in.v("in_w"), in.v("in_b"),
                in.v("out_w"), in.v("out_b"), 2, in.t("keep").to(DType.BOOL)), "x", "in_w", "in_b", "out_w", "out_b"));
        m.put("ce_smooth", c(in -> LossFunctions.crossEntropy(in.v("x"), in.t("target"), 0.1, null), "x"));
        m.put("ce_spatial", c(in -> LossFunctions.crossEntropy(in.v("x"), in.t("target")), "x"));
        m.put("ce_weighted", c(in -> LossFunctions.crossEntropy(in.v("x"), in.t("target"), 0, in.v("w")), "x", "w"));
        m.put("ce_soft", c(in -> LossFunctions.softCrossEntropy(in.v("x"), in.v("t"), 0.2, null), "x", "t"));
        m.put("bce_logits", c(in -> LossFunctions.bceWithLogits(in.v("x"), in.v("t"), Tensor.of(new float[] {1, 2, 0.5f}), null),
                "x", "t"));
        m.put("mse", c(in -> LossFunctions.mse(in.v("x"), in.v("t")), "x", "t"));
        m.put("smooth_l1", c(in -> LossFunctions.smoothL1(in.v("x"), in.v("t"), 0.5, null), "x", "t"));
        m.put("kl_div", c(in -> LossFunctions.klDiv(in.v("x"), in.v("t"), false), "x", "t"));
        m.put("kl_div_zero_target", c(in -> LossFunctions.klDiv(in.v("x"), in.v("c_t"), false), "x"));
        m.put("dice", c(in -> LossFunctions.dice(in.v("p"), in.v("t"), 1.0), "p", "t"));
        m.put("nt_xent", c(in -> LossFunctions.ntXent(in.v("z1"), in.v("z2"), 0.5, null, null), "z1", "z2"));
        m.put("nt_xent_weighted", c(in -> LossFunctions.ntXent(in.v("z1"), in.v("z2"), 0.5, in.v("w"), null), "z1", "z2", "w"));
        m.put("cross_modal_infonce", c(in -> LossFunctions.crossModalInfoNce(in.v("v"), in.v("s"), 0.07, null, in.t("affinity")),
                "v", "s"));
        return m;
    }

    private static Var batchNorm(Inputs in, boolean training) {
        Tensor mean = in.t("c_running_mean").copy();
        Tensor var = in.t("c_running_var").copy();
        Var y = NormFunctions.batchNorm(in.v("x"), mean, var, in.v("w"), in.v("b"), training, 0.1, 1e-5);
        assertClose(in.fixture().name + " running mean", mean, in.t("after_mean"));
        assertClose(in.fixture().name + " running var", var, in.t("after_var"));
        return y;
    }

    private static void assertClose(String what, Tensor actual, Tensor expected) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        double err = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            err = Math.max(err, Math.abs(a[i] - e[i]));
            scale = Math.max(scale, Math.abs(e[i]));
        }
        double relative = err / Math.max(scale, 1e-30);
        assertTrue(relative <= TOLERANCE, what + ": max |error| / max |value| = " + relative + " > " + TOLERANCE);
    }

    @TestFactory
    Stream<DynamicTest> matchPyTorch() {
        return cases().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            try (MemoryScope scope = MemoryScope.open()) {
                Fixture f = new Fixture(e.getKey());
                Map<String, Var> vars = new LinkedHashMap<>();
                List<Var> params = new ArrayList<>();
                for (String p : e.getValue().parameters()) {
                    Var v = Var.parameter(f.get(p));
                    vars.put(p, v);
                    params.add(v);
                }
                Var y = e.getValue().op().apply(new Inputs(f, vars));
                assertClose(e.getKey() + " output", y.value().reshape(f.get("y").shape()), f.get("y"));
                Var gy = Var.constant(f.get("gy").reshape(y.shape()));
                List<Var> grads = Autograd.grad(List.of(y), List.of(gy), params, false, false);
                for (int i = 0; i < params.size(); i++) {
                    String name = e.getValue().parameters().get(i);
                    assertClose(e.getKey() + " gradient of " + name, grads.get(i).value(), f.get("g_" + name));
                }
            }
        }));
    }

    @Test
    void sinkhornMatchesPyTorch() {
        Fixture f = new Fixture("sinkhorn");
        assertClose("sinkhorn", SinkhornKnopp.assign(f.get("x"), 0.05, 3), f.get("y"));
    }
}
