package org.sonograd.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sonograd.nn.functional.RuleCases.of;
import static org.sonograd.nn.functional.RuleCases.randn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

class LayerFunctionsGradCheckTest {
    private static Map<String, RuleCases.Case> cases() {
        Map<String, RuleCases.Case> c = new LinkedHashMap<>();
        c.put("linear", of(v -> LayerFunctions.linear(v.get(0), v.get(1), v.get(2)), randn(2, 2, 3), randn(4, 3), randn(4)));
        Tensor tokens = Tensor.ofLongs(new long[] {3, 0, 3, 1}, 2, 2);
        c.put("embedding", of(v -> LayerFunctions.embedding(tokens, v.get(0)), randn(5, 3)));
        // The same seed gives the same mask in every evaluation, as the check needs.
        c.put("dropout", of(v -> LayerFunctions.dropout(v.get(0), 0.4, true, new RandomStream(3)), randn(3, 4)));
        c.put("normalize", of(v -> LayerFunctions.normalize(v.get(0), 1, 1e-12), randn(3, 4)));
        return c;
    }

    @Test
    void everyRuleHasAGradCheckCase() {
        RuleCases.assertEveryRuleHasACase(LayerFunctions.class, cases());
    }

    @TestFactory
    Stream<DynamicTest> firstAndSecondDerivativesMatchFiniteDifferences() {
        return RuleCases.checks(cases());
    }

    @Test
    void dropoutKeepsAboutOneMinusPScaledAndIsReproducibleFromTheSeed() {
        Tensor x = Tensor.full(DType.F32, 2.0, 100, 100);
        float[] y = LayerFunctions.dropout(Var.constant(x), 0.3, true, new RandomStream(11)).value().toFloatArray();
        int kept = 0;
        for (float v : y) {
            assertTrue(v == 0f || Math.abs(v - 2.0 / 0.7) < 1e-6, "dropped (0) or scaled by 1/(1-p): " + v);
            kept += v != 0f ? 1 : 0;
        }
        assertEquals(0.7, kept / 10000.0, 0.02, "fraction kept");
        assertArrayEquals(y, LayerFunctions.dropout(Var.constant(x), 0.3, true, new RandomStream(11)).value().toFloatArray(),
                "same seed, same mask");
        assertArrayEquals(x.toFloatArray(), LayerFunctions.dropout(Var.constant(x), 0.3, false, new RandomStream(11))
                .value().toFloatArray(), "identity in evaluation");
    }
}
