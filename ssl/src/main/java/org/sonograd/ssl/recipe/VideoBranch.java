package org.sonograd.ssl.recipe;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.ssl.model.FrameEncoder;
import org.sonograd.ssl.model.Mlp;

/** The video side of recipe 2: per-frame encoder, mean over the window's frames, MLP projection. */
public final class VideoBranch extends Module {
    private final FrameEncoder encoder;
    private final Mlp projection;

    /** A branch over the given encoder and projection (registered as {@code encoder} and {@code projection}). */
    public VideoBranch(FrameEncoder encoder, Mlp projection) {
        this.encoder = addModule("encoder", encoder);
        this.projection = addModule("projection", projection);
    }

    /** The last feature maps [B·T, F, s, s] of windows [B, T, H, W], frame-major. */
    public Var featureMaps(Var windows) {
        return encoder.featureMap(windows.reshape(windows.size(0) * windows.size(1), 1, windows.size(2), windows.size(3)));
    }

    /** Embeddings [B, D] of the last feature maps [B·T, F, s, s] of {@code b} windows: mean over space and T, projection. */
    public Var embed(Var maps, long b) {
        Var f = maps.mean(new int[] {2, 3}, false);
        return projection.forward(f.reshape(b, maps.size(0) / b, encoder.features()).mean(new int[] {1}, false));
    }

    /** Embeddings [B, D] of windows [B, T, H, W]: encoder per frame, mean over T, projection. */
    @Override
    public Var forward(Var windows) {
        return embed(featureMaps(windows), windows.size(0));
    }
}
