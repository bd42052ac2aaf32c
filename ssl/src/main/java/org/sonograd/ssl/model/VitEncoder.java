package org.sonograd.ssl.model;

import java.util.Arrays;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.backbones.VisionTransformer;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * A video vision transformer with tubelet patches (t×p×p, ViViT/VideoMAE) and a CLS token, as the
 * transferable encoder of {@code discovr}: the trained network is {@code vit}, a
 * {@link VisionTransformer} over clips [N, 1, T, H, W].
 *
 * <p>As an {@link Encoder} it sees single frames [N, 1, H, W]: each frame becomes a still clip,
 * the frame repeated over the T frames of the clip the transformer was built for (so every learned
 * position embedding is used as in pretraining). Pooled features are the CLS output [N, D] after
 * the final norm (DINO's choice, the token the video DINO loss trains); the one feature map is the
 * patch-token grid, the T/t temporal slots averaged, reshaped to [N, D, H/p, W/p].
 */
public final class VitEncoder extends Encoder {
    /** Our CPU size: 64 wide, 4 blocks, 2 heads. */
    public static final VisionTransformer.Size MICRO = new VisionTransformer.Size(64, 4, 2);
    private final VisionTransformer vit;
    private final int clipFrames;
    private final int inputSize;
    private final int patch;
    private final int depth;

    /**
     * A transformer of {@code size} for clips of {@code clipFrames} grey frames {@code inputSize}² cut
     * into tubelets {@code tubelet}×{@code patch}×{@code patch}.
     */
    public VitEncoder(VisionTransformer.Size size, int inputSize, int patch, int tubelet, int clipFrames, RandomStream random) {
        if (inputSize % patch != 0 || clipFrames % tubelet != 0) {
            throw new IllegalArgumentException("VitEncoder: input " + inputSize + " must be a multiple of the patch " + patch
                    + " and clip frames " + clipFrames + " a multiple of the tubelet " + tubelet);
        }
        this.vit = addModule("vit", new VisionTransformer(size, 1, new long[] {clipFrames, inputSize, inputSize},
                new int[] {tubelet, patch, patch}, VisionTransformer.Positions.LEARNED, random));
        this.clipFrames = clipFrames;
        this.inputSize = inputSize;
        this.patch = patch;
        this.depth = size.depth();
    }

    /**
     * The sizes by architecture name: {@code vit-micro} (ours, for CPU runs: 64 wide, 4 blocks, 2 heads),
     * {@code vit-tiny}, {@code vit-small} and {@code vit-base} (the paper's).
     */
    public static VisionTransformer.Size size(String arch) {
        return switch (arch) {
            case "vit-micro" -> MICRO;
            case "vit-tiny" -> VisionTransformer.Size.TINY;
            case "vit-small" -> VisionTransformer.Size.SMALL;
            case "vit-base" -> VisionTransformer.Size.BASE;
            default -> throw new IllegalArgumentException("VitEncoder: unknown size '" + arch
                    + "'; choose vit-micro, vit-tiny, vit-small or vit-base");
        };
    }

    /** The video transformer over clips [N, 1, T, H, W]. */
    public VisionTransformer vit() {
        return vit;
    }

    /** Frames T per clip. */
    public int clipFrames() {
        return clipFrames;
    }

    /** Frame side H = W. */
    public int inputSize() {
        return inputSize;
    }

    /** The spatial patch side p. */
    public int patch() {
        return patch;
    }

    @Override
    public int features() {
        return Math.toIntExact(vit.dim());
    }

    /** The patch-token grid of the still clip, averaged over its temporal slots: one map [N, D, H/p, W/p]. */
    @Override
    public List<Var> featureMaps(Var frames) {
        Var tokens = vit.forward(stillClip(frames));
        long n = frames.size(0);
        long grid = inputSize / patch;
        long slots = vit.patchTokens() / (grid * grid);
        Var patches = tokens.slice(1, 1, 1 + vit.patchTokens(), 1).reshape(n, slots, grid * grid, vit.dim())
                .mean(new int[] {1}, false);
        return List.of(patches.permute(0, 2, 1).reshape(n, vit.dim(), grid, grid));
    }

    @Override
    public long[] featureMapWidths() {
        return new long[] {vit.dim()};
    }

    /** The last transformer block. */
    @Override
    public Module lastStage() {
        return vit.namedModules().get("blocks." + (depth - 1));
    }

    /** The CLS output [N, D] of the still clips of frames [N, 1, H, W]. */
    @Override
    public Var forward(Var frames) {
        return vit.cls(stillClip(frames), null);
    }

    /** CLS outputs [N, D] of clips [N, 1, T, H, W], keeping only the patch tokens {@code keep} (null: all). */
    public Var clipCls(Var clips, Tensor keep) {
        return vit.cls(clips, keep);
    }

    /** [N, 1, H, W] → [N, 1, T, H, W], the frame repeated T times. */
    private Var stillClip(Var frames) {
        long[] s = frames.shape();
        if (frames.rank() != 4 || s[1] != 1 || s[2] != inputSize || s[3] != inputSize) {
            throw new IllegalArgumentException("VitEncoder: frames " + Arrays.toString(s) + " must be [N, 1, " + inputSize
                    + ", " + inputSize + "] (the size the transformer was built for, model.vit.inputSize)");
        }
        return frames.unsqueeze(2).expand(s[0], 1, clipFrames, s[2], s[3]);
    }
}
