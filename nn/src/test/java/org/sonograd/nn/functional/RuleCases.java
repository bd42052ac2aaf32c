package org.sonograd.nn.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.sonograd.autograd.GradCheck;
import org.sonograd.autograd.Var;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/** Shared pieces of the rule-table gradient checks: cases, random F64 inputs, and the check itself. */
final class RuleCases {
    /** A function of some vars and the F64 inputs to check it at. */
    record Case(Function<List<Var>, Var> f, List<Tensor> inputs) {}

    private RuleCases() {}

    /** N(0, 1) values, F64, from a seeded generator (test inputs only). */
    static Tensor randn(Random random, long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return Tensor.of(v, shape);
    }

    /** Asserts that the rule names of the table are exactly the case names. */
    static void assertCovered(Class<?> table, Map<String, Case> cases) {
        assertEquals(GradCheck.ruleNames(table), new TreeSet<>(cases.keySet()), "rules without a gradcheck case");
    }

    /** One dynamic test per case: gradcheck and gradgradcheck in F64. */
    static Stream<DynamicTest> checks(Map<String, Case> cases) {
        return cases.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            try (MemoryScope scope = MemoryScope.open()) {
                GradCheck.Result first = GradCheck.gradcheck(e.getValue().f(), e.getValue().inputs());
                assertTrue(first.passed(), e.getKey() + " gradcheck: " + first.worst());
                GradCheck.Result second = GradCheck.gradgradcheck(e.getValue().f(), e.getValue().inputs());
                assertTrue(second.passed(), e.getKey() + " gradgradcheck: " + second.worst());
            }
        }));
    }
}
