package org.sonograd.nn.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sonograd.autograd.Autograd;
import org.sonograd.nn.functional.RuleCases.Case;
import org.sonograd.autograd.Var;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/** Every rule of {@link ConvFunctions} passes gradcheck and gradgradcheck in F64; a rule without a case fails. */
class ConvFunctionsGradCheckTest {

    private static Tensor randn(long... shape) {
        return RuleCases.randn(shape);
    }

    private static ConvOptions opts(int[] stride, int[] padding, int[] dilation, int groups) {
        return new ConvOptions(stride, padding, dilation, groups, new int[stride.length]);
    }

    private static Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        ConvOptions o2 = opts(new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 2}, 1);
        long[] x2 = {2, 2, 5, 6};
        long[] w2 = {3, 2, 3, 3};
        long[] y2 = {2, 3, 3, 4};
        c.put("conv", new Case(v -> ConvFunctions.conv(v.get(0), v.get(1), o2), List.of(randn(x2), randn(w2))));
        c.put("convInputGrad", new Case(v -> ConvFunctions.convInputGrad(v.get(0), v.get(1), x2, o2),
                List.of(randn(y2), randn(w2))));
        c.put("convWeightGrad", new Case(v -> ConvFunctions.convWeightGrad(v.get(0), v.get(1), w2, o2),
                List.of(randn(x2), randn(y2))));
        c.put("conv1d", new Case(v -> ConvFunctions.conv1d(v.get(0), v.get(1), v.get(2), ConvOptions.of(1, 2, 1, 1, 2)),
                List.of(randn(2, 4, 7), randn(4, 2, 3), randn(4))));
        c.put("conv2d", new Case(v -> ConvFunctions.conv2d(v.get(0), v.get(1), v.get(2), ConvOptions.of(2, 1, 1, 1, 3)),
                List.of(randn(1, 3, 5, 5), randn(3, 1, 3, 3), randn(3))));
        c.put("conv3d", new Case(v -> ConvFunctions.conv3d(v.get(0), v.get(1), v.get(2),
                opts(new int[] {1, 2, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1}, 1)),
                List.of(randn(1, 2, 3, 4, 4), randn(2, 2, 2, 3, 3), randn(2))));
        c.put("convTranspose1d", new Case(v -> ConvFunctions.convTranspose1d(v.get(0), v.get(1), v.get(2),
                ConvOptions.of(1, 2, 1, 1, 1).withOutputPadding(1)), List.of(randn(1, 2, 4), randn(2, 3, 3), randn(3))));
        c.put("convTranspose2d", new Case(v -> ConvFunctions.convTranspose2d(v.get(0), v.get(1), null,
                ConvOptions.of(2, 2, 0, 1, 2)), List.of(randn(1, 2, 3, 3), randn(2, 1, 3, 3))));
        c.put("convTranspose3d", new Case(v -> ConvFunctions.convTranspose3d(v.get(0), v.get(1), v.get(2),
                ConvOptions.of(3, 2, 0, 1, 1)), List.of(randn(1, 2, 2, 2, 2), randn(2, 2, 2, 2, 2), randn(2))));
        return c;
    }

    @Test
    void everyRuleHasAGradCheckCase() {
        RuleCases.assertEveryRuleHasACase(ConvFunctions.class, cases());
    }

    @TestFactory
    Stream<DynamicTest> firstAndSecondDerivativesMatchFiniteDifferences() {
        return RuleCases.checks(cases());
    }

    @Test
    void aConstantInputGetsNoGradientComputed() {
        try (MemoryScope scope = MemoryScope.open()) {
            Var x = Var.constant(randn(1, 2, 4, 4));
            Var w = Var.parameter(randn(3, 2, 3, 3));
            Var y = ConvFunctions.conv2d(x, w, null, ConvOptions.of(2, 1, 1, 1, 1));
            List<Var> grads = Autograd.grad(y.sum(), List.of(w), false);
            assertEquals(List.of(3L, 2L, 3L, 3L), java.util.Arrays.stream(grads.getFirst().shape()).boxed().toList());
            assertNull(x.grad());
        }
    }
}
