package org.sonograd.ssl.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.sonograd.io.sim.Clip;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.io.sim.SceneKind;
import org.sonograd.io.sim.Simulator;

/**
 * A set of video clips held in memory, each with its simulator labels: clip i of a simulated source
 * is {@code Simulator.clip(scene, seed, i, spec)}. Frames are normalised with the set's own mean and
 * standard deviation (computed once, over every pixel); {@link #clip} gives the raw intensities in [0, 1].
 */
public final class Videos {
    private final List<Clip> clips;
    private final ClipSpec spec;
    private final float mean;
    private final float std;

    private Videos(List<Clip> clips, ClipSpec spec) {
        this.clips = clips;
        this.spec = spec;
        double sum = 0;
        double sq = 0;
        long n = 0;
        for (Clip c : clips) {
            for (float p : c.pixels()) {
                sum += p;
                sq += (double) p * p;
                n++;
            }
        }
        this.mean = (float) (sum / n);
        this.std = (float) Math.max(1e-6, Math.sqrt(sq / n - (sum / n) * (sum / n)));
    }

    /** Simulates {@code count} fetal sweeps of {@code spec} with the simulator seed {@code seed}. */
    public static Videos simulate(long seed, int count, ClipSpec spec) {
        return simulate(SceneKind.FETAL, seed, count, spec);
    }

    /** Simulates {@code count} clips of {@code scene} and {@code spec} with the simulator seed {@code seed}. */
    public static Videos simulate(SceneKind scene, long seed, int count, ClipSpec spec) {
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clips.add(Simulator.clip(scene, seed, i, spec));
        }
        return new Videos(clips, spec);
    }

    /** Resolves a data source name {@code sim:<scene>} (fetal, lung, breast or echo). */
    public static Videos fromSource(String source, long seed, int count, ClipSpec spec) {
        if (!source.startsWith("sim:")) {
            throw new IllegalArgumentException("data source '" + source + "': expected sim:fetal, sim:lung, sim:breast"
                    + " or sim:echo (simulated clips)");
        }
        return simulate(SceneKind.parse(source.substring(4)), seed, count, spec);
    }

    /** Number of clips. */
    public int size() {
        return clips.size();
    }

    /** Clip {@code i}. */
    public Clip clip(int i) {
        return clips.get(i);
    }

    /** Frames per clip. */
    public int frames() {
        return spec.frames();
    }

    /** Frame height = width. */
    public int height() {
        return spec.height();
    }

    /** Frame width. */
    public int width() {
        return spec.width();
    }

    /** Frame {@code t} of clip {@code i}, normalised to zero mean and unit variance over the set. */
    public float[] normalisedFrame(int i, int t) {
        float[] f = clips.get(i).frame(t);
        for (int k = 0; k < f.length; k++) {
            f[k] = (f[k] - mean) / std;
        }
        return f;
    }

    /** The centred {@code crop×crop} square of an {@code h×w} frame (the frame itself when crop is 0 or the full size). */
    public static float[] centreCrop(float[] frame, int h, int w, int crop) {
        if (crop <= 0 || (crop == h && crop == w)) {
            return frame;
        }
        if (crop > h || crop > w) {
            throw new IllegalArgumentException("centreCrop: crop " + crop + " exceeds the frame " + h + "x" + w);
        }
        int top = (h - crop) / 2;
        int left = (w - crop) / 2;
        float[] out = new float[crop * crop];
        for (int y = 0; y < crop; y++) {
            System.arraycopy(frame, (top + y) * w + left, out, y * crop, crop);
        }
        return out;
    }

    /** The sha256 of every pixel of every clip, in order: the data fingerprint of a run's manifest. */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4 * spec.height() * spec.width());
            for (Clip c : clips) {
                for (int t = 0; t < c.frames(); t++) {
                    buf.clear();
                    buf.asFloatBuffer().put(c.frame(t));
                    sha.update(buf.array());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
