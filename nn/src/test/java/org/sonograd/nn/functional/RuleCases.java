package org.sonograd.nn.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.sonograd.autograd.GradCheck;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/** Gradient-check cases of a rule table: every rule needs one, and each must pass first and second order in F64. */
final class RuleCases {
    record Case(Function<List<Var>, Var> f, List<Tensor> inputs) {}

    private RuleCases() {}

    static final RandomStream RNG = new RandomStream(20240);

    static Tensor randn(long... shape) {
        return RNG.normal(DType.F64, 0, 1, shape);
    }

    static Tensor uniform(double lo, double hi, long... shape) {
        return RNG.uniform(DType.F64, lo, hi, shape);
    }

    static Case of(Function<List<Var>, Var> f, Tensor... inputs) {
        return new Case(f, List.of(inputs));
    }

    static void assertEveryRuleHasACase(Class<?> table, Map<String, Case> cases) {
        assertEquals(GradCheck.ruleNames(table), new TreeSet<>(cases.keySet()),
                "rules of " + table.getSimpleName() + " without a gradcheck case (or cases without a rule)");
    }

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
