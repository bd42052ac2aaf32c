package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sonograd.kernels.DType;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;

class LinearProbeTest {
    /** Three Gaussian blobs (σ 0.3) at the corners of a triangle, in 4 dims with 2 noise dims. */
    private static float[] blobs(int n, int[] labels, long seed) {
        float[] x;
        try (MemoryScope scope = MemoryScope.open()) {
            x = new RandomStream(seed).normal(DType.F32, 0, 0.3, n * 4L).toFloatArray();
        }
        double[][] centres = {{0, 0}, {2, 0}, {1, 2}};
        KeyedDraws d = KeyedDraws.of(seed, 0, 0);
        for (int i = 0; i < n; i++) {
            labels[i] = d.below(3);
            x[i * 4] += (float) centres[labels[i]][0];
            x[i * 4 + 1] += (float) centres[labels[i]][1];
        }
        return x;
    }

    @Test
    void separatesWellSeparatedBlobs() {
        int[] trainY = new int[150];
        int[] testY = new int[90];
        float[] train = blobs(150, trainY, 1);
        float[] test = blobs(90, testY, 2);
        int[] pred = LinearProbe.fitPredict(train, trainY, test, 4, 3, 200, 0.05, 1);
        double acc = ClassificationMetrics.of(testY, pred, 3).accuracy();
        // the Bayes error of these blobs is about 0.1%; a working probe is near-perfect
        assertEquals(1.0, acc, 0.03);
    }
}
