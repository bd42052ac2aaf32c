package org.sonograd.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.sonograd.nn.functional.RuleCases.of;
import static org.sonograd.nn.functional.RuleCases.randn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.OneHot;
import org.sonograd.tensor.Selection;
import org.sonograd.tensor.Tensor;

class IndexFunctionsGradCheckTest {
    private static Map<String, RuleCases.Case> cases() {
        Map<String, RuleCases.Case> c = new LinkedHashMap<>();
        // k = 1 along dim 1 and k = 2 along dim 0 (values are distinct, so top-k is differentiable there).
        c.put("topK", of(v -> IndexFunctions.topK(v.get(0), 1, 1, true).add(IndexFunctions.topK(v.get(0), 2, 0, false).sum()),
                randn(3, 4)));
        c.put("cumsum", of(v -> IndexFunctions.cumsum(v.get(0), 1, false), randn(2, 5)));
        return c;
    }

    @Test
    void everyRuleHasAGradCheckCase() {
        RuleCases.assertEveryRuleHasACase(IndexFunctions.class, cases());
    }

    @TestFactory
    Stream<DynamicTest> firstAndSecondDerivativesMatchFiniteDifferences() {
        return RuleCases.checks(cases());
    }

    @Test
    void topKCumsumAndOneHotGiveHandComputedValues() {
        Tensor x = Tensor.of(new float[] {3, 1, 4, 1, 5, 9, 2, 6}, 2, 4);
        Selection.TopK top = Selection.topK(x, 2, 1, true);
        assertArrayEquals(new float[] {4, 3, 9, 6}, top.values().toFloatArray());
        assertArrayEquals(new long[] {2, 0, 1, 3}, top.indices().toLongArray());
        Selection.TopK low = Selection.topK(x, 3, 1, false);
        assertArrayEquals(new long[] {1, 3, 0, 2, 0, 3}, low.indices().toLongArray(), "ties keep the lower index first");
        assertArrayEquals(new float[] {3, 4, 8, 9, 5, 14, 16, 22}, Selection.cumsum(x, 1, false).toFloatArray());
        assertArrayEquals(new float[] {8, 10, 6, 7, 5, 9, 2, 6}, Selection.cumsum(x, 0, true).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, OneHot.encode(Tensor.ofLongs(new long[] {2, 0}), 3, DType.F32).toFloatArray());
    }
}
