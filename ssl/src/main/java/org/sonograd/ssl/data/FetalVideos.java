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
 * A set of simulated fetal sweeps held in memory: clip i is {@code Simulator.clip(FETAL, seed, i, spec)}.
 * Frames are normalised with the set's own mean and standard deviation (computed once, over every pixel).
 */
public final class FetalVideos {
    private final List<Clip> clips;
    private final ClipSpec spec;
    private final float mean;
    private final float std;

    private FetalVideos(List<Clip> clips, ClipSpec spec) {
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

    /** Simulates {@code count} clips of {@code spec} with the simulator seed {@code seed}. */
    public static FetalVideos simulate(long seed, int count, ClipSpec spec) {
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clips.add(Simulator.clip(SceneKind.FETAL, seed, i, spec));
        }
        return new FetalVideos(clips, spec);
    }

    /** Resolves a data source name: {@code sim:fetal} is the only one so far. */
    public static FetalVideos fromSource(String source, long seed, int count, ClipSpec spec) {
        if (!source.equals("sim:fetal")) {
            throw new IllegalArgumentException("data source '" + source + "': only 'sim:fetal' (simulated fetal sweeps)"
                    + " is supported so far; folders of real videos are not readable yet");
        }
        return simulate(seed, count, spec);
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
