package org.sonograd.nn.functional;

import static org.sonograd.nn.functional.RuleCases.of;
import static org.sonograd.nn.functional.RuleCases.randn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
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
}
