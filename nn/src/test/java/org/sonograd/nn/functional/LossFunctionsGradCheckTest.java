package org.sonograd.nn.functional;

import static org.sonograd.nn.functional.RuleCases.of;
import static org.sonograd.nn.functional.RuleCases.randn;
import static org.sonograd.nn.functional.RuleCases.uniform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sonograd.tensor.Tensor;

class LossFunctionsGradCheckTest {
    private static Map<String, RuleCases.Case> cases() {
        Map<String, RuleCases.Case> c = new LinkedHashMap<>();
        Tensor target = Tensor.ofLongs(new long[] {2, 0, 1, 2, 1, 0}, 2, 3);
        c.put("crossEntropy", of(v -> LossFunctions.crossEntropy(v.get(0), target, 0.1, v.get(1)),
                randn(2, 3, 3), uniform(0.1, 1, 2, 3)));
        c.put("softCrossEntropy", of(v -> LossFunctions.softCrossEntropy(v.get(0), v.get(1).softmax(1), 0.1, null),
                randn(3, 4), randn(3, 4)));
        c.put("bceWithLogits", of(v -> LossFunctions.bceWithLogits(v.get(0), v.get(1), Tensor.of(new double[] {1.5, 0.5, 2}), null),
                randn(2, 3), uniform(0, 1, 2, 3)));
        c.put("mse", of(v -> LossFunctions.mse(v.get(0), v.get(1)), randn(2, 3), randn(2, 3)));
        c.put("smoothL1", of(v -> LossFunctions.smoothL1(v.get(0), v.get(1), 0.5, null),
                Tensor.of(new double[] {0.1, -1.2, 2.0, 0.3, -0.05, 0.9}, 2, 3), Tensor.of(new double[] {0.2, 0.1, 0.4, -0.6, 0.0, 1.1}, 2, 3)));
        c.put("klDiv", of(v -> LossFunctions.klDiv(v.get(0).logSoftmax(1), v.get(1).softmax(1), false), randn(2, 4), randn(2, 4)));
        c.put("dice", of(v -> LossFunctions.dice(v.get(0).sigmoid(), v.get(1), 1.0), randn(2, 2, 3), uniform(0, 1, 2, 2, 3)));
        Tensor pairWeights = uniform(0.2, 1, 4, 5);
        c.put("infoNce", of(v -> LossFunctions.infoNce(v.get(0), v.get(1), new long[] {1, 0, 4, 2}, v.get(2), pairWeights, 0.5, true),
                randn(4, 3), randn(5, 3), uniform(0.1, 1, 4)));
        c.put("ntXent", of(v -> LossFunctions.ntXent(v.get(0), v.get(1), 0.5, v.get(2), null), randn(3, 4), randn(3, 4), uniform(0.1, 1, 3)));
        Tensor affinityWeights = uniform(0, 1, 3, 3);
        c.put("crossModalInfoNce", of(v -> LossFunctions.crossModalInfoNce(v.get(0), v.get(1), 0.3, null, affinityWeights),
                randn(3, 4), randn(3, 4)));
        return c;
    }

    @Test
    void everyRuleHasAGradCheckCase() {
        RuleCases.assertEveryRuleHasACase(LossFunctions.class, cases());
    }

    @TestFactory
    Stream<DynamicTest> firstAndSecondDerivativesMatchFiniteDifferences() {
        return RuleCases.checks(cases());
    }
}
