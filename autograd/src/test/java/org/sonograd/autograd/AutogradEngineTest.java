package org.sonograd.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.tensor.Tensor;

/** Engine behaviour: accumulation, shared subexpressions, no-grad mode, detach and graph release. */
class AutogradEngineTest {

    @Test
    void backwardAccumulatesIntoLeavesAcrossCalls() {
        Var w = Var.parameter(Tensor.of(new double[] {1, -2, 3}));
        w.mul(w).sum().backward();
        assertArrayEquals(new double[] {2, -4, 6}, w.grad().value().toDoubleArray());
        w.mul(3).sum().backward();
        assertArrayEquals(new double[] {5, -1, 9}, w.grad().value().toDoubleArray());
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void aVarUsedTwiceReceivesBothContributions() {
        // y = x·e^x  =>  dy/dx = e^x (1 + x)
        Var x = Var.parameter(Tensor.of(new double[] {0.5, -1}));
        Var y = x.mul(x.exp()).sum();
        double[] g = Autograd.grad(y, List.of(x), false).getFirst().value().toDoubleArray();
        assertArrayEquals(new double[] {Math.exp(0.5) * 1.5, Math.exp(-1) * 0}, g, 1e-12);
    }

    @Test
    void noGradModeRecordsNothing() {
        Var x = Var.parameter(Tensor.of(new double[] {1, 2}));
        Var y;
        try (GradMode off = GradMode.off()) {
            y = x.mul(x);
        }
        assertFalse(y.requiresGrad());
        assertTrue(x.mul(x).requiresGrad());
        assertFalse(x.detach().requiresGrad());
    }

    @Test
    void secondBackwardWithoutRetainedGraphIsAClearError() {
        Var x = Var.parameter(Tensor.of(new double[] {1, 2}));
        Var y = x.exp().sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void retainedGraphSupportsRepeatedBackward() {
        Var x = Var.parameter(Tensor.of(new double[] {1, 2}));
        Var y = x.exp().sum();
        y.backward(Var.constant(Tensor.scalar(org.sonograd.kernels.DType.F64, 1)), false, true);
        y.backward();
        assertArrayEquals(new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, x.grad().value().toDoubleArray(), 1e-12);
    }

    @Test
    void nonScalarOutputNeedsAnExplicitGradient() {
        Var x = Var.parameter(Tensor.of(new double[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.exp().backward());
        assertTrue(e.getMessage().contains("not a scalar"), e.getMessage());
    }
}
