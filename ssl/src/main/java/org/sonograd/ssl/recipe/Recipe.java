package org.sonograd.ssl.recipe;

import java.util.Map;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.ssl.model.FrameEncoder;

/**
 * A pretraining recipe as the experiment runner sees it: a model holding every trained parameter
 * (its state dict is what checkpoints save), the encoder that transfer tasks reuse, and the loss of
 * a step. The loss of step s must be a pure function of the parameters and (seed, s): the runner
 * relies on that to resume bit-identically.
 */
public interface Recipe {
    /** Everything that is trained; its encoder sits under the name {@code encoder}. */
    Module model();

    /** The transferable per-frame encoder (a child of {@link #model()}). */
    FrameEncoder encoder();

    /** Clips consumed per step, for throughput. */
    int clipsPerStep();

    /** Clips in one pass over the data, for the epoch count. */
    int clipsPerEpoch();

    /** The loss of step {@code step}, with its named parts for the metrics log. */
    StepLoss loss(long step);

    /**
     * A step's loss.
     *
     * @param total  what is back-propagated
     * @param parts  named scalars to log (each a 1-element var, e.g. the order cross-entropy, or an accuracy)
     */
    record StepLoss(Var total, Map<String, Var> parts) {}
}
