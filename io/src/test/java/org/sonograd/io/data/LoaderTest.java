package org.sonograd.io.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.io.read.BadSamplePolicy;
import org.sonograd.io.read.SampleException;
import org.sonograd.io.sim.Clip;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.io.sim.SceneKind;
import org.sonograd.io.sim.Simulator;

class LoaderTest {
    /** Simulated lung clip, randomly cropped, flipped, warped and jittered; index 5 is a bad file. */
    private static Loader.Source<float[]> source() {
        return (index, r) -> {
            if (index == 5) {
                throw new SampleException(Path.of("clip5.mp4"), "truncated video");
            }
            Clip c = Simulator.clip(SceneKind.LUNG, 1, index, new ClipSpec(2, 32, 32, 15));
            Frames f = new Frames(2, 32, 32, c.pixels());
            f = Transforms.randomResizedCrop(f, 0.5, 24, 24, r);
            if (r.nextBoolean()) {
                f = Transforms.flipHorizontal(f);
            }
            f = Transforms.randomAffine(f, 0.2, 0.1, 0.05, r);
            f = Transforms.intensityJitter(f, 0.1, r);
            return f.px();
        };
    }

    private static List<float[]> run(int workers, int epoch) {
        List<float[]> out = new ArrayList<>();
        try (Loader<float[], float[]> loader = new Loader<>(12, 4, true, false, 77, workers, 2, source(),
                LoaderTest::concat, new BadSamplePolicy(BadSamplePolicy.Mode.SKIP))) {
            Iterator<float[]> it = loader.epoch(epoch);
            while (it.hasNext()) {
                out.add(it.next());
            }
            assertEquals(1, loader.policy().skippedCount());
            assertTrue(loader.policy().skippedMessages().getFirst().contains("clip5.mp4: truncated video"));
        }
        return out;
    }

    private static float[] concat(List<float[]> samples) {
        float[] all = new float[samples.stream().mapToInt(s -> s.length).sum()];
        int at = 0;
        for (float[] s : samples) {
            System.arraycopy(s, 0, all, at, s.length);
            at += s.length;
        }
        return all;
    }

    @Test
    void oneAndThreeWorkersGiveIdenticalBatches() {
        List<float[]> one = run(1, 0);
        List<float[]> three = run(3, 0);
        assertEquals(3, one.size());
        for (int b = 0; b < one.size(); b++) {
            assertArrayEquals(one.get(b), three.get(b), "batch " + b);
        }
        List<float[]> nextEpoch = run(3, 1);
        assertFalse(Arrays.equals(one.getFirst(), nextEpoch.getFirst()), "another epoch reshuffles and re-augments");
    }

    @Test
    void orderIsAPermutationAndFailPolicyNamesTheFile() {
        try (Loader<float[], float[]> loader = new Loader<>(12, 4, true, false, 77, 2, 2, source(),
                LoaderTest::concat, new BadSamplePolicy(BadSamplePolicy.Mode.FAIL))) {
            int[] order = loader.order(3).clone();
            Arrays.sort(order);
            assertArrayEquals(java.util.stream.IntStream.range(0, 12).toArray(), order);
            Iterator<float[]> it = loader.epoch(0);
            SampleException e = assertThrows(SampleException.class, () -> {
                while (it.hasNext()) {
                    it.next();
                }
            });
            assertTrue(e.getMessage().contains("clip5.mp4"), e.getMessage());
        }
    }
}
