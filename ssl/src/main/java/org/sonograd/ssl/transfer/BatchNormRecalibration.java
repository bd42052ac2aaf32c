package org.sonograd.ssl.transfer;

import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/**
 * Batch-norm running statistics of a frozen encoder re-estimated on a probe's own unlabelled training
 * images, what a linear probe on frozen features does with its data: {@value #PASSES} training-mode
 * passes without gradient over interleaved chunks (pass p takes images p, p + s, p + 2s, … with
 * s = ⌊n/{@value #CHUNK}⌋, so every chunk spans the set), so that 0.9^{@value #PASSES} ≈ 1.5 % of the
 * old statistics remain; then evaluation mode. No test image is seen, and no parameter changes.
 * An encoder without batch norm (group or layer norm) is only put in evaluation mode.
 */
public final class BatchNormRecalibration {
    private static final int PASSES = 40;
    private static final int CHUNK = 64;

    private BatchNormRecalibration() {}

    /** Re-estimates the running statistics of {@code encoder} on {@code n} images {@code size²}; leaves it in evaluation mode. */
    public static void run(Encoder encoder, float[] images, int n, int size) {
        boolean hasBatchNorm = encoder.namedBuffers().keySet().stream().anyMatch(k -> k.endsWith("running_mean"));
        if (hasBatchNorm) {
            int hw = size * size;
            int m = Math.min(CHUNK, n);
            int stride = n / m;
            encoder.train(true);
            try (GradMode off = GradMode.off()) {
                for (int pass = 0; pass < PASSES; pass++) {
                    float[] chunk = new float[m * hw];
                    for (int j = 0; j < m; j++) {
                        System.arraycopy(images, ((pass + j * stride) % n) * hw, chunk, j * hw, hw);
                    }
                    try (MemoryScope scope = MemoryScope.open()) {
                        encoder.forward(Var.constant(Tensor.of(chunk, m, 1, size, size)));
                    }
                }
            }
        }
        encoder.eval();
    }
}
