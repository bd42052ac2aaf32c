package org.sonograd.ssl.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Var;
import org.sonograd.tensor.Tensor;

class LossesTest {
    @Test
    void crossEntropyAndItsGradientMatchTheClosedForm() {
        double[] z = {1, 2, 3, 0.5, -1, 2};
        Var logits = Var.parameter(Tensor.of(z, 2, 3));
        Var loss = Losses.crossEntropy(logits, new int[] {0, 2});
        double[] expectedGrad = new double[6];
        double expected = 0;
        int[] y = {0, 2};
        for (int r = 0; r < 2; r++) {
            double lse = Math.log(Math.exp(z[3 * r]) + Math.exp(z[3 * r + 1]) + Math.exp(z[3 * r + 2]));
            expected += (lse - z[3 * r + y[r]]) / 2;
            for (int c = 0; c < 3; c++) {
                expectedGrad[3 * r + c] = (Math.exp(z[3 * r + c] - lse) - (c == y[r] ? 1 : 0)) / 2;
            }
        }
        assertEquals(expected, loss.item(), 1e-12);
        loss.backward();
        assertArrayEquals(expectedGrad, logits.grad().value().toDoubleArray(), 1e-12);
    }

    @Test
    void smoothL1IsQuadraticInsideOneAndLinearOutside() {
        Var p = Var.parameter(Tensor.of(new double[] {0.5, 3, -2}, 3));
        Var loss = Losses.smoothL1(p, Tensor.of(new double[] {0, 0, 0}, 3));
        assertEquals((0.125 + 2.5 + 1.5) / 3, loss.item(), 1e-12);
        loss.backward();
        assertArrayEquals(new double[] {0.5 / 3, 1.0 / 3, -1.0 / 3}, p.grad().value().toDoubleArray(), 1e-12);
    }
}
