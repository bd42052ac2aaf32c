package org.sonograd.ssl.recipe;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.ssl.model.FrameEncoder;
import org.sonograd.ssl.model.Mlp;
import org.sonograd.tensor.RandomStream;

/**
 * The networks of recipe 2: the video encoder (recipe 1's per-frame CNN, {@code encoder}) with its
 * projection, an audio 2D CNN on log-mel spectrograms with its projection, and the momentum copy
 * of the video branch ({@code momentum}, an EMA of {@code encoder} + {@code videoProjection}) whose
 * embeddings define the affinities; optionally recipe 1's {@link OrderHead} ({@code orderHead}) over
 * the layout features (last feature maps flattened) of the window's 4 frames. All of it is
 * checkpointed, so a resume is exact.
 */
public final class VideoSpeechModel extends Module {
    private final VideoBranch video;
    private final FrameEncoder audio;
    private final Mlp audioProjection;
    private final VideoBranch momentum;
    private final OrderHead orderHead;

    /**
     * Widths from the model config; the momentum branch starts as a copy of the video branch. With
     * {@code order}, an order head for frames of {@code side×side} pixels is added (drawn last, so
     * the other modules' initialisation does not depend on it).
     */
    public VideoSpeechModel(int width, int groups, int hidden, int dim, int side, boolean order, RandomStream random) {
        FrameEncoder encoder = addModule("encoder", new FrameEncoder(width, groups, random));
        Mlp videoProjection = addModule("videoProjection", new Mlp(encoder.features(), hidden, dim, random));
        this.video = new VideoBranch(encoder, videoProjection);
        this.audio = addModule("audio", new FrameEncoder(width, groups, random));
        this.audioProjection = addModule("audioProjection", new Mlp(audio.features(), hidden, dim, random));
        this.momentum = addModule("momentum", new VideoBranch(new FrameEncoder(width, groups, random),
                new Mlp(encoder.features(), hidden, dim, random)));
        momentum.loadStateDict(video.stateDict());
        momentum.freeze();
        long map = FrameEncoder.lastMapSide(side);
        this.orderHead = order ? addModule("orderHead", new OrderHead(encoder.features() * map * map, hidden, random)) : null;
    }

    /** The auxiliary order head, or null when it is off. */
    public OrderHead orderHead() {
        return orderHead;
    }

    /** The trained video branch (not registered itself: its parts are). */
    public VideoBranch video() {
        return video;
    }

    /** The momentum video branch. */
    public VideoBranch momentum() {
        return momentum;
    }

    /** The transferable video encoder. */
    public FrameEncoder encoder() {
        return (FrameEncoder) children().get("encoder");
    }

    /** Audio embeddings [B, D] of log-mel windows [B, 1, frames, bands]. */
    public Var audioEmbedding(Var spectrograms) {
        return audioProjection.forward(audio.forward(spectrograms));
    }

    /** Video embeddings [B, D] of frame windows [B, T, H, W]. */
    @Override
    public Var forward(Var windows) {
        return video.forward(windows);
    }
}
