package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** {@link InfoNceReference}: closed forms, and every gradient against central finite differences of its own loss. */
class InfoNceReferenceTest {
    private static final double TAU = 0.2;

    @Test
    void orthonormalPairsHaveTheClosedFormLoss() {
        double[] eye = {1, 0, 0, 1};  // z1 = z2 = (e1, e2): s = I
        double expected = Math.log(1 + Math.exp(-1 / TAU));
        assertEquals(expected, InfoNceReference.crossModal(eye, eye, 2, 2, TAU, null, null, false).loss(), 1e-12);
        assertEquals(expected, InfoNceReference.crossModal(eye, eye, 2, 2, TAU, null, null, true).loss(), 1e-12);
        double[] maskAll = {1, 0, 0, 1};  // every negative masked: only the positive remains, loss 0
        assertEquals(0, InfoNceReference.crossModal(eye, eye, 2, 2, TAU, maskAll, null, false).loss(), 1e-12);
        double[] half = {1, 0.5, 0.5, 1};  // down-weighted negatives: log(1 + ½e^{−1/τ})
        assertEquals(Math.log(1 + 0.5 * Math.exp(-1 / TAU)),
                InfoNceReference.crossModal(eye, eye, 2, 2, TAU, half, null, false).loss(), 1e-12);
    }

    @Test
    void ntXentOfTwoIdenticalViewsOfTwoOrthogonalSamples() {
        double[] z = {1, 0, 0, 1, 1, 0, 0, 1};  // views (e1, e2, e1, e2): positive s = 1, negatives s = 0, 0
        assertEquals(Math.log(1 + 2 * Math.exp(-1 / TAU)), InfoNceReference.ntXent(z, 2, 2, TAU, null, null).loss(), 1e-12);
    }

    @Test
    void crossModalGradientsMatchFiniteDifferences() {
        Random random = new Random(1);
        int n = 5;
        int d = 3;
        double[] z1 = gaussian(random, n * d);
        double[] z2 = gaussian(random, n * d);
        double[] m = new double[n * n];
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextInt(3) == 0 ? 0 : random.nextDouble();
        }
        double[] w = {0.5, 1, 2, 0, 1.5};
        for (boolean symmetric : new boolean[] {false, true}) {
            InfoNceReference.CrossModal r = InfoNceReference.crossModal(z1, z2, n, d, TAU, m, w, symmetric);
            checkGradient(r.grad1(), z1, z -> InfoNceReference.crossModal(z, z2, n, d, TAU, m, w, symmetric).loss());
            checkGradient(r.grad2(), z2, z -> InfoNceReference.crossModal(z1, z, n, d, TAU, m, w, symmetric).loss());
        }
    }

    @Test
    void ntXentGradientMatchesFiniteDifferences() {
        Random random = new Random(2);
        int n = 3;
        int d = 4;
        double[] z = gaussian(random, 2 * n * d);
        InfoNceReference.TwoView r = InfoNceReference.ntXent(z, n, d, TAU, null, null);
        checkGradient(r.grad(), z, x -> InfoNceReference.ntXent(x, n, d, TAU, null, null).loss());
    }

    @Test
    void badArgumentsAreNamed() {
        double[] z = new double[6];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InfoNceReference.crossModal(z, new double[5], 2, 3, TAU, null, null, false));
        assertEquals("InfoNCE: z2 has 5 values, expected 2×3 with both sizes ≥ 1", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> InfoNceReference.crossModal(z, z, 2, 3, TAU, null, new double[] {0, 0}, false));
        assertThrows(IllegalArgumentException.class, () -> InfoNceReference.crossModal(z, z, 2, 3, 0, null, null, false));
    }

    static double[] gaussian(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian() * 0.5;
        }
        return x;
    }

    static void checkGradient(double[] analytic, double[] x, ToDoubleFunction<double[]> loss) {
        double h = 1e-6;
        for (int i = 0; i < x.length; i++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (loss.applyAsDouble(plus) - loss.applyAsDouble(minus)) / (2 * h);
            assertEquals(numeric, analytic[i], 1e-6 + 1e-5 * Math.abs(numeric), "gradient element " + i);
        }
    }
}
