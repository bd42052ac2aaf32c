package org.sonograd.ssl.recipe;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.ssl.model.Mlp;
import org.sonograd.tensor.RandomStream;

/**
 * The networks of (Meta-)USCL: the encoder (ResNet-18 in the paper), the projection F → F → ReLU → dim
 * (512 → 512 → 128 at the paper's width) and, for meta-uscl, the weighting network (CMW)
 * concat(h1, h2) ∈ R^{2F} → hidden → ReLU → 1 → sigmoid.
 */
public final class MetaUsclModel extends Module {
    private static final String WEIGHTING = "weighting";
    private final Encoder encoder;
    private final Mlp projection;
    private final Mlp weighting;

    /** The networks over {@code encoder}; {@code weightingHidden} 0 leaves out the weighting network (uscl). */
    public MetaUsclModel(Encoder encoder, int dim, int weightingHidden, RandomStream random) {
        this.encoder = addModule("encoder", encoder);
        int f = encoder.features();
        this.projection = addModule("projection", new Mlp(f, f, dim, random));
        this.weighting = weightingHidden > 0 ? addModule(WEIGHTING, new Mlp(2L * f, weightingHidden, 1, random)) : null;
    }

    /** The encoder. */
    public Encoder encoder() {
        return encoder;
    }

    /** Features h [N, F] and projections z [N, dim] of frames [N, 1, H, W]. */
    public Embedding embed(Var frames) {
        Var h = encoder.forward(frames);
        return new Embedding(h, projection.forward(h));
    }

    /** Features and projections of a batch. */
    public record Embedding(Var features, Var projections) {}

    /** Projections z of frames (what {@link #forward} returns). */
    @Override
    public Var forward(Var frames) {
        return embed(frames).projections();
    }

    /**
     * Normalised pair weights w_i = σ(CMW(p_i)) / Σ_j σ(CMW(p_j)) of pair features p [N, 2F]
     * (concat(h1_i, h2_i)).
     */
    public Var pairWeights(Var pairFeatures) {
        if (weighting == null) {
            throw new IllegalStateException("MetaUsclModel: no weighting network (uscl)");
        }
        Var s = weighting.forward(pairFeatures).sigmoid().reshape(-1);
        return s.div(s.sum());
    }

    /** The parameters the main optimiser trains (encoder and projection), by name. */
    public Map<String, Parameter> trainedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> {
            if (!n.startsWith(WEIGHTING + ".")) {
                out.put(n, p);
            }
        });
        return out;
    }

    /** The weighting network's parameters, by name (empty for uscl). */
    public Map<String, Parameter> weightingParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> {
            if (n.startsWith(WEIGHTING + ".")) {
                out.put(n, p);
            }
        });
        return out;
    }
}
