package org.sonograd.kernels;

/**
 * Plain-loop reference of the distillation cross-entropies, in double precision, with the gradient
 * with respect to the student logits. Logits are row-major B×K. The CUDA kernel
 * ({@code distillation.cu}) is tested against it.
 *
 * <pre>
 *   soft (DINO, Caron et al. 2021):  p_b = softmax((t_b − c)/τ_t),  log q_b = log_softmax(s_b/τ_s)
 *       L = −(1/B) Σ_b Σ_k p_bk log q_bk,         ∂L/∂s_bk = (q_bk − p_bk) / (B τ_s)
 *   hard:  L = −(1/B) Σ_b log_softmax(s_b/τ)_{y_b},  ∂L/∂s_bk = (q_bk − [k = y_b]) / (B τ)
 *   centre:  c ← m·c + (1 − m)·mean_b t_b
 * </pre>
 *
 * The teacher is a constant (no gradient flows into it).
 */
public final class DistillationReference {
    private DistillationReference() {}

    /** The mean loss over the batch and its gradient with respect to the student logits (B×K). */
    public record Result(double loss, double[] studentGrad) {}

    /** Soft targets from a centred (c null: not centred), sharpened teacher. */
    public static Result soft(double[] student, double[] teacher, double[] center, int b, int k, double tauStudent,
                              double tauTeacher) {
        check("soft", student, b, k);
        check("soft teacher", teacher, b, k);
        if (center != null && center.length != k) {
            throw new IllegalArgumentException("distillation soft: centre has " + center.length + " values, expected " + k);
        }
        if (!(tauStudent > 0) || !(tauTeacher > 0)) {
            throw new IllegalArgumentException("distillation soft: temperatures must be > 0, got τ_s = " + tauStudent
                    + ", τ_t = " + tauTeacher);
        }
        double[] grad = new double[b * k];
        double[] t = new double[k];
        double loss = 0;
        for (int row = 0; row < b; row++) {
            for (int c = 0; c < k; c++) {
                t[c] = (teacher[row * k + c] - (center == null ? 0 : center[c])) / tauTeacher;
            }
            double lseT = logSumExp(t, 0, 1, k);
            double lseS = logSumExp(student, row * k, 1 / tauStudent, k);
            for (int c = 0; c < k; c++) {
                double p = Math.exp(t[c] - lseT);
                double logQ = student[row * k + c] / tauStudent - lseS;
                loss -= p * logQ / b;
                grad[row * k + c] = (Math.exp(logQ) - p) / (b * tauStudent);
            }
        }
        return new Result(loss, grad);
    }

    /** Hard integer targets y_b in [0, K). */
    public static Result hard(double[] student, int[] targets, int b, int k, double tau) {
        check("hard", student, b, k);
        if (targets.length != b) {
            throw new IllegalArgumentException("distillation hard: " + targets.length + " targets for " + b + " samples");
        }
        if (!(tau > 0)) {
            throw new IllegalArgumentException("distillation hard: temperature must be > 0, got " + tau);
        }
        double[] grad = new double[b * k];
        double loss = 0;
        for (int row = 0; row < b; row++) {
            int y = targets[row];
            if (y < 0 || y >= k) {
                throw new IllegalArgumentException("distillation hard: target " + y + " of sample " + row
                        + " is outside [0, " + k + ")");
            }
            double lse = logSumExp(student, row * k, 1 / tau, k);
            loss -= (student[row * k + y] / tau - lse) / b;
            for (int c = 0; c < k; c++) {
                double q = Math.exp(student[row * k + c] / tau - lse);
                grad[row * k + c] = (q - (c == y ? 1 : 0)) / (b * tau);
            }
        }
        return new Result(loss, grad);
    }

    /** The next centre m·c + (1 − m)·mean_b t_b (a new array; c is not modified). */
    public static double[] updatedCenter(double[] center, double[] teacher, int b, int k, double momentum) {
        check("centre", teacher, b, k);
        if (center.length != k) {
            throw new IllegalArgumentException("distillation centre: " + center.length + " values, expected " + k);
        }
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            double sum = 0;
            for (int row = 0; row < b; row++) {
                sum += teacher[row * k + c];
            }
            out[c] = momentum * center[c] + (1 - momentum) * sum / b;
        }
        return out;
    }

    /** log Σ_c exp(scale · x[from + c]) over k entries, with the maximum subtracted first. */
    private static double logSumExp(double[] x, int from, double scale, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, scale * x[from + c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += Math.exp(scale * x[from + c] - max);
        }
        return max + Math.log(sum);
    }

    private static void check(String what, double[] logits, int b, int k) {
        if (b < 1 || k < 1 || logits.length != (long) b * k) {
            throw new IllegalArgumentException("distillation " + what + ": logits have " + logits.length
                    + " values, expected " + b + "×" + k + " with both sizes ≥ 1");
        }
    }
}
