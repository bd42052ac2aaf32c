package org.sonograd.nn.functional;

import static org.sonograd.nn.functional.RuleCases.of;
import static org.sonograd.nn.functional.RuleCases.randn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sonograd.tensor.Tensor;

class AttentionFunctionsGradCheckTest {
    private static Map<String, RuleCases.Case> cases() {
        Map<String, RuleCases.Case> c = new LinkedHashMap<>();
        Tensor keep = Tensor.ofBooleans(new boolean[] {true, false, true, true, true, true, false, true}, 2, 4);
        c.put("scaledDotProductAttention", of(v -> AttentionFunctions.scaledDotProductAttention(v.get(0), v.get(1), v.get(2),
                keep, 0.7), randn(2, 1, 4, 3), randn(2, 1, 4, 3), randn(2, 1, 4, 3)));
        Tensor keep3 = Tensor.ofBooleans(new boolean[] {true, true, false, true, false, true}, 2, 3);
        c.put("multiHeadSelfAttention", of(v -> AttentionFunctions.multiHeadSelfAttention(v.get(0), v.get(1), v.get(2),
                v.get(3), v.get(4), 2, keep3), randn(2, 3, 4), randn(12, 4), randn(12), randn(4, 4), randn(4)));
        return c;
    }

    @Test
    void everyRuleHasAGradCheckCase() {
        RuleCases.assertEveryRuleHasACase(AttentionFunctions.class, cases());
    }

    @TestFactory
    Stream<DynamicTest> firstAndSecondDerivativesMatchFiniteDifferences() {
        return RuleCases.checks(cases());
    }
}
