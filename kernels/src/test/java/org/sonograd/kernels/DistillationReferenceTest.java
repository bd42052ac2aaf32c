package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link DistillationReference}: closed forms and gradients against central finite differences. */
class DistillationReferenceTest {
    @Test
    void aUniformTeacherGivesTheMeanLogSumExpGap() {
        double[] student = {1, 2, 3, 0.5, -1, 0};
        double[] teacher = {4, 4, 4, 7, 7, 7};  // uniform after softmax whatever τ_t
        double tau = 0.5;
        double expected = 0;
        for (int row = 0; row < 2; row++) {
            double lse = 0;
            double mean = 0;
            for (int c = 0; c < 3; c++) {
                lse += Math.exp(student[row * 3 + c] / tau);
                mean += student[row * 3 + c] / tau / 3;
            }
            expected += (Math.log(lse) - mean) / 2;
        }
        assertEquals(expected, DistillationReference.soft(student, teacher, null, 2, 3, tau, 0.04).loss(), 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random random = new Random(5);
        int b = 3;
        int k = 4;
        double[] s = new double[b * k];
        double[] t = new double[b * k];
        double[] center = {0.1, -0.2, 0.3, 0};
        for (int i = 0; i < s.length; i++) {
            s[i] = random.nextGaussian();
            t[i] = random.nextGaussian();
        }
        int[] y = {2, 0, 3};
        InfoNceReferenceTest.checkGradient(DistillationReference.soft(s, t, center, b, k, 0.1, 0.04).studentGrad(), s,
                x -> DistillationReference.soft(x, t, center, b, k, 0.1, 0.04).loss());
        InfoNceReferenceTest.checkGradient(DistillationReference.hard(s, y, b, k, 0.5).studentGrad(), s,
                x -> DistillationReference.hard(x, y, b, k, 0.5).loss());
    }

    @Test
    void hardTargetsAreCrossEntropyAndCentreIsAnEma() {
        double[] s = {0, Math.log(3)};  // softmax (1/4, 3/4)
        assertEquals(-Math.log(0.75), DistillationReference.hard(s, new int[] {1}, 1, 2, 1).loss(), 1e-12);
        double[] c = DistillationReference.updatedCenter(new double[] {1, 2}, new double[] {3, 5, 5, 7}, 2, 2, 0.9);
        assertArrayEquals(new double[] {0.9 + 0.1 * 4, 1.8 + 0.1 * 6}, c, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> DistillationReference.hard(s, new int[] {2}, 1, 2, 1));
    }
}
