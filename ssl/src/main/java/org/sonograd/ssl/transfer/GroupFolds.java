package org.sonograd.ssl.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sonograd.ssl.data.KeyedDraws;

/**
 * k-fold cross-validation by group, stratified: every sample of a group (a video, a patient, a file)
 * lands in the same fold. Groups are taken class by class (a group's class is its first sample's),
 * shuffled within the class by a Fisher–Yates permutation drawn from {@link KeyedDraws}(seed, 11, class), and dealt
 * to folds round-robin, the deal continuing across classes, so folds differ by at most one group
 * overall and by at most one group of each class.
 */
public final class GroupFolds {
    private GroupFolds() {}

    /** The fold (0..k−1) of every sample. */
    public static int[] assign(int[] groups, int[] labels, int k, long seed) {
        if (groups.length != labels.length) {
            throw new IllegalArgumentException("GroupFolds: " + groups.length + " groups for " + labels.length + " labels");
        }
        Map<Integer, Integer> classOf = new LinkedHashMap<>();
        for (int i = 0; i < groups.length; i++) {
            classOf.putIfAbsent(groups[i], labels[i]);
        }
        if (classOf.size() < k) {
            throw new IllegalArgumentException("GroupFolds: " + classOf.size() + " groups cannot fill " + k + " folds");
        }
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        classOf.forEach((g, c) -> byClass.computeIfAbsent(c, x -> new ArrayList<>()).add(g));
        Map<Integer, Integer> foldOf = new LinkedHashMap<>();
        int next = 0;
        for (Map.Entry<Integer, List<Integer>> e : byClass.entrySet()) {
            List<Integer> members = e.getValue();
            members.sort(Integer::compare);
            KeyedDraws random = KeyedDraws.of(seed, 11, e.getKey());
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.below(i + 1);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
            }
            for (int g : members) {
                foldOf.put(g, next);
                next = (next + 1) % k;
            }
        }
        int[] fold = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            fold[i] = foldOf.get(groups[i]);
        }
        return fold;
    }

    /** Indices of the samples in fold {@code f} ({@code inFold}) or outside it. */
    public static int[] select(int[] folds, int f, boolean inFold) {
        return java.util.stream.IntStream.range(0, folds.length).filter(i -> (folds[i] == f) == inFold).toArray();
    }
}
