package org.sonograd.ssl.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.DistillationReference;
import org.sonograd.kernels.SinkhornReference;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.layers.PatchEmbedding;
import org.sonograd.nn.optim.Optimizer;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.ssl.model.VitEncoder;
import org.sonograd.ssl.run.Pretraining;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.SinkhornKnopp;
import org.sonograd.tensor.Tensor;

/** The equations of discovr against plain loops and closed forms, and the (t, h, w) alignment of its targets. */
class DiscovrTest {

    private static double[] gaussian(int n, long seed, double scale) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * r.nextGaussian();
        }
        return x;
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    @Test
    void sinkhornAssignmentsHaveBalancedMarginalsAndMatchTheLogDomainReference() {
        int b = 96;
        int k = 12;
        double[] scores = new double[b * k];
        double[] g = gaussian(b * k, 1, 1);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.tanh(g[i]);  // cosine-like scores in (−1, 1)
        }
        try (MemoryScope scope = MemoryScope.open()) {
            double[] q = SinkhornKnopp.assign(Tensor.of(scores, b, k), 0.05, 10).toDoubleArray();
            double[] reference = SinkhornReference.assign(scores, b, k, 0.05, 10);
            for (int i = 0; i < q.length; i++) {
                assertEquals(reference[i], q[i], 1e-9, "entry " + i);
            }
            // The fused F32 kernel (what the recipe runs) agrees with the reference to F32 precision.
            double[] fused = SinkhornKnopp.assign(Tensor.of(toFloats(scores), b, k), 0.05, 10).toDoubleArray();
            for (int i = 0; i < q.length; i++) {
                assertEquals(reference[i], fused[i], 2e-5, "F32 entry " + i);
            }
            // Q = assignments / B: every sample (column of Q) sums to 1/B; every prototype (row) to 1/K
            // up to the convergence of 10 iterations (tighter than after 1).
            for (int s = 0; s < b; s++) {
                double row = 0;
                for (int j = 0; j < k; j++) {
                    row += q[s * k + j] / b;
                }
                assertEquals(1.0 / b, row, 1e-12, "sample " + s);
            }
            double afterTen = prototypeMarginalError(q, b, k);
            double afterOne = prototypeMarginalError(SinkhornReference.assign(scores, b, k, 0.05, 1), b, k);
            assertTrue(afterTen < 0.05 / k, "prototype marginals off by " + afterTen);
            assertTrue(afterTen < afterOne / 2, "10 iterations " + afterTen + " vs 1 iteration " + afterOne);
            // Shifting every score by 100 (exp(S/ε) = e^2000 overflows F32 and F64 if taken naively) changes nothing:
            // the kernel subtracts the maxima first.
            float[] shifted = toFloats(scores);
            for (int i = 0; i < shifted.length; i++) {
                shifted[i] += 100;
            }
            double[] stable = SinkhornKnopp.assign(Tensor.of(shifted, b, k), 0.05, 10).toDoubleArray();
            for (int i = 0; i < q.length; i++) {
                assertEquals(fused[i], stable[i], 1e-4, "shifted entry " + i);
            }
        }
    }

    /** max_k |Σ_b Q_bk − 1/K| with Q = assignments / B. */
    private static double prototypeMarginalError(double[] q, int b, int k) {
        double worst = 0;
        for (int j = 0; j < k; j++) {
            double column = 0;
            for (int s = 0; s < b; s++) {
                column += q[s * k + j] / b;
            }
            worst = Math.max(worst, Math.abs(column - 1.0 / k));
        }
        return worst;
    }

    @Test
    void clusterTargetsAreTheArgmaxOfTheSinkhornAssignmentAndUseManyPrototypes() {
        int m = 64;
        int d = 8;
        int k = 6;
        try (MemoryScope scope = MemoryScope.open()) {
            // Every token is close to prototype 0: a plain arg-max would give one cluster, the balanced one spreads them.
            double[] p = gaussian(k * d, 3, 1);
            double[] x = new double[m * d];
            double[] noise = gaussian(m * d, 4, 0.3);
            for (int i = 0; i < m; i++) {
                for (int c = 0; c < d; c++) {
                    x[i * d + c] = p[c] + noise[i * d + c];
                }
            }
            Tensor unit = DiscovrLosses.standardisedUnit(Tensor.of(x, m, d));
            Tensor prototypes = Tensor.of(p, k, d);
            prototypes = prototypes.div(prototypes.mul(prototypes).sum(new int[] {1}, true).sqrt());
            long[] targets = DiscovrLosses.clusterTargets(unit, prototypes, 0.05, 10).toLongArray();
            double[] scores = unit.matmul(prototypes.transpose(0, 1)).toDoubleArray();
            double[] q = SinkhornReference.assign(scores, m, k, 0.05, 10);
            int[] used = new int[k];
            for (int i = 0; i < m; i++) {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    best = q[i * k + j] > q[i * k + best] ? j : best;
                }
                assertEquals(best, targets[i], "token " + i);
                used[best]++;
            }
            for (int j = 0; j < k; j++) {
                assertTrue(used[j] > 0, "prototype " + j + " unused: " + Arrays.toString(used));
            }
        }
    }

    @Test
    void standardisedUnitFeaturesHaveZeroMeanChannelsAndUnitRows() {
        try (MemoryScope scope = MemoryScope.open()) {
            double[] x = gaussian(20 * 5, 5, 3);
            for (int i = 0; i < 20; i++) {
                x[i * 5] += 10;  // a channel with a large offset
            }
            double[] u = DiscovrLosses.standardisedUnit(Tensor.of(x, 20, 5)).toDoubleArray();
            // Plain loop: z = (x − μ_c)/√(σ_c² + 1e-6), then z/‖z‖.
            double[] mu = new double[5];
            double[] var = new double[5];
            for (int i = 0; i < 20; i++) {
                for (int c = 0; c < 5; c++) {
                    mu[c] += x[i * 5 + c] / 20;
                }
            }
            for (int i = 0; i < 20; i++) {
                for (int c = 0; c < 5; c++) {
                    var[c] += (x[i * 5 + c] - mu[c]) * (x[i * 5 + c] - mu[c]) / 20;
                }
            }
            for (int i = 0; i < 20; i++) {
                double[] z = new double[5];
                double norm = 0;
                for (int c = 0; c < 5; c++) {
                    z[c] = (x[i * 5 + c] - mu[c]) / Math.sqrt(var[c] + 1e-6);
                    norm += z[c] * z[c];
                }
                for (int c = 0; c < 5; c++) {
                    assertEquals(z[c] / Math.sqrt(norm), u[i * 5 + c], 1e-12);
                }
            }
        }
    }

    /**
     * One bright tubelet at (τ, h, w) = (1, 0, 1) of a 4-frame 16×16 clip (tubelets 2×8×8): the
     * video embedding changes only token τ·4 + h·2 + w = 5, and the aligned image-teacher targets are
     * non-zero only at token 5 too. A target built in another order (frame-major with the patch index
     * outermost, as a reshape of [hw, T] would give) lands elsewhere, so this test catches a permutation.
     */
    @Test
    void clusterTargetsAreAlignedWithTheVideoTokensByTimeHeightWidth() {
        int frames = 4;
        int side = 16;
        int patch = 8;
        int tubelet = 2;
        try (MemoryScope scope = MemoryScope.open()) {
            float[] clip = new float[frames * side * side];
            for (int f = 2; f < 4; f++) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 8; x < 16; x++) {
                        clip[f * side * side + y * side + x] = 1;
                    }
                }
            }
            PatchEmbedding video = new PatchEmbedding(1, 6, new int[] {tubelet, patch, patch}, new RandomStream(1));
            PatchEmbedding image = new PatchEmbedding(1, 6, new int[] {patch, patch}, new RandomStream(2));
            int expected = 1 * 4 + 0 * 2 + 1;
            Tensor videoTokens = video.forward(Var.constant(Tensor.of(clip, 1, 1, frames, side, side))).value()
                    .sub(video.forward(Var.constant(Tensor.zeros(DType.F32, 1, 1, frames, side, side))).value());
            assertEquals(List.of(expected), nonZeroTokens(videoTokens.reshape(8, 6)));

            Tensor frameTokens = image.forward(Var.constant(Tensor.of(clip, frames, 1, side, side))).value()
                    .sub(image.forward(Var.constant(Tensor.zeros(DType.F32, frames, 1, side, side))).value());
            Tensor aligned = DiscovrLosses.tubeletTargets(frameTokens, 1, frames, tubelet);
            assertEquals(List.of(expected), nonZeroTokens(aligned.reshape(8, 6)));
            // Each aligned target is the mean of its two frames' patch features.
            Tensor both = frameTokens.select(0, 2).select(0, 1).add(frameTokens.select(0, 3).select(0, 1)).mul(0.5);
            assertArrayEquals(both.toFloatArray(), aligned.select(0, 0).select(0, expected).toFloatArray(), 1e-6f);

            Tensor patchMajor = frameTokens.reshape(frames / tubelet, tubelet, 4, 6).mean(new int[] {1}, false)
                    .permute(1, 0, 2).contiguous().reshape(8, 6);
            assertNotEquals(List.of(expected), nonZeroTokens(patchMajor), "a permuted order must be detectable");
            video.close();
            image.close();
        }
    }

    private static List<Integer> nonZeroTokens(Tensor tokens) {
        float[] v = tokens.contiguous().toFloatArray();
        int d = (int) tokens.size(1);
        ArrayList<Integer> out = new ArrayList<>();
        for (int t = 0; t < tokens.size(0); t++) {
            double norm = 0;
            for (int c = 0; c < d; c++) {
                norm += Math.abs(v[t * d + c]);
            }
            if (norm > 1e-6) {
                out.add(t);
            }
        }
        return out;
    }

    @Test
    void theDecoderPutsEveryKeptTokenBackAtItsRasterPosition() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor keep = Tensor.ofLongs(new long[] {1, 4, 6, 0, 2, 7}, 2, 3);
            long[] restore = DiscovrDecoder.restoreIndex(keep, 8).toLongArray();
            // [kept 0..2, mask 3..7]: row 0 keeps 1, 4, 6; row 1 keeps 0, 2, 7.
            assertArrayEquals(new long[] {3, 0, 4, 5, 1, 6, 2, 7, 0, 3, 1, 4, 5, 6, 7, 2}, restore);
        }
    }

    @Test
    void clusterLossIsTheTokenCrossEntropyOfScaledCosineScores() {
        int views = 2;
        int b = 2;
        int l = 3;
        int d = 4;
        int k = 5;
        double tau = 0.1;
        double[] pred = gaussian(views * b * l * d, 6, 1);
        double[] proto = gaussian(k * d, 7, 1);
        long[] y = {0, 4, 2, 1, 1, 3};
        try (MemoryScope scope = MemoryScope.open()) {
            Var p = Var.parameter(Tensor.of(pred, views * b, l, d));
            Var c = Var.parameter(Tensor.of(proto, k, d));
            Var loss = DiscovrLosses.cluster(p, c, Tensor.ofLongs(y, b * l), tau);
            // Plain loop: scores = cos(pred_(v,b,l), P_k) and hard targets y_(b,l) for every view.
            int rows = views * b * l;
            double[] scores = new double[rows * k];
            int[] targets = new int[rows];
            for (int r = 0; r < rows; r++) {
                targets[r] = (int) y[r % (b * l)];
                for (int j = 0; j < k; j++) {
                    double dot = 0;
                    double np = 0;
                    double nc = 0;
                    for (int q = 0; q < d; q++) {
                        dot += pred[r * d + q] * proto[j * d + q];
                        np += pred[r * d + q] * pred[r * d + q];
                        nc += proto[j * d + q] * proto[j * d + q];
                    }
                    scores[r * k + j] = dot / Math.sqrt(np * nc);
                }
            }
            assertEquals(DistillationReference.hard(scores, targets, rows, k, tau).loss(), loss.item(), 1e-9);
            loss.backward();
            assertTrue(c.grad().value().abs().sum().item() > 0, "the prototypes learn through the prediction scores");
        }
    }

    @Test
    void dinoLossAndTeacherEntropyMatchThePlainLoopReference() {
        int views = 3;
        int b = 4;
        int k = 7;
        double[] student = gaussian(views * b * k, 8, 1);
        double[] teacher = gaussian(b * k, 9, 1);
        double[] centre = gaussian(k, 10, 0.3);
        try (MemoryScope scope = MemoryScope.open()) {
            Var s = Var.parameter(Tensor.of(student, views * b, k));
            Var loss = DiscovrLosses.dino(s, Tensor.of(teacher, b, k), Tensor.of(centre, k), 0.1, 0.04);
            loss.backward();
            double expected = 0;
            double[] grad = s.grad().value().toDoubleArray();
            for (int v = 0; v < views; v++) {
                double[] rows = Arrays.copyOfRange(student, v * b * k, (v + 1) * b * k);
                DistillationReference.Result r = DistillationReference.soft(rows, teacher, centre, b, k, 0.1, 0.04);
                expected += r.loss() / views;
                for (int i = 0; i < b * k; i++) {
                    assertEquals(r.studentGrad()[i] / views, grad[v * b * k + i], 1e-9);
                }
            }
            assertEquals(expected, loss.item(), 1e-9);
            double[] next = DiscovrLosses.updatedCentre(Tensor.of(centre, k), Tensor.of(teacher, b, k), 0.9).toDoubleArray();
            assertArrayEquals(DistillationReference.updatedCenter(centre, teacher, b, k, 0.9), next, 1e-12);
            double entropy = 0;
            for (int i = 0; i < b; i++) {
                double[] p = new double[k];
                double z = 0;
                for (int j = 0; j < k; j++) {
                    p[j] = Math.exp((teacher[i * k + j] - centre[j]) / 0.04);
                    z += p[j];
                }
                for (int j = 0; j < k; j++) {
                    entropy -= p[j] / z * Math.log(p[j] / z) / b;
                }
            }
            assertEquals(entropy, DiscovrLosses.teacherEntropy(Tensor.of(teacher, b, k), Tensor.of(centre, k), 0.04), 1e-9);
        }
    }

    @Test
    void koLeoIsTheMeanNegativeLogDistanceToTheNearestRowOfTheSameGroup() {
        int groups = 2;
        int n = 5;
        int d = 4;
        double[] x = gaussian(groups * n * d, 12, 1);
        // Row 0 of group 1 copies row 0 of group 0: a KoLeo that ignored the groups would find distance 0.
        System.arraycopy(x, 0, x, n * d, d);
        try (MemoryScope scope = MemoryScope.open()) {
            Var features = Var.parameter(Tensor.of(x, groups * n, d));
            Var loss = DiscovrLosses.koLeo(features, groups);
            loss.backward();
            assertEquals(koLeoReference(x, groups, n, d), loss.item(), 1e-12);
            double[] grad = features.grad().value().toDoubleArray();
            double h = 1e-6;
            for (int i = 0; i < x.length; i += 3) {
                double[] plus = x.clone();
                double[] minus = x.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (koLeoReference(plus, groups, n, d) - koLeoReference(minus, groups, n, d)) / (2 * h);
                assertEquals(numeric, grad[i], 1e-6, "d koLeo / d x[" + i + "]");
            }
        }
    }

    /** KoLeo as a plain loop: normalised rows, nearest other row of the group by cosine, −mean log(distance + 1e-8). */
    private static double koLeoReference(double[] x, int groups, int n, int d) {
        double[][] unit = new double[groups * n][d];
        for (int r = 0; r < groups * n; r++) {
            double norm = 0;
            for (int c = 0; c < d; c++) {
                norm += x[r * d + c] * x[r * d + c];
            }
            for (int c = 0; c < d; c++) {
                unit[r][c] = x[r * d + c] / Math.sqrt(norm);
            }
        }
        double sum = 0;
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < n; i++) {
                double best = Double.NEGATIVE_INFINITY;
                double distance = 0;
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    double squared = 0;
                    for (int c = 0; c < d; c++) {
                        dot += unit[g * n + i][c] * unit[g * n + j][c];
                        squared += Math.pow(unit[g * n + i][c] - unit[g * n + j][c], 2);
                    }
                    if (j != i && dot > best) {
                        best = dot;
                        distance = Math.sqrt(squared + 1e-12);
                    }
                }
                sum += Math.log(distance + 1e-8);
            }
        }
        return -sum / (groups * n);
    }

    @Test
    void globalAndStudentViewsShareTheirGeometryAndDrawTheirOwnIntensities() {
        int b = 3;
        int t = 2;
        int side = 8;
        int global = 2;
        int student = 4;
        float[] ramp = new float[global * b * t * side * side];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i % side + 10 * (i / (t * side * side)); // global clip row r = g·B + b: v(y, x) = x + 10·r in every frame
        }
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor clips = Tensor.of(ramp, global * b, 1, t, side, side);
            DiscovrViews.Views views = DiscovrViews.of(clips, b, student, 0.3, true, 0.4, KeyedDraws.of(5, 4, 7));
            float[] teacher = views.teacher().toFloatArray();
            float[] students = views.student().toFloatArray();
            assertArrayEquals(new long[] {global * b, 1, t, side, side}, views.teacher().shape());
            assertArrayEquals(new long[] {student * b, 1, t, side, side}, views.student().shape());
            KeyedDraws d = KeyedDraws.of(5, 4, 7);
            double[][] geometry = new double[global * b][];
            int flipped = 0;
            for (int row = 0; row < global * b; row++) {
                double box = side * Math.sqrt(d.uniform(0.3, 1));
                double y0 = d.uniform() * (side - box);
                double x0 = d.uniform() * (side - box);
                boolean mirror = d.uniform() < 0.5;
                flipped += mirror ? 1 : 0;
                geometry[row] = new double[] {box, x0, mirror ? 1 : 0};
                assertView(teacher, row, row, geometry[row], d.uniform(0.6, 1.4), d.uniform(-0.4, 0.4), t, side);
            }
            assertTrue(flipped > 0 && flipped < global * b, "some global views are mirrored, some not");
            for (int row = 0; row < student * b; row++) {
                // student view v = row / B of clip row % B is built on global view g = v mod G: global clip g·B + b
                int g = (row / b) % global;
                assertView(students, row, g * b + row % b, geometry[g * b + row % b], d.uniform(0.6, 1.4), d.uniform(-0.4, 0.4), t, side);
            }
            DiscovrViews.Views plain = DiscovrViews.of(clips, global * b, 2, 1, false, 0, KeyedDraws.of(5, 4, 7));
            assertArrayEquals(ramp, plain.teacher().toFloatArray(), "one global view, no crop, flip or jitter: the clip itself");
            float[] plainStudents = plain.student().toFloatArray();
            assertArrayEquals(ramp, Arrays.copyOfRange(plainStudents, 0, ramp.length), "student view 0 is the clip itself");
            assertArrayEquals(ramp, Arrays.copyOfRange(plainStudents, ramp.length, 2 * ramp.length), "so is student view 1");
        }
    }

    /**
     * View {@code row} of {@code views} is c·(crop of the ramp of global clip {@code clip}) + β: bilinear sampling of a
     * linear ramp is exact, output x samples x0 + (x + ½)·box/S − ½ (clamped), mirrored output x reads x' = S − 1 − x.
     */
    private static void assertView(float[] views, int row, int clip, double[] geometry, double c, double beta, int t, int side) {
        for (int f = 0; f < t; f++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int read = geometry[2] == 1 ? side - 1 - x : x;
                    double source = Math.clamp(geometry[1] + (read + 0.5) * geometry[0] / side - 0.5, 0, side - 1) + 10 * clip;
                    assertEquals(c * source + beta, views[((row * t + f) * side + y) * side + x], 1e-4,
                            "view " + row + " frame " + f + " (" + y + ", " + x + ")");
                }
            }
        }
    }

    @Test
    void crossViewTeacherTargetsSwapTheGlobalViewBlocks() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor t = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 4, 2);
            assertArrayEquals(new float[] {4, 5, 6, 7, 0, 1, 2, 3}, DiscovrLosses.otherGlobalView(t, 2).toFloatArray());
            assertArrayEquals(t.toFloatArray(), DiscovrLosses.otherGlobalView(t, 1).toFloatArray());
        }
    }

    @Test
    void teacherTemperatureWarmsLinearlyOverItsEpochsThenStays() {
        assertEquals(0.04, DiscovrLosses.teacherTemperature(0, 0.04, 0.07, 30), 1e-15);
        assertEquals(0.04 + 0.03 * 10 / 29, DiscovrLosses.teacherTemperature(10, 0.04, 0.07, 30), 1e-15);
        assertEquals(0.07, DiscovrLosses.teacherTemperature(29, 0.04, 0.07, 30), 1e-15);
        assertEquals(0.07, DiscovrLosses.teacherTemperature(30, 0.04, 0.07, 30), 1e-15);
        assertEquals(0.07, DiscovrLosses.teacherTemperature(500, 0.04, 0.07, 30), 1e-15);
    }

    @Test
    void teacherMomentumFollowsDinosCosineFromItsStartToItsFinalValue() {
        assertEquals(0.99, DiscovrLosses.teacherMomentum(0, 200, 0.99, 1.0), 1e-15);
        assertEquals(0.995, DiscovrLosses.teacherMomentum(100, 200, 0.99, 1.0), 1e-15);
        assertEquals(1 - 0.005 * (1 + Math.cos(Math.PI / 4)), DiscovrLosses.teacherMomentum(50, 200, 0.99, 1.0), 1e-15);
        assertEquals(1 - 0.005 * (1 + Math.cos(Math.PI * 199 / 200)), DiscovrLosses.teacherMomentum(199, 200, 0.99, 1.0), 1e-15);
        assertEquals(1.0, DiscovrLosses.teacherMomentum(200, 200, 0.99, 1.0), 1e-15);
        assertEquals(0.99, DiscovrLosses.teacherMomentum(137, 200, 0.99, 0.99), 1e-15);
    }

    private static ExperimentConfig tinyConfig(String... extra) throws Exception {
        List<String> sets = new ArrayList<>(List.of("recipe=discovr", "data.clips=4", "data.frames=8",
                "data.size=16", "model.vit.inputSize=16", "model.vit.patch=4", "discovr.outputs=16", "discovr.headHidden=16",
                "discovr.headBottleneck=8", "discovr.prototypes=8", "discovr.decoderDim=16", "discovr.decoderDepth=1",
                "train.batch=2"));
        sets.addAll(List.of(extra));
        return ConfigTree.bind(ConfigTree.resolve(null, sets));
    }

    @Test
    void theStudentHeadsLastLayersStayFixedForTheFrozenStepsThenLearnAndTheTeachersFollowTheMomentumSchedule() throws Exception {
        ExperimentConfig cfg = tinyConfig("discovr.freezeLastLayerSteps=2", "train.steps=4", "discovr.momentum=0.9",
                "discovr.momentumFinal=1.0");
        Discovr recipe = new Discovr(cfg, Pretraining.data(cfg));
        DiscovrModel model = (DiscovrModel) recipe.model();
        Map<String, Parameter> all = model.namedParameters();
        List<String> lastLayers = List.of("video_head.last_layer.weight_v", "image_head.last_layer.weight_v");
        try (Optimizer optimizer = recipe.createOptimizer(cfg.train())) {
            optimizer.setLearningRate(1e-2);
            for (long step = 0; step < 4; step++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    float[][] before = lastLayers.stream().map(n -> all.get(n).tensor().toFloatArray()).toArray(float[][]::new);
                    float[] mlpBefore = all.get("video_head.mlp.0.weight").tensor().toFloatArray();
                    recipe.loss(step).total().backward();
                    optimizer.step();
                    Parameter student = all.get("encoder.vit.pos_embed");
                    Parameter teacher = all.get("video_teacher.vit.pos_embed");
                    float[] teacherBefore = teacher.tensor().toFloatArray();
                    recipe.afterStep(step);
                    for (int i = 0; i < lastLayers.size(); i++) {
                        float[] after = all.get(lastLayers.get(i)).tensor().toFloatArray();
                        if (step < 2) {
                            assertArrayEquals(before[i], after, lastLayers.get(i) + " frozen at step " + step);
                        } else {
                            assertFalse(Arrays.equals(before[i], after), lastLayers.get(i) + " learns at step " + step);
                        }
                    }
                    assertFalse(Arrays.equals(mlpBefore, all.get("video_head.mlp.0.weight").tensor().toFloatArray()),
                            "the rest of the head learns from step 0");
                    // m(s) = 1 − ½·0.1·(1 + cos(π·s/4))
                    double m = 1 - 0.05 * (1 + Math.cos(Math.PI * step / 4));
                    float[] moved = student.tensor().toFloatArray();
                    float[] after = teacher.tensor().toFloatArray();
                    for (int i = 0; i < after.length; i++) {
                        assertEquals(m * teacherBefore[i] + (1 - m) * moved[i], after[i], 1e-6);
                    }
                } finally {
                    model.zeroGrad();
                }
            }
        } finally {
            model.close();
        }
    }

    @Test
    void teachersAreEmasOfTheStudentsAndNeverOptimised() throws Exception {
        ExperimentConfig cfg = tinyConfig();
        Discovr recipe = new Discovr(cfg, Pretraining.data(cfg));
        DiscovrModel model = (DiscovrModel) recipe.model();
        try (MemoryScope scope = MemoryScope.open()) {
            Map<String, Parameter> all = model.namedParameters();
            assertTrue(all.keySet().stream().anyMatch(DiscovrModel::isTeacher));
            Optimizer optimizer = recipe.createOptimizer(cfg.train());
            Map<String, Tensor> state = optimizer.stateDict();
            assertTrue(state.keySet().stream().noneMatch(n -> n.contains("teacher")), state.keySet().toString());
            // Teachers start equal to their students.
            assertArrayEquals(model.encoder().vit().namedParameters().get("cls_token").tensor().toFloatArray(),
                    model.videoTeacher().vit().namedParameters().get("cls_token").tensor().toFloatArray());
            Parameter student = model.imageStudent().namedParameters().get("pos_embed");
            Parameter teacher = model.imageTeacher().namedParameters().get("pos_embed");
            student.tensor().assign(student.tensor().add(1));
            float[] before = teacher.tensor().toFloatArray();
            float[] moved = student.tensor().toFloatArray();
            model.updateTeachers(0.996);
            float[] after = teacher.tensor().toFloatArray();
            for (int i = 0; i < after.length; i++) {
                assertEquals(0.996 * before[i] + 0.004 * moved[i], after[i], 1e-6);
            }
            assertFalse(teacher.requiresGrad());
        } finally {
            model.close();
        }
        assertEquals(0, recipe.epoch(1));
        assertEquals(1, recipe.epoch(2), "4 clips, 2 per step: step 2 starts epoch 1");
    }

    @Test
    void theVitEncoderSeesFramesAsStillClipsWithOneTokenGridMap() throws Exception {
        try (VitEncoder encoder = new VitEncoder(VitEncoder.MICRO, 16, 4, 2, 4, new RandomStream(3));
             MemoryScope scope = MemoryScope.open()) {
            Tensor frames = Tensor.of(toFloats(gaussian(2 * 16 * 16, 11, 1)), 2, 1, 16, 16);
            Var pooled = encoder.forward(Var.constant(frames));
            assertArrayEquals(new long[] {2, 64}, pooled.shape());
            Tensor clip = frames.unsqueeze(2).expand(2, 1, 4, 16, 16).contiguous();
            assertArrayEquals(encoder.vit().cls(Var.constant(clip), null).value().toFloatArray(), pooled.value().toFloatArray());
            List<Var> maps = encoder.featureMaps(Var.constant(frames));
            assertEquals(1, maps.size());
            assertArrayEquals(new long[] {2, 64, 4, 4}, maps.get(0).shape());
            // Map pixel (h, w) is the mean over the 2 temporal slots of token τ·16 + h·4 + w.
            Tensor tokens = encoder.vit().forward(Var.constant(clip)).value();
            double expected = (tokens.getDouble(1, 1 + 6, 5) + tokens.getDouble(1, 1 + 16 + 6, 5)) / 2;
            assertEquals(expected, maps.get(0).value().getDouble(1, 5, 1, 2), 1e-5);
            assertSame(encoder.vit().namedModules().get("blocks.3"), encoder.lastStage());
        }
    }
}
