package org.sonograd.kernels.cuda;

import static org.sonograd.kernels.cuda.Close.assertClose;
import static org.sonograd.kernels.cuda.Close.widen;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.CudaInfoNce;
import org.sonograd.kernels.InfoNceReference;

/**
 * infonce.cu's fused forward and backward under emulation against {@link InfoNceReference}: loss and
 * both gradients, with and without negative weights (zeros included) and anchor weights, at batch
 * sizes around the 32-anchor tile and dimensions around the 32-wide d chunks.
 */
class InfoNceEmulationTest {
    private static final double TAU = 0.1;

    @Test
    void crossModalOneDirectionAndSymmetric() {
        Random random = new Random(11);
        int[][] shapes = {{1, 3}, {3, 1}, {17, 33}, {33, 17}, {65, 5}};
        for (int[] s : shapes) {
            crossModal(random, s[0], s[1], false, false, false);
            crossModal(random, s[0], s[1], true, false, false);
        }
    }

    @Test
    void crossModalWithNegativeWeightsAndAnchorWeights() {
        Random random = new Random(12);
        crossModal(random, 17, 9, true, true, true);
        crossModal(random, 33, 40, false, true, false);
        crossModal(random, 5, 256, true, false, true);  // the largest d the fused backward takes
    }

    @Test
    void ntXentTwoViews() {
        Random random = new Random(13);
        ntXent(random, 1, 4, false, false);
        ntXent(random, 17, 33, false, false);
        ntXent(random, 9, 3, true, true);
    }

    private static void crossModal(Random random, int n, int d, boolean symmetric, boolean negatives, boolean weights) {
        float[] z1 = Close.unitRows(random, n, d);
        float[] z2 = Close.unitRows(random, n, d);
        float[] m = negatives ? negativeWeights(random, n) : new float[0];
        float[] w = weights ? Close.uniform(random, n, 0, 2) : new float[0];
        EmulatedCuda.Outputs out;
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            DeviceBuffer loss = s.allocate(1);
            DeviceBuffer dz1 = s.allocate(n * d);
            DeviceBuffer dz2 = s.allocate(n * d);
            new CudaInfoNce(s.launcher()).crossModal(symmetric, n, d, s.upload(z1), s.upload(z2), (float) (1 / TAU),
                    s.optional(negatives, m), s.optional(weights, w), loss, dz1, dz2);
            out = s.outputs(loss, dz1, dz2);
        }
        InfoNceReference.CrossModal ref = InfoNceReference.crossModal(widen(z1), widen(z2), n, d, TAU,
                negatives ? widen(m) : null, weights ? widen(w) : null, symmetric);
        String what = "InfoNCE n=" + n + " d=" + d + (symmetric ? " symmetric" : "") + (negatives ? " masked" : "")
                + (weights ? " weighted" : "");
        assertClose(what + " loss", ref.loss(), out.scalar(), 1e-5, 1e-5);
        assertClose(what + " dz1", ref.grad1(), out.floats(n * d), 1e-5, 1e-4);
        assertClose(what + " dz2", ref.grad2(), out.floats(n * d), 1e-5, 1e-4);
        out.assertConsumed();
    }

    private static void ntXent(Random random, int n, int d, boolean negatives, boolean weights) {
        float[] z = Close.unitRows(random, 2 * n, d);
        float[] m = negatives ? negativeWeights(random, 2 * n) : new float[0];
        float[] w = weights ? Close.uniform(random, 2 * n, 0, 2) : new float[0];
        EmulatedCuda.Outputs out;
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            DeviceBuffer loss = s.allocate(1);
            DeviceBuffer dz = s.allocate(2 * n * d);
            new CudaInfoNce(s.launcher()).ntXent(n, d, s.upload(z), (float) (1 / TAU), s.optional(negatives, m),
                    s.optional(weights, w), loss, dz);
            out = s.outputs(loss, dz);
        }
        InfoNceReference.TwoView ref = InfoNceReference.ntXent(widen(z), n, d, TAU, negatives ? widen(m) : null,
                weights ? widen(w) : null);
        String what = "NT-Xent n=" + n + " d=" + d;
        assertClose(what + " loss", ref.loss(), out.scalar(), 1e-5, 1e-5);
        assertClose(what + " dz", ref.grad(), out.floats(2 * n * d), 1e-5, 1e-4);
        out.assertConsumed();
    }

    /** Weights in [0, 1] with about a quarter of them exactly 0 (masked negatives). */
    private static float[] negativeWeights(Random random, int rows) {
        float[] m = new float[rows * rows];
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextInt(4) == 0 ? 0 : (float) random.nextDouble();
        }
        return m;
    }
}
