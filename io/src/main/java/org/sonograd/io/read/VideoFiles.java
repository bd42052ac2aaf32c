package org.sonograd.io.read;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Video files (mp4, avi, mov, mpeg, gif, …) through FFmpeg (JavaCV). Frames are decoded in stream
 * order, converted by FFmpeg to 8-bit grey or RGB and optionally scaled, and those whose index is
 * selected (by index, or nearest to a time by timestamp) are kept. Writing: grey frames to an MPEG-4 file.
 */
public final class VideoFiles {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private VideoFiles() {
    }

    /** Every frame, at the native size. */
    public static Video readAll(Path file, boolean rgb) {
        return read(file, rgb, 0, 0, i -> true, Integer.MAX_VALUE);
    }

    /** The frames with the given stream indices (ascending or not; missing indices are an error). */
    public static Video readFrames(Path file, boolean rgb, int height, int width, int... indices) {
        int[] sorted = indices.clone();
        Arrays.sort(sorted);
        Video v = read(file, rgb, height, width, i -> Arrays.binarySearch(sorted, i) >= 0, sorted[sorted.length - 1] + 1);
        if (v.frames().size() < distinct(sorted)) {
            throw new SampleException(file, "asked for frame " + sorted[sorted.length - 1] + " but the video has "
                    + v.totalFrames() + " frames");
        }
        List<Picture> ordered = new ArrayList<>();
        for (int i : indices) {
            int k = Arrays.binarySearch(v.indices(), i);
            ordered.add(v.frames().get(k));
        }
        return new Video(v.fps(), v.totalFrames(), indices.clone(), ordered);
    }

    /**
     * The frames nearest in presentation time to each of {@code seconds} (in the order asked): frame
     * k is chosen for time t when |ts(k) − t| is smallest, ts from the stream's timestamps (ties go to
     * the earlier frame). Times before the first frame give the first, after the last the last.
     */
    public static Video readAtTimes(Path file, boolean rgb, int height, int width, double... seconds) {
        if (seconds.length == 0) {
            throw new IllegalArgumentException("VideoFiles.readAtTimes(" + file + "): no times given");
        }
        double last = Arrays.stream(seconds).max().orElseThrow();
        Picture[] best = new Picture[seconds.length];
        int[] bestIndex = new int[seconds.length];
        double[] bestDistance = new double[seconds.length];
        Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
        int index = 0;
        double fps;
        try (FFmpegFrameGrabber g = open(file, rgb, height, width)) {
            fps = g.getFrameRate();
            for (Frame f = g.grabImage(); f != null; f = g.grabImage(), index++) {
                double ts = f.timestamp / 1e6;
                Picture p = null;
                for (int i = 0; i < seconds.length; i++) {
                    double d = Math.abs(ts - seconds[i]);
                    if (d < bestDistance[i]) {
                        p = p == null ? toPicture(f, rgb) : p;
                        best[i] = p;
                        bestIndex[i] = index;
                        bestDistance[i] = d;
                    }
                }
                if (ts > last) {
                    index++;
                    break; // every later frame is further from every asked time
                }
            }
            g.stop();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw decodeError(file, e);
        }
        if (best[0] == null) {
            throw new SampleException(file, "video has no decodable frames");
        }
        return new Video(fps, index, bestIndex, List.of(best));
    }

    private static FFmpegFrameGrabber open(Path file, boolean rgb, int height, int width) throws FrameGrabber.Exception {
        if (!Files.isRegularFile(file)) {
            throw new SampleException(file, "no such file");
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setPixelFormat(rgb ? avutil.AV_PIX_FMT_RGB24 : avutil.AV_PIX_FMT_GRAY8);
        if (height > 0 && width > 0) {
            g.setImageHeight(height);
            g.setImageWidth(width);
        }
        g.start();
        if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            g.close();
            throw new SampleException(file, "no video stream");
        }
        return g;
    }

    private static SampleException decodeError(Path file, Exception e) {
        if (e instanceof SampleException se) {
            return se;
        }
        return new SampleException(file, "cannot decode video (corrupt, truncated or unknown format)", e);
    }

    private static int distinct(int[] sorted) {
        return (int) Arrays.stream(sorted).distinct().count();
    }

    /**
     * Decodes frames whose index passes {@code keep}, stopping after index {@code stopAfter − 1};
     * {@code height}/{@code width} of 0 keep the native size.
     */
    public static Video read(Path file, boolean rgb, int height, int width, IntPredicate keep, int stopAfter) {
        List<Picture> frames = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        int index = 0;
        double fps;
        try (FFmpegFrameGrabber g = open(file, rgb, height, width)) {
            fps = g.getFrameRate();
            while (index < stopAfter) {
                Frame f = g.grabImage();
                if (f == null) {
                    break;
                }
                if (keep.test(index)) {
                    frames.add(toPicture(f, rgb));
                    kept.add(index);
                }
                index++;
            }
            g.stop();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw decodeError(file, e);
        }
        if (index == 0) {
            throw new SampleException(file, "video has no decodable frames");
        }
        return new Video(fps, index, kept.stream().mapToInt(Integer::intValue).toArray(), frames);
    }

    private static Picture toPicture(Frame f, boolean rgb) {
        int c = rgb ? 3 : 1;
        int h = f.imageHeight;
        int w = f.imageWidth;
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int stride = f.imageStride;
        float[] px = new float[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w * c; x++) {
                px[y * w * c + x] = (buf.get(y * stride + x) & 0xFF) / 255f;
            }
        }
        return new Picture(h, w, c, px);
    }

    /** Writes {@code frames} grey frames ({@code [T][H][W]} in [0, 1]) as an MPEG-4 video at {@code fps}. */
    public static void writeGrey(Path file, float[] pixels, int frames, int height, int width, double fps) {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setVideoQuality(1);
            r.setVideoBitrate(20 * width * height * (int) Math.ceil(fps));
            r.setGopSize(12);
            r.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 1);
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            for (int t = 0; t < frames; t++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        float v = Math.clamp(pixels[(t * height + y) * width + x], 0f, 1f);
                        buf.put(y * frame.imageStride + x, (byte) Math.round(255 * v));
                    }
                }
                r.record(frame, avutil.AV_PIX_FMT_GRAY8);
            }
            r.stop();
        } catch (FrameRecorder.Exception e) {
            throw new SampleException(file, "cannot write video", e);
        }
    }
}
