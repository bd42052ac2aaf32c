package org.sonograd.ssl.data;

import java.nio.file.Path;
import org.sonograd.io.read.Picture;
import org.sonograd.io.read.Video;
import org.sonograd.io.read.VideoFiles;

/**
 * Frames sampled evenly from a video file: every frame is decoded to grey by FFmpeg with its long
 * side scaled to {@code decodeSize} and the aspect ratio kept (the native size is read from the
 * first frame; sides h' = max(1, round(h·decodeSize/max(h, w))), w' likewise), and frames ⌊(i + ½)·T/count⌋, i = 0..count−1,
 * are kept (all frames when the video has fewer than {@code count}).
 */
public final class VideoFrameSampler {
    private VideoFrameSampler() {}

    /** The indices of {@code count} evenly spread frames of a {@code total}-frame video: ⌊(i + ½)·T/count⌋. */
    public static int[] evenly(int total, int count) {
        int n = Math.min(total, count);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = (int) Math.floor((i + 0.5) * total / n);
        }
        return idx;
    }

    /** Every frame of {@code file}, decoded by FFmpeg with its long side {@code decodeSize} and the aspect kept. */
    public static Video decode(Path file, int decodeSize) {
        Picture first = VideoFiles.read(file, false, 0, 0, i -> i == 0, 1).frames().getFirst();
        Letterbox fit = Letterbox.of(first.height(), first.width(), decodeSize);
        return VideoFiles.read(file, false, fit.contentHeight(), fit.contentWidth(), i -> true, Integer.MAX_VALUE);
    }

    /** {@code count} grey frames of {@code file} in [0, 1], the long side {@code decodeSize}, the aspect kept. */
    public static Picture[] read(Path file, int count, int decodeSize) {
        Video all = decode(file, decodeSize);
        int[] idx = evenly(all.frames().size(), count);
        Picture[] out = new Picture[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = all.frames().get(idx[i]).grey();
        }
        return out;
    }
}
