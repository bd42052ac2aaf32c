package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sonograd.ssl.data.KeyedDraws;

class RocTest {
    @Test
    void handCase() {
        // scikit-learn's roc_auc_score example: 3 of the 4 positive–negative pairs are ordered correctly
        Roc roc = Roc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
        assertEquals(0.75, roc.area(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0.5, 0.5, 1}, roc.fpr(), 1e-12);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 1}, roc.tpr(), 1e-12);
    }

    @Test
    void tiesCountAHalfAndAllTiedIsChance() {
        assertEquals(0.5, Roc.auroc(new double[] {1, 1, 1, 1}, new boolean[] {true, false, true, false}), 1e-12);
        // one positive above both negatives, one tied with a negative: (2 + 1 + ½)/4
        assertEquals(3.5 / 4, Roc.auroc(new double[] {0.9, 0.5, 0.5, 0.1}, new boolean[] {true, true, false, false}), 1e-12);
    }

    @Test
    void trapezoidAreaEqualsTheMannWhitneyStatistic() {
        KeyedDraws d = KeyedDraws.of(5, 0, 0);
        int n = 300;
        double[] s = new double[n];
        boolean[] p = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = d.uniform() < 0.4;
            s[i] = Math.round((d.uniform() + (p[i] ? 0.3 : 0)) * 10) / 10.0; // coarse scores: many ties
        }
        double u = 0;
        int pos = 0;
        int neg = 0;
        for (int i = 0; i < n; i++) {
            pos += p[i] ? 1 : 0;
            neg += p[i] ? 0 : 1;
            for (int j = 0; j < n; j++) {
                if (p[i] && !p[j]) {
                    u += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(u / ((double) pos * neg), Roc.auroc(s, p), 1e-12);
    }

    @Test
    void macroOneVsRestAveragesThePerClassAreas() {
        float[] probs = {0.8f, 0.1f, 0.1f, 0.2f, 0.7f, 0.1f, 0.3f, 0.3f, 0.4f, 0.5f, 0.2f, 0.3f};
        int[] labels = {0, 1, 2, 2};
        double expected = (Roc.auroc(new double[] {0.8, 0.2, 0.3, 0.5}, new boolean[] {true, false, false, false})
                + Roc.auroc(new double[] {0.1, 0.7, 0.3, 0.2}, new boolean[] {false, true, false, false})
                + Roc.auroc(new double[] {0.1, 0.1, 0.4, 0.3}, new boolean[] {false, false, true, true})) / 3;
        assertEquals(expected, Roc.macroOneVsRest(probs, labels, 3), 1e-6);
        assertEquals(1.0, expected, 1e-6);
    }
}
