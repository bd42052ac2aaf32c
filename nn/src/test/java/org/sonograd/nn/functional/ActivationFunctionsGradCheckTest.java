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

class ActivationFunctionsGradCheckTest {
    private static Map<String, RuleCases.Case> cases() {
        Map<String, RuleCases.Case> c = new LinkedHashMap<>();
        c.put("erf", of(v -> ActivationFunctions.erf(v.get(0)), randn(2, 3)));
        c.put("gelu", of(v -> ActivationFunctions.gelu(v.get(0)), randn(2, 3)));
        c.put("geluTanh", of(v -> ActivationFunctions.geluTanh(v.get(0)), randn(2, 3)));
        c.put("silu", of(v -> ActivationFunctions.silu(v.get(0)), randn(2, 3)));
        // β = 2, threshold 3: the values straddle both branches (βx = 4 is linear, the rest smooth).
        c.put("softplus", of(v -> ActivationFunctions.softplus(v.get(0), 2, 3),
                Tensor.of(new double[] {-2.1, -0.3, 0.4, 1.2, 2.0, -5.5}, 2, 3)));
        return c;
    }

    @Test
    void everyRuleHasAGradCheckCase() {
        RuleCases.assertEveryRuleHasACase(ActivationFunctions.class, cases());
    }

    @TestFactory
    Stream<DynamicTest> firstAndSecondDerivativesMatchFiniteDifferences() {
        return RuleCases.checks(cases());
    }
}
