package org.sonograd.nn.functional;

import static org.sonograd.nn.functional.RuleCases.randn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sonograd.nn.functional.RuleCases.Case;

/** Every rule of {@link PoolFunctions} passes gradcheck and gradgradcheck in F64. */
class PoolFunctionsGradCheckTest {
    private static Map<String, Case> cases() {
        int[] k3 = {3, 3};
        int[] s2 = {2, 2};
        int[] p1 = {1, 1};
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("avgPool", new Case(v -> PoolFunctions.avgPool(v.get(0), k3, s2, p1, false), List.of(randn(1, 2, 5, 6))));
        c.put("avgPoolBackward", new Case(v -> PoolFunctions.avgPoolBackward(v.get(0), new long[] {1, 2, 5, 6}, k3, s2, p1, true),
                List.of(randn(1, 2, 3, 3))));
        c.put("adaptiveAvgPool", new Case(v -> PoolFunctions.adaptiveAvgPool(v.get(0), new int[] {2, 3}), List.of(randn(2, 1, 5, 7))));
        c.put("adaptiveAvgPoolBackward", new Case(v -> PoolFunctions.adaptiveAvgPoolBackward(v.get(0), new long[] {2, 1, 5, 7}),
                List.of(randn(2, 1, 2, 3))));
        c.put("avgPool2d", new Case(v -> PoolFunctions.avgPool2d(v.get(0), k3, s2, p1), List.of(randn(1, 2, 5, 5))));
        c.put("avgPool3d", new Case(v -> PoolFunctions.avgPool3d(v.get(0), new int[] {2, 2, 2}, new int[] {1, 2, 2}, new int[] {0, 1, 0}),
                List.of(randn(1, 1, 3, 4, 4))));
        c.put("adaptiveAvgPool2d", new Case(v -> PoolFunctions.adaptiveAvgPool2d(v.get(0), new int[] {1, 1}), List.of(randn(2, 2, 3, 3))));
        c.put("adaptiveAvgPool3d", new Case(v -> PoolFunctions.adaptiveAvgPool3d(v.get(0), new int[] {2, 1, 2}),
                List.of(randn(1, 2, 3, 3, 5))));
        c.put("maxPool2d", new Case(v -> PoolFunctions.maxPool2d(v.get(0), k3, s2, p1), List.of(randn(2, 2, 5, 6))));
        c.put("maxPool3d", new Case(v -> PoolFunctions.maxPool3d(v.get(0), new int[] {1, 3, 3}, new int[] {1, 2, 2}, new int[] {0, 1, 1}),
                List.of(randn(1, 2, 2, 5, 5))));
        return c;
    }

    @Test
    void everyRuleHasAGradCheckCase() {
        RuleCases.assertEveryRuleHasACase(PoolFunctions.class, cases());
    }

    @TestFactory
    Stream<DynamicTest> firstAndSecondDerivativesMatchFiniteDifferences() {
        return RuleCases.checks(cases());
    }
}
