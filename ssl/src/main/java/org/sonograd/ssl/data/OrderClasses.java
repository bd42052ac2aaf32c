package org.sonograd.ssl.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The 12 order classes of 4 frames (Jiao et al. 2020, after OPN, Lee et al. 2017): the 4! = 24
 * permutations with a permutation and its reverse in one class. Class c is represented by the c-th
 * permutation p (lexicographic order) with p[0] &lt; p[3]; its reverse is the other member.
 */
public final class OrderClasses {
    /** Number of classes, 4!/2. */
    public static final int COUNT = 12;
    private static final int[][] REPRESENTATIVES = representatives();

    private OrderClasses() {}

    private static int[][] representatives() {
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                for (int c = 0; c < 4; c++) {
                    int d = 6 - a - b - c;
                    if (a != b && a != c && b != c && d != a && d != b && d != c && a < d) {
                        out.add(new int[] {a, b, c, d});
                    }
                }
            }
        }
        return out.toArray(int[][]::new);
    }

    /** The permutation of class {@code c}, reversed when {@code reversed}: frame i of the shuffled input is frame p[i]. */
    public static int[] permutation(int c, boolean reversed) {
        int[] p = REPRESENTATIVES[c].clone();
        if (reversed) {
            for (int i = 0; i < 2; i++) {
                int t = p[i];
                p[i] = p[3 - i];
                p[3 - i] = t;
            }
        }
        return p;
    }

    /** The class of permutation {@code p} (either member of the pair). */
    public static int classOf(int[] p) {
        int[] canonical = p[0] < p[3] ? p : new int[] {p[3], p[2], p[1], p[0]};
        for (int c = 0; c < COUNT; c++) {
            if (java.util.Arrays.equals(REPRESENTATIVES[c], canonical)) {
                return c;
            }
        }
        throw new IllegalArgumentException("OrderClasses: " + java.util.Arrays.toString(p) + " is not a permutation of 0..3");
    }
}
