package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupFoldsTest {
    @Test
    void noGroupCrossesFoldsAndFoldsAreStratified() {
        // 36 videos (12 per class) of 3..9 frames each, as the POCUS set
        int n = 0;
        int[] framesOf = new int[36];
        for (int g = 0; g < 36; g++) {
            framesOf[g] = 3 + g % 7;
            n += framesOf[g];
        }
        int[] groups = new int[n];
        int[] labels = new int[n];
        int i = 0;
        for (int g = 0; g < 36; g++) {
            for (int f = 0; f < framesOf[g]; f++) {
                groups[i] = g;
                labels[i++] = g / 12;
            }
        }
        for (long seed = 1; seed <= 3; seed++) {
            int[] fold = GroupFolds.assign(groups, labels, 5, seed);
            Map<Integer, Integer> foldOfGroup = new HashMap<>();
            int[][] groupsPerFoldAndClass = new int[5][3];
            for (int k = 0; k < n; k++) {
                Integer prev = foldOfGroup.putIfAbsent(groups[k], fold[k]);
                if (prev == null) {
                    groupsPerFoldAndClass[fold[k]][labels[k]]++;
                } else {
                    assertEquals(prev, fold[k], "group " + groups[k] + " crosses folds");
                }
            }
            for (int f = 0; f < 5; f++) {
                int total = 0;
                for (int c = 0; c < 3; c++) {
                    assertTrue(groupsPerFoldAndClass[f][c] == 2 || groupsPerFoldAndClass[f][c] == 3,
                            "fold " + f + " class " + c + ": " + groupsPerFoldAndClass[f][c] + " groups");
                    total += groupsPerFoldAndClass[f][c];
                }
                assertTrue(total == 7 || total == 8, "fold " + f + " has " + total + " groups");
                assertEquals(GroupFolds.select(fold, f, true).length + GroupFolds.select(fold, f, false).length, n);
            }
        }
        int[] a = GroupFolds.assign(groups, labels, 5, 1);
        int[] b = GroupFolds.assign(groups, labels, 5, 2);
        assertTrue(!java.util.Arrays.equals(a, b), "the seed changes the assignment");
        assertTrue(java.util.Arrays.equals(a, GroupFolds.assign(groups, labels, 5, 1)), "the same seed repeats it");
    }
}
