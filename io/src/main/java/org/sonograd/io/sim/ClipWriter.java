package org.sonograd.io.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sonograd.io.audio.Narrator;
import org.sonograd.io.audio.WavFiles;
import org.sonograd.io.read.CsvTable;
import org.sonograd.io.read.ImageFiles;
import org.sonograd.io.read.SampleException;
import org.sonograd.io.read.VideoFiles;

/**
 * Writes simulated clips as real files, so the readers are exercised:
 * {@code <name>.mp4} (MPEG-4 video), {@code <name>_masks/NNNN.png} (class indices per frame),
 * {@code <name>.wav} (fetal narration, 16 kHz), {@code <name>.json} (labels, frame labels, key
 * frames, narration script, gaze samples) and one {@code labels.csv} row per clip
 * ({@code file,label,class,frames,fps}).
 */
public final class ClipWriter {
    private ClipWriter() {
    }

    /** Writes clips {@code 0..videos-1} of {@code kind} into {@code dir}; returns the file stems. */
    public static List<String> write(Path dir, SceneKind kind, long seed, int videos, ClipSpec spec, boolean audio) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SampleException(dir, "cannot create output folder", e);
        }
        StringBuilder csv = new StringBuilder("file,label,class,frames,fps\n");
        List<String> stems = new ArrayList<>();
        for (int i = 0; i < videos; i++) {
            Clip c = Simulator.clip(kind, seed, i, spec);
            String stem = String.format(Locale.ROOT, "%s_%04d", kind.name().toLowerCase(Locale.ROOT), i);
            stems.add(stem);
            VideoFiles.writeGrey(dir.resolve(stem + ".mp4"), c.pixels(), c.frames(), c.height(), c.width(), c.fps());
            Path masks = dir.resolve(stem + "_masks");
            try {
                Files.createDirectories(masks);
            } catch (IOException e) {
                throw new SampleException(masks, "cannot create mask folder", e);
            }
            for (int t = 0; t < c.frames(); t++) {
                ImageFiles.writeLabelPng(masks.resolve(String.format(Locale.ROOT, "%04d.png", t)), c.height(), c.width(),
                        c.masks(), t * c.height() * c.width());
            }
            if (audio && !c.script().isEmpty()) {
                WavFiles.write(dir.resolve(stem + ".wav"), Narrator.narrate(c));
            }
            writeString(dir.resolve(stem + ".json"), json(c));
            csv.append(stem).append(".mp4,").append(c.label()).append(',').append(CsvTable.field(c.labelName())).append(',')
                    .append(c.frames()).append(',').append(c.fps()).append('\n');
        }
        writeString(dir.resolve("labels.csv"), csv.toString());
        return stems;
    }

    static String json(Clip c) {
        StringBuilder j = new StringBuilder("{\n");
        j.append("  \"scene\": \"").append(c.scene().name().toLowerCase(Locale.ROOT)).append("\",\n");
        j.append("  \"seed\": ").append(c.seed()).append(", \"index\": ").append(c.index()).append(",\n");
        j.append("  \"frames\": ").append(c.frames()).append(", \"height\": ").append(c.height())
                .append(", \"width\": ").append(c.width()).append(", \"fps\": ").append(c.fps()).append(",\n");
        j.append("  \"label\": ").append(c.label()).append(", \"class\": \"").append(c.labelName()).append("\",\n");
        j.append("  \"classes\": ").append(strings(c.classes())).append(",\n");
        j.append("  \"mask_classes\": ").append(strings(c.maskClasses())).append(",\n");
        j.append("  \"key_frames\": {");
        j.append(String.join(", ", c.keyFrames().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> "\"" + e.getKey() + "\": " + e.getValue()).toList()));
        j.append("}");
        if (c.frameLabels() != null) {
            j.append(",\n  \"frame_labels\": ").append(java.util.Arrays.toString(c.frameLabels()));
            j.append(",\n  \"frame_classes\": ").append(strings(c.frameClasses()));
        }
        if (!c.script().isEmpty()) {
            j.append(",\n  \"narration\": [");
            j.append(String.join(", ", c.script().stream().map(u -> String.format(Locale.ROOT,
                    "{\"start\": %.3f, \"plane\": %d, \"text\": \"%s\"}", u.start(), u.plane(), u.text().replace("\"", "'"))).toList()));
            j.append("]");
        }
        if (c.gaze() != null) {
            Gaze g = c.gaze();
            j.append(",\n  \"gaze_samples_per_frame\": ").append(g.samplesPerFrame());
            j.append(",\n  \"gaze\": [");
            List<String> pts = new ArrayList<>();
            for (int i = 0; i < g.x().length; i++) {
                pts.add(Float.isNaN(g.x()[i]) ? "null" : String.format(Locale.ROOT, "[%.1f, %.1f]", g.x()[i], g.y()[i]));
            }
            j.append(String.join(", ", pts)).append("]");
        }
        return j.append("\n}\n").toString();
    }

    private static String strings(List<String> s) {
        return "[" + String.join(", ", s.stream().map(x -> "\"" + x + "\"").toList()) + "]";
    }

    private static void writeString(Path f, String s) {
        try {
            Files.writeString(f, s);
        } catch (IOException e) {
            throw new SampleException(f, "cannot write", e);
        }
    }
}
