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

    /** Embeddings [B, D] of windows [B, T, H, W]: encoder per frame, mean over T, projection. */
    @Override
    public Var forward(Var windows) {
        long b = windows.size(0);
        long t = windows.size(1);
        Var f = encoder.forward(windows.reshape(b * t, 1, windows.size(2), windows.size(3)));
        return projection.forward(f.reshape(b, t, encoder.features()).mean(new int[] {1}, false));
    }
}
