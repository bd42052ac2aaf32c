package org.sonograd.ssl.run;

/** A NaN or Inf in the loss or in a gradient: the run stops at {@code step}, naming the tensor. */
public final class NonFiniteException extends RuntimeException {
    private final long step;
    private final String tensor;

    /** At {@code step} (0-based), in {@code tensor} ("loss" or "grad of &lt;parameter&gt;"). */
    public NonFiniteException(long step, String tensor, double value) {
        super("non-finite value " + value + " in " + tensor + " at step " + step
                + "; the run stopped and its last good checkpoint is kept");
        this.step = step;
        this.tensor = tensor;
    }

    /** The step at which the value appeared. */
    public long step() {
        return step;
    }

    /** The name of the tensor that held it. */
    public String tensor() {
        return tensor;
    }
}
