package org.sonograd.ssl.transfer;

import java.util.List;
import org.sonograd.autograd.Var;

/**
 * How a video transformer's output tokens of one clip window [N, 1 + L, D] (CLS first, after the final
 * norm) become the window's feature.
 */
public enum WindowPooling {
    /** The CLS output: D features. */
    CLS,
    /** The mean over the L patch tokens: D features. */
    MEAN_TOKEN,
    /** The CLS output followed by the mean patch token: 2D features. */
    CLS_AND_MEAN_TOKEN;

    /** Features per window for a transformer of width {@code d}. */
    public int width(int d) {
        return this == CLS_AND_MEAN_TOKEN ? 2 * d : d;
    }

    /** The window features [N, width(D)] of the output tokens [N, 1 + L, D]. */
    public Var pool(Var tokens) {
        return switch (this) {
            case CLS -> tokens.select(1, 0);
            // (1/L) Σ_{l=1..L} token_l
            case MEAN_TOKEN -> tokens.slice(1, 1, tokens.size(1), 1).mean(new int[] {1}, false);
            case CLS_AND_MEAN_TOKEN -> Var.cat(List.of(CLS.pool(tokens), MEAN_TOKEN.pool(tokens)), 1);
        };
    }

    /**
     * This pooling's features [count, width(d)] taken from the {@link #CLS_AND_MEAN_TOKEN} features [count, 2d] of the
     * same windows (their first d columns are the CLS, the last d the mean patch token).
     */
    public float[] fromBoth(float[] both, int count, int d) {
        int w = width(d);
        int from = this == MEAN_TOKEN ? d : 0;
        float[] out = new float[count * w];
        for (int r = 0; r < count; r++) {
            System.arraycopy(both, r * 2 * d + from, out, r * w, w);
        }
        return out;
    }
}
