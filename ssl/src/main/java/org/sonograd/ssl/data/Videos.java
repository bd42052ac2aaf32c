package org.sonograd.ssl.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sonograd.io.read.BadSamplePolicy;
import org.sonograd.io.read.DatasetEntry;
import org.sonograd.io.read.Datasets;
import org.sonograd.io.read.Picture;
import org.sonograd.io.read.Video;
import org.sonograd.io.sim.Clip;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.io.sim.SceneKind;
import org.sonograd.io.sim.Simulator;

/**
 * A set of video clips held in memory, each with its labels: clip i of a simulated source is
 * {@code Simulator.clip(scene, seed, i, spec)}; a folder source holds real videos labelled by class folder. Frames are normalised with the set's own mean and
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

    /**
     * Resolves a data source name: {@code sim:<scene>} (fetal, lung, breast or echo: {@code count}
     * simulated clips), or {@code folder:<path>} or a plain directory path (every video under
     * {@code <path>/<class>/}, see {@link #fromFolder}; {@code seed} and {@code count} are not used).
     */
    public static Videos fromSource(String source, long seed, int count, ClipSpec spec) {
        if (source.startsWith("folder:")) {
            return fromFolder(Path.of(source.substring("folder:".length())), spec, new BadSamplePolicy(BadSamplePolicy.Mode.SKIP));
        }
        if (!source.startsWith("sim:")) {
            if (Files.isDirectory(Path.of(source))) {
                return fromFolder(Path.of(source), spec, new BadSamplePolicy(BadSamplePolicy.Mode.SKIP));
            }
            throw new IllegalArgumentException("data source '" + source + "': expected sim:fetal, sim:lung, sim:breast,"
                    + " sim:echo (simulated clips), folder:<path> or a directory of <class>/<video> files");
        }
        return simulate(SceneKind.parse(source.substring(4)), seed, count, spec);
    }

    /**
     * Every video file under {@code root/<class>/} (class folders in name order give the labels 0, 1, …),
     * decoded to grey [0, 1] with its long side twice the clip size (FFmpeg's scaler, aspect kept) and
     * letterboxed into the {@code spec.height()²} square ({@link Letterbox}: area average, centred, black
     * padding, as the transfer tasks place their frames), and resampled in time to {@code spec.frames()} frames evenly spaced over the whole
     * video: frame k is decoded frame round(k·(n − 1)/(T − 1)). A file that cannot be decoded is
     * handled by {@code policy}: skipped with a warning on stderr naming it, or a failure. The clips'
     * fps is T over the video's duration; they have no scene, masks or narration.
     */
    public static Videos fromFolder(Path root, ClipSpec spec, BadSamplePolicy policy) {
        if (spec.height() != spec.width()) {
            throw new IllegalArgumentException("data source " + root + ": folder videos are letterboxed into a square, but the clip"
                    + " size is " + spec.height() + "x" + spec.width());
        }
        List<DatasetEntry> entries = Datasets.folderPerClass(root, Datasets.VIDEO);
        List<String> classes = entries.stream().map(DatasetEntry::className).distinct().toList();
        List<Clip> clips = new ArrayList<>();
        for (DatasetEntry e : entries) {
            int index = clips.size();
            Optional<Clip> clip = policy.apply(() -> readClip(e, index, classes, spec));
            clip.ifPresentOrElse(clips::add, () -> System.err.println("warning: skipped " + policy.skippedMessages().getLast()));
        }
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("data source " + root + ": none of the " + entries.size() + " videos could be read");
        }
        return new Videos(clips, spec);
    }

    private static Clip readClip(DatasetEntry e, int index, List<String> classes, ClipSpec spec) {
        Video v = VideoFrameSampler.decode(e.file(), 2 * spec.height());
        int n = v.frames().size();
        int t = spec.frames();
        int hw = spec.height() * spec.width();
        float[] pixels = new float[t * hw];
        Picture first = v.frames().getFirst();
        Letterbox fit = Letterbox.of(first.height(), first.width(), spec.height());
        for (int k = 0; k < t; k++) {
            // k-th of T frames evenly spaced over the n decoded frames
            int source = t == 1 ? (n - 1) / 2 : (int) Math.round((double) k * (n - 1) / (t - 1));
            float[] placed = fit.image(v.frames().get(source).grey().pixels());
            System.arraycopy(placed, 0, pixels, k * hw, hw);
        }
        double fps = v.fps() > 0 ? v.fps() * t / n : spec.fps();
        return new Clip(null, 0, index, t, spec.height(), spec.width(), fps, pixels, new byte[t * hw], classes.indexOf(e.className()),
                classes, null, List.of(), List.of("background"), null, List.of(), Map.of());
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
