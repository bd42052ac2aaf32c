package org.sonograd.ssl.recipe;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.functional.LayerFunctions;
import org.sonograd.nn.functional.LossFunctions;
import org.sonograd.tensor.SinkhornKnopp;
import org.sonograd.tensor.Tensor;

/**
 * The equations of {@code discovr} (Mishra et al., NeurIPS 2025), each as a pure function so that
 * tests can hold it against a plain loop: the DINO loss with its centre and teacher-temperature
 * schedule, the alignment of image-teacher patch features with the video tokens, and the
 * Sinkhorn–Knopp cluster targets with their cross-entropy.
 */
final class DiscovrLosses {
    private DiscovrLosses() {}

    /**
     * DINO's teacher temperature at {@code epoch}: linear from τ₀ to τ₁ over the first E epochs,
     * then τ₁ (as DINO's {@code np.linspace(τ₀, τ₁, E)}, indexed by the epoch):
     * τ_t(e) = τ₀ + (τ₁ − τ₀)·e/(E − 1) for e &lt; E, else τ₁.
     */
    static double teacherTemperature(long epoch, double start, double end, int warmupEpochs) {
        if (epoch >= warmupEpochs) {
            return end;
        }
        return warmupEpochs == 1 ? start : start + (end - start) * epoch / (warmupEpochs - 1);
    }

    /**
     * DINO's teacher momentum at {@code step} of {@code steps} (its {@code cosine_scheduler} from m₀ to m₁, per step):
     * m(s) = m₁ + ½(m₀ − m₁)(1 + cos(π·s/S)), so m(0) = m₀, m(S/2) = (m₀ + m₁)/2 and m → m₁ at the end; m₀ = m₁ is constant.
     */
    static double teacherMomentum(long step, long steps, double start, double end) {
        return end + 0.5 * (start - end) * (1 + Math.cos(Math.PI * step / steps));
    }

    /**
     * The DINO loss of student outputs s [V·B, K] (V views, row v·B + b belongs to sample b) against
     * teacher outputs t [B, K] with centre c [K]:
     * L = −(1/(V·B)) Σ_v Σ_b Σ_k p_bk · log softmax(s_{vb}/τ_s)_k,  p_b = softmax((t_b − c)/τ_t).
     * The teacher is a constant.
     */
    static Var dino(Var student, Tensor teacher, Tensor centre, double studentTemperature, double teacherTemperature) {
        long b = teacher.size(0);
        if (student.size(0) % b != 0 || student.size(1) != teacher.size(1)) {
            throw new IllegalArgumentException("discovr dino: student " + Arrays.toString(student.shape())
                    + " must be [V·B, K] for teacher " + Arrays.toString(teacher.shape()));
        }
        int views = Math.toIntExact(student.size(0) / b);
        // p = softmax((t − c)/τ_t), repeated for every student view
        Tensor p = teacher.sub(centre).div(teacherTemperature).softmax(1);
        Tensor targets = Tensor.cat(Collections.nCopies(views, p), 0);
        return LossFunctions.softCrossEntropy(student.div(studentTemperature), Var.constant(targets), 0, null);
    }

    /**
     * DINO's cross-view pairing of teacher outputs t [G·N, K] in G blocks of N rows (block g: global view g):
     * block g of the result is block (g + 1) mod G of t, so a student view built on global view g is
     * distilled from the teacher of another global view (with G = 2, the two swap; with G = 1, t itself).
     */
    static Tensor otherGlobalView(Tensor teacher, int globalViews) {
        long rows = teacher.size(0);
        if (globalViews < 1 || rows % globalViews != 0) {
            throw new IllegalArgumentException("discovr: teacher outputs " + Arrays.toString(teacher.shape())
                    + " are not " + globalViews + " blocks of equal size");
        }
        if (globalViews == 1) {
            return teacher;
        }
        long block = rows / globalViews;
        return Tensor.cat(List.of(teacher.slice(0, block, rows, 1), teacher.slice(0, 0, block, 1)), 0);
    }

    /**
     * The mean entropy of the centred, sharpened teacher distributions, DINO's collapse monitor:
     * H = −(1/B) Σ_b Σ_k p_bk log p_bk, p_b = softmax((t_b − c)/τ_t). ln K means a flat (uniform) teacher,
     * 0 a one-hot one.
     */
    static double teacherEntropy(Tensor teacher, Tensor centre, double teacherTemperature) {
        Tensor logP = teacher.sub(centre).div(teacherTemperature).logSoftmax(1);
        return -logP.exp().mul(logP).sum(new int[] {1}, false).mean(new int[] {0}, false).item();
    }

    /**
     * The KoLeo regulariser of DINOv2 (Oquab et al., 2023; Sablayrolles et al., 2019) on features x
     * [G·N, D] in G groups of N rows (group g holds rows g·N … g·N + N − 1): with x̂ = x/‖x‖,
     * L = −(1/(G·N)) Σ_g Σ_i log(‖x̂_i − x̂_{n(i)}‖ + 1e-8), n(i) the nearest other row of the same
     * group by cosine (chosen without gradient). The distance is √(Σ(x̂_i − x̂_n)² + 1e-12), so that
     * two identical rows give a finite gradient.
     */
    static Var koLeo(Var features, int groups) {
        long rows = features.size(0);
        long d = features.size(1);
        if (features.rank() != 2 || groups < 1 || rows % groups != 0 || rows / groups < 2) {
            throw new IllegalArgumentException("discovr koLeo: features " + Arrays.toString(features.shape())
                    + " must be [G·N, D] with G = " + groups + " groups of at least 2 rows");
        }
        int n = Math.toIntExact(rows / groups);
        Var unit = LayerFunctions.normalize(features, 1, 1e-12);
        float[] u = unit.value().toFloatArray();
        long[] nearest = new long[Math.toIntExact(rows)];
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < n; i++) {
                int row = g * n + i;
                double best = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (j == i) {
                        continue;
                    }
                    double dot = 0;
                    for (int c = 0; c < d; c++) {
                        dot += (double) u[(int) (row * d + c)] * u[(int) ((g * n + j) * d + c)];
                    }
                    if (dot > best) {
                        best = dot;
                        nearest[row] = g * n + j;
                    }
                }
            }
        }
        Var difference = unit.sub(unit.indexSelect(0, Tensor.ofLongs(nearest, rows)));
        return difference.mul(difference).sum(new int[] {1}, false).add(1e-12).sqrt().add(1e-8).log().mean().neg();
    }

    /** The next centre c ← m·c + (1 − m)·mean_b t_b of teacher outputs t [B, K]. */
    static Tensor updatedCentre(Tensor centre, Tensor teacher, double momentum) {
        return centre.mul(momentum).add(teacher.mean(new int[] {0}, false).mul(1 - momentum));
    }

    /**
     * The image teacher's patch features aligned with the video tokens: frames [B·T, hw, D] (frame
     * b·T + f of clip b, patches in (h, w) raster) → [B, (T/t)·hw, D], token (τ, h, w) of clip b at
     * τ·hw + h·w' + w (the (t, h, w) raster of the tubelet embedding) holding the mean over the t
     * frames f = τ·t … τ·t + t − 1 of the patch feature at (h, w).
     */
    static Tensor tubeletTargets(Tensor framePatches, int clips, int frames, int tubelet) {
        long hw = framePatches.size(1);
        long d = framePatches.size(2);
        if (framePatches.size(0) != (long) clips * frames || frames % tubelet != 0) {
            throw new IllegalArgumentException("discovr targets: frame features " + Arrays.toString(framePatches.shape())
                    + " must be [B·T, hw, D] with B = " + clips + ", T = " + frames + " a multiple of t = " + tubelet);
        }
        return framePatches.reshape(clips, frames / tubelet, tubelet, hw, d).mean(new int[] {2}, false)
                .reshape(clips, (long) frames / tubelet * hw, d);
    }

    /** x [M, D] standardised per channel over the M rows, then each row L2-normalised: x̂ = z/‖z‖, z = (x − μ)/√(σ² + 1e-6). */
    static Tensor standardisedUnit(Tensor x) {
        Tensor mean = x.mean(new int[] {0}, true);
        Tensor centred = x.sub(mean);
        Tensor z = centred.div(centred.mul(centred).mean(new int[] {0}, true).add(1e-6).sqrt());
        return z.div(z.mul(z).sum(new int[] {1}, true).sqrt().maximum(Tensor.scalar(z.dtype(), 1e-12)));
    }

    /**
     * Hard cluster targets of unit features f [M, D] against unit prototypes P [K, D]: the arg-max
     * over k of the Sinkhorn–Knopp assignment of the scores S = f·Pᵀ (ε, iterations), I64 [M].
     */
    static Tensor clusterTargets(Tensor features, Tensor unitPrototypes, double epsilon, int iterations) {
        Tensor scores = features.matmul(unitPrototypes.transpose(0, 1));
        return SinkhornKnopp.assign(scores, epsilon, iterations).argmax(1, false);
    }

    /**
     * The cluster-distillation loss of token predictions [V·B, L, D] (row v·B + b predicts clip b)
     * against targets y [B·L] (I64): the mean over every token of
     * −log softmax(cos(pred, P_k)/τ)_y, with the prototypes P normalised inside (their gradient
     * flows through these scores only).
     */
    static Var cluster(Var predictions, Var prototypes, Tensor targets, double temperature) {
        long n = predictions.size(0);
        long l = predictions.size(1);
        long d = predictions.size(2);
        long b = targets.size(0) / l;
        if (targets.size(0) != b * l || n % b != 0) {
            throw new IllegalArgumentException("discovr cluster: predictions " + Arrays.toString(predictions.shape())
                    + " do not match " + targets.size(0) + " targets");
        }
        Var unit = LayerFunctions.normalize(predictions.reshape(n * l, d), 1, 1e-12);
        Var unitPrototypes = LayerFunctions.normalize(prototypes, 1, 1e-12);
        Var scores = unit.matmul(unitPrototypes.transpose(0, 1)).div(temperature);
        Tensor repeated = Tensor.cat(Collections.nCopies((int) (n / b), targets), 0);
        return LossFunctions.crossEntropy(scores, repeated);
    }
}
