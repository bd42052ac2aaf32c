package org.sonograd.ssl.recipe;

import java.util.Map;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.optim.AdamW;
import org.sonograd.nn.optim.Optimizer;
import org.sonograd.nn.optim.ParamGroup;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.model.Encoder;

/**
 * A pretraining recipe as the experiment runner sees it: a model holding every trained parameter
 * (its state dict is what checkpoints save), the encoder that transfer tasks reuse, and the loss of
 * a step. The loss of step s must be a pure function of the parameters and (seed, s): the runner
 * relies on that to resume bit-identically.
 *
 * <p>Per step the runner calls {@link #loss}, back-propagates, steps the optimiser made by
 * {@link #createOptimizer}, then calls {@link #afterStep} (EMA teachers, centres). Optimisers a
 * recipe steps itself (a meta-learner's) are listed by {@link #auxiliaryOptimizers} so that
 * checkpoints hold their state too.
 */
public interface Recipe extends AutoCloseable {
    /** Everything that is trained; its encoder sits under the name {@code encoder}. */
    Module model();

    /** The transferable per-frame encoder (a child of {@link #model()} named {@code encoder}). */
    Encoder encoder();

    /** Clips consumed per step, for throughput. */
    int clipsPerStep();

    /** Clips in one pass over the data, for the epoch count. */
    int clipsPerEpoch();

    /** The loss of step {@code step}, with its named parts for the metrics log. */
    StepLoss loss(long step);

    /**
     * The main optimiser over {@link #model()}'s parameters, called once before the first step. The
     * default is AdamW (betas 0.9, 0.999) with no weight decay on biases, norms and tokens; the runner
     * sets its learning rate every step from the warm-up–cosine schedule.
     */
    default Optimizer createOptimizer(ExperimentConfig.TrainConfig train) {
        return new AdamW(ParamGroup.splitDecay(model().namedParameters(), train.weightDecay(), ParamGroup::isBiasNormOrToken),
                train.lr(), 0.9, 0.999, 1e-8);
    }

    /** Called after the optimiser step of {@code step} (and before the gradients are zeroed): EMA updates and the like. */
    default void afterStep(long step) {}

    /** Optimisers the recipe steps inside {@link #loss}, by name; checkpoints save them as {@code aux.<name>.*}. */
    default Map<String, Optimizer> auxiliaryOptimizers() {
        return Map.of();
    }

    /** Frees the model and anything else the recipe holds off-heap (its own optimisers). */
    @Override
    default void close() {
        model().close();
        auxiliaryOptimizers().values().forEach(Optimizer::close);
    }

    /**
     * A step's loss.
     *
     * @param total  what is back-propagated
     * @param parts  named scalars to log (each a 1-element var, e.g. the order cross-entropy, or an accuracy)
     */
    record StepLoss(Var total, Map<String, Var> parts) {}
}
