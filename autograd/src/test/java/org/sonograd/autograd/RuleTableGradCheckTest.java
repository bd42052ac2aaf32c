package org.sonograd.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Walks the rule table ({@link Functions}): every rule must have a case here, and every case must
 * pass gradcheck and gradgradcheck in float64. Adding a rule without a case fails the build.
 */
class RuleTableGradCheckTest {

    private record Case(Function<List<Var>, Var> f, List<Tensor> inputs) {}

    private static final RandomStream RNG = new RandomStream(7);

    private static Tensor randn(long... shape) {
        return RNG.normal(DType.F64, 0, 1, shape);
    }

    /** Values in [lo, hi): for ops defined on a half-line (log, sqrt, reciprocal). */
    private static Tensor uniform(double lo, double hi, long... shape) {
        return RNG.uniform(DType.F64, lo, hi, shape);
    }

    /** Values away from 0, so |x| and relu are differentiable where they are probed. */
    private static Tensor awayFromZero(long... shape) {
        Tensor u = uniform(0.2, 1.5, shape);
        Tensor sign = RNG.bernoulli(DType.F64, 0.5, shape).mul(2).sub(1);
        return u.mul(sign);
    }

    private static Case unary(Function<Var, Var> f, Tensor x) {
        return new Case(v -> f.apply(v.get(0)), List.of(x));
    }

    private static Case binary(java.util.function.BiFunction<Var, Var, Var> f, Tensor a, Tensor b) {
        return new Case(v -> f.apply(v.get(0), v.get(1)), List.of(a, b));
    }

    private static Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("add", binary(Functions::add, randn(3, 4), randn(4)));
        c.put("sub", binary(Functions::sub, randn(3, 1), randn(3, 4)));
        c.put("mul", binary(Functions::mul, randn(2, 3, 4), randn(3, 1)));
        c.put("div", binary(Functions::div, randn(3, 4), uniform(0.5, 2, 4)));
        c.put("addScalar", unary(x -> Functions.addScalar(x, 2.5), randn(5)));
        c.put("mulScalar", unary(x -> Functions.mulScalar(x, -1.5), randn(5)));
        c.put("powScalar", unary(x -> Functions.powScalar(x, 2.5), uniform(0.5, 2, 2, 3)));
        c.put("neg", unary(Functions::neg, randn(4)));
        c.put("exp", unary(Functions::exp, randn(2, 3)));
        c.put("log", unary(Functions::log, uniform(0.5, 3, 2, 3)));
        c.put("sqrt", unary(Functions::sqrt, uniform(0.5, 3, 2, 3)));
        c.put("reciprocal", unary(Functions::reciprocal, uniform(0.5, 3, 5)));
        c.put("tanh", unary(Functions::tanh, randn(2, 3)));
        c.put("sigmoid", unary(Functions::sigmoid, randn(2, 3)));
        c.put("relu", unary(Functions::relu, awayFromZero(2, 3)));
        Tensor reluGate = awayFromZero(3, 4);
        c.put("reluBackward", unary(g -> Functions.reluBackward(g, reluGate), randn(3, 4)));
        c.put("abs", unary(Functions::abs, awayFromZero(2, 3)));
        c.put("sin", unary(Functions::sin, randn(2, 3)));
        c.put("cos", unary(Functions::cos, randn(2, 3)));
        c.put("matmul", binary(Functions::matmul, randn(2, 3, 4), randn(4, 5)));
        c.put("sum", unary(x -> Functions.sum(x, new int[] {1}, false), randn(2, 3, 4)));
        c.put("mean", unary(x -> Functions.mean(x, new int[] {0, 2}, true), randn(2, 3, 4)));
        c.put("softmax", unary(x -> Functions.softmax(x, 1), randn(3, 4)));
        c.put("logSoftmax", unary(x -> Functions.logSoftmax(x, 0), randn(3, 4)));
        c.put("logSumExp", unary(x -> Functions.logSumExp(x, -1, false), randn(3, 4)));
        c.put("reshape", unary(x -> Functions.reshape(x, 4, -1), randn(2, 3, 2)));
        c.put("permute", unary(x -> Functions.permute(x, 2, 0, 1), randn(2, 3, 4)));
        c.put("expand", unary(x -> Functions.expand(x, 2, 3, 4), randn(3, 1)));
        c.put("slice", unary(x -> Functions.slice(x, 1, 1, 6, 2), randn(2, 7)));
        c.put("embedSlice", unary(g -> Functions.embedSlice(g, new long[] {2, 7}, 1, 1, 6, 2), randn(2, 3)));
        c.put("cat", binary((a, b) -> Functions.cat(List.of(a, b), 1), randn(2, 3), randn(2, 2)));
        Tensor index = Tensor.ofLongs(new long[] {2, 0, 1, 1, 0, 2}, 2, 3);
        c.put("gather", unary(x -> Functions.gather(x, 1, index), randn(2, 4)));
        c.put("scatterAdd", binary((self, src) -> Functions.scatterAdd(self, 1, index, src), randn(2, 4), randn(2, 3)));
        Tensor select = Tensor.ofLongs(new long[] {3, 0, 3});
        c.put("indexSelect", unary(x -> Functions.indexSelect(x, 1, select), randn(2, 4)));
        Tensor mask = Tensor.ofBooleans(new boolean[] {true, false, false, true, true, false}, 2, 3);
        c.put("where", binary((a, b) -> Functions.where(mask, a, b), randn(2, 3), randn(3)));
        c.put("maskedFill", unary(x -> Functions.maskedFill(x, mask, 5.0), randn(2, 3)));
        return c;
    }

    @Test
    void everyRuleHasAGradCheckCase() {
        assertEquals(GradCheck.ruleNames(Functions.class), new TreeSet<>(cases().keySet()),
                "rules without a gradcheck case (or cases without a rule)");
    }

    @TestFactory
    Stream<DynamicTest> firstAndSecondDerivativesMatchFiniteDifferences() {
        return cases().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            try (MemoryScope scope = MemoryScope.open()) {
                GradCheck.Result first = GradCheck.gradcheck(e.getValue().f(), e.getValue().inputs());
                assertTrue(first.passed(), e.getKey() + " gradcheck: " + first.worst());
                GradCheck.Result second = GradCheck.gradgradcheck(e.getValue().f(), e.getValue().inputs());
                assertTrue(second.passed(), e.getKey() + " gradgradcheck: " + second.worst());
            }
        }));
    }

    @Test
    void gradcheckDetectsAWrongRule() {
        // A deliberately wrong derivative (d/dx x² claimed to be x) must be caught.
        Function<List<Var>, Var> wrong = v -> Graph.record("wrongSquare", v.get(0).value().mul(v.get(0).value()),
                (g, out) -> new Var[] {g.mul(v.get(0))}, v.get(0));
        assertFalse(GradCheck.gradcheck(wrong, List.of(randn(3))).passed());
    }
}
