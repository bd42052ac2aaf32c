package org.sonograd.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.List;
import org.sonograd.nn.Parameter;

/**
 * Parameters that share hyper-parameters inside one optimiser: a learning-rate scale (the group's
 * learning rate is the optimiser's current rate times this scale, so one schedule drives every
 * group) and a weight decay of its own. Parameters keep their module names, which name their
 * optimiser state in checkpoints.
 */
public final class ParamGroup {
    private final Map<String, Parameter> parameters;
    private double lrScale;
    private double weightDecay;

    /** A group of named parameters with learning-rate scale {@code lrScale} and weight decay {@code weightDecay}. */
    public ParamGroup(Map<String, Parameter> parameters, double lrScale, double weightDecay) {
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.lrScale = lrScale;
        this.weightDecay = weightDecay;
    }

    /** One group with scale 1. */
    public static ParamGroup of(Map<String, Parameter> parameters, double weightDecay) {
        return new ParamGroup(parameters, 1, weightDecay);
    }

    /**
     * Two groups, as DINO and ViT training use: parameters for which {@code noDecay} holds get weight
     * decay 0, all others {@code weightDecay}. Empty groups are left out.
     */
    public static List<ParamGroup> splitDecay(Map<String, Parameter> parameters, double weightDecay,
                                              BiPredicate<String, Parameter> noDecay) {
        Map<String, Parameter> decay = new LinkedHashMap<>();
        Map<String, Parameter> plain = new LinkedHashMap<>();
        parameters.forEach((n, p) -> (noDecay.test(n, p) ? plain : decay).put(n, p));
        return java.util.stream.Stream.of(of(decay, weightDecay), of(plain, 0))
                .filter(g -> !g.parameters().isEmpty()).toList();
    }

    /**
     * The usual exemption from weight decay: biases, every 1-D parameter (norm scales and shifts),
     * position embeddings and learned tokens ({@code pos_embed}, {@code cls_token}, {@code mask_token}).
     */
    public static boolean isBiasNormOrToken(String name, Parameter p) {
        String leaf = name.substring(name.lastIndexOf('.') + 1);
        return leaf.equals("bias") || p.shape().length <= 1 || leaf.equals("pos_embed") || leaf.endsWith("_token");
    }

    /** The parameters by name. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Multiplier of the optimiser's learning rate for this group. */
    public double lrScale() {
        return lrScale;
    }

    /** Changes the learning-rate multiplier. */
    public void setLrScale(double lrScale) {
        this.lrScale = lrScale;
    }

    /** The weight decay of this group. */
    public double weightDecay() {
        return weightDecay;
    }

    /** Changes the weight decay (e.g. from a schedule). */
    public void setWeightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
    }
}
