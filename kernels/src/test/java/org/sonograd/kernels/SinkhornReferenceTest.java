package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SinkhornReference} against SwAV's procedure written directly with exp, and its marginals. */
class SinkhornReferenceTest {
    @Test
    void matchesTheExpDomainProcedureOfSwav() {
        Random random = new Random(3);
        int b = 7;
        int k = 5;
        double[] scores = new double[b * k];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextDouble() * 2 - 1;
        }
        for (int iterations : new int[] {1, 3}) {
            double[] got = SinkhornReference.assign(scores, b, k, 0.3, iterations);
            double[] expected = swav(scores, b, k, 0.3, iterations);
            for (int i = 0; i < got.length; i++) {
                assertEquals(expected[i], got[i], 1e-12, "element " + i + " after " + iterations + " iterations");
            }
        }
    }

    @Test
    void rowsSumToOneAndPrototypesShareTheBatchEqually() {
        Random random = new Random(4);
        int b = 12;
        int k = 4;
        double[] scores = new double[b * k];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextDouble() * 2 - 1;
        }
        double[] q = SinkhornReference.assign(scores, b, k, 0.05, 1000);  // ε small: S/ε spans 40
        for (int s = 0; s < b; s++) {
            double row = 0;
            for (int c = 0; c < k; c++) {
                row += q[s * k + c];
            }
            assertEquals(1, row, 1e-12, "sample " + s);
        }
        for (int c = 0; c < k; c++) {
            double column = 0;
            for (int s = 0; s < b; s++) {
                column += q[s * k + c];
            }
            assertEquals((double) b / k, column, 1e-6, "prototype " + c + " after convergence");
        }
    }

    @Test
    void equalScoresGiveUniformAssignments() {
        double[] q = SinkhornReference.assign(new double[] {0.3, 0.3, 0.3, 0.3, 0.3, 0.3}, 2, 3, 0.05, 3);
        for (double v : q) {
            assertEquals(1.0 / 3, v, 1e-15);
        }
        assertThrows(IllegalArgumentException.class, () -> SinkhornReference.assign(new double[6], 2, 3, 0.05, 0));
    }

    /** SwAV's distributed_sinkhorn on one device, in plain exp arithmetic (fine for moderate S/ε). */
    private static double[] swav(double[] scores, int b, int k, double eps, int iterations) {
        double[][] q = new double[k][b];
        double total = 0;
        for (int s = 0; s < b; s++) {
            for (int c = 0; c < k; c++) {
                q[c][s] = Math.exp(scores[s * k + c] / eps);
                total += q[c][s];
            }
        }
        for (double[] row : q) {
            for (int s = 0; s < b; s++) {
                row[s] /= total;
            }
        }
        for (int it = 0; it < iterations; it++) {
            for (double[] row : q) {
                double sum = 0;
                for (double v : row) {
                    sum += v;
                }
                for (int s = 0; s < b; s++) {
                    row[s] = row[s] / sum / k;
                }
            }
            for (int s = 0; s < b; s++) {
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += q[c][s];
                }
                for (int c = 0; c < k; c++) {
                    q[c][s] = q[c][s] / sum / b;
                }
            }
        }
        double[] out = new double[b * k];
        for (int s = 0; s < b; s++) {
            for (int c = 0; c < k; c++) {
                out[s * k + c] = q[c][s] * b;
            }
        }
        return out;
    }
}
