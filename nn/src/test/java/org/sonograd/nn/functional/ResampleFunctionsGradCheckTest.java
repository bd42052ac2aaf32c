package org.sonograd.nn.functional;

import static org.sonograd.nn.functional.RuleCases.randn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sonograd.kernels.AxisInterpolation;
import org.sonograd.nn.functional.RuleCases.Case;
import org.sonograd.tensor.Tensor;

/** Every rule of {@link ResampleFunctions} passes gradcheck and gradgradcheck in F64. */
class ResampleFunctionsGradCheckTest {
    private static Map<String, Case> cases() {
        AxisInterpolation up = AxisInterpolation.linear(4, 7, false);
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("resampleAxis", new Case(v -> ResampleFunctions.resampleAxis(v.get(0), 2, up), List.of(randn(2, 3, 4, 2))));
        c.put("resampleAxisAdjoint", new Case(v -> ResampleFunctions.resampleAxisAdjoint(v.get(0), 1, up), List.of(randn(2, 7, 3))));
        c.put("interpolate", new Case(v -> ResampleFunctions.interpolate(v.get(0), new int[] {3, 5, 4}, "trilinear", true),
                List.of(randn(1, 2, 2, 3, 3))));
        Tensor theta = Tensor.of(new double[] {0.9, 0.2, 0.1, -0.1, 1.1, -0.2, 1.2, -0.3, 0.05, 0.25, 0.8, 0.3}, 2, 2, 3);
        c.put("affineGrid", new Case(v -> ResampleFunctions.affineGrid(v.get(0), new long[] {2, 1, 3, 4}, false), List.of(theta)));
        // grid points away from integer pixel coordinates, where bilinear sampling is smooth
        Tensor grid = Tensor.of(new double[] {-0.83, -0.41, 0.37, 0.12, 0.61, -0.77, 1.13, 0.52, -0.29, 0.88, 0.07, -0.06,
                0.44, 0.33, -1.07, 0.21, 0.72, 0.66, -0.58, -0.93, 0.19, 0.91, -0.36, 0.28}, 2, 2, 3, 2);
        c.put("gridSample", new Case(v -> ResampleFunctions.gridSample(v.get(0), v.get(1), false),
                List.of(randn(2, 2, 3, 4), grid)));
        c.put("affineWarp", new Case(v -> ResampleFunctions.affineWarp(v.get(0), v.get(1), 3, 4, false),
                List.of(randn(2, 1, 4, 5), theta)));
        return c;
    }

    @Test
    void everyRuleHasAGradCheckCase() {
        RuleCases.assertEveryRuleHasACase(ResampleFunctions.class, cases());
    }

    @TestFactory
    Stream<DynamicTest> firstAndSecondDerivativesMatchFiniteDifferences() {
        return RuleCases.checks(cases());
    }
}
