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
import org.sonograd.kernels.DType;
import org.sonograd.tensor.Tensor;

class NormFunctionsGradCheckTest {
    private static Map<String, RuleCases.Case> cases() {
        Map<String, RuleCases.Case> c = new LinkedHashMap<>();
        c.put("batchNorm", of(v -> NormFunctions.batchNorm(v.get(0), Tensor.zeros(DType.F64, 3), Tensor.ones(DType.F64, 3),
                v.get(1), v.get(2), true, 0.1, 1e-5), randn(2, 3, 2, 2), uniform(0.5, 1.5, 3), randn(3)));
        c.put("layerNorm", of(v -> NormFunctions.layerNorm(v.get(0), 2, v.get(1), v.get(2), 1e-5),
                randn(2, 3, 4), uniform(0.5, 1.5, 3, 4), randn(3, 4)));
        c.put("groupNorm", of(v -> NormFunctions.groupNorm(v.get(0), 2, v.get(1), v.get(2), 1e-5),
                randn(2, 4, 3), uniform(0.5, 1.5, 4), randn(4)));
        c.put("batchNormRelu", of(v -> NormFunctions.batchNormRelu(v.get(0), Tensor.zeros(DType.F64, 3),
                Tensor.ones(DType.F64, 3), v.get(1), v.get(2), true, 0.1, 1e-5), randn(2, 3, 2, 2), uniform(0.5, 1.5, 3),
                randn(3)));
        return c;
    }

    /** Training batch norm (and with ReLU) runs a fused kernel: also without γ/β, over NCDHW and over [N, C]. */
    private static Map<String, RuleCases.Case> batchNormVariants() {
        Map<String, RuleCases.Case> c = new LinkedHashMap<>();
        c.put("batchNorm without affine, NCDHW", of(v -> NormFunctions.batchNorm(v.get(0), null, null, null, null, true,
                0.1, 1e-5), randn(2, 2, 2, 3, 2)));
        c.put("batchNorm [N, C], weight only", of(v -> NormFunctions.batchNorm(v.get(0), null, null, v.get(1), null, true,
                0.1, 1e-5), randn(5, 3), uniform(0.5, 1.5, 3)));
        c.put("batchNorm NCHW, bias only", of(v -> NormFunctions.batchNorm(v.get(0), null, null, null, v.get(1), true,
                0.1, 1e-5), randn(3, 2, 3, 5), randn(2)));
        c.put("batchNormRelu without affine, NCDHW", of(v -> NormFunctions.batchNormRelu(v.get(0), null, null, null, null,
                true, 0.1, 1e-5), randn(2, 2, 2, 3, 2)));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> batchNormVariantsMatchFiniteDifferences() {
        return RuleCases.checks(batchNormVariants());
    }

    @Test
    void everyRuleHasAGradCheckCase() {
        RuleCases.assertEveryRuleHasACase(NormFunctions.class, cases());
    }

    @TestFactory
    Stream<DynamicTest> firstAndSecondDerivativesMatchFiniteDifferences() {
        return RuleCases.checks(cases());
    }
}
