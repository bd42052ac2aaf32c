package org.sonograd.io.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Dataset layouts (see {@code shared/data/README.md}): folder-per-class, CSV manifest, POCUS, BUSI,
 * HC18, CAMUS, paired video+audio, and the simulator's output.
 * Entries are sorted by path, classes by folder name, so the order is the same on every machine.
 */
public final class Datasets {
    /** Video extensions handled by {@link VideoFiles}. */
    public static final Set<String> VIDEO = Set.of("mp4", "avi", "mov", "mpeg", "mpg", "gif", "mkv", "webm");
    /** Image extensions handled by {@link ImageFiles}. */
    public static final Set<String> IMAGE = Set.of("png", "jpg", "jpeg", "bmp");

    /** Audio extensions handled by {@link org.sonograd.io.audio.AudioFiles}. */
    public static final Set<String> AUDIO = Set.of("wav", "mp3", "flac", "ogg", "m4a", "aac", "opus");

    private Datasets() {
    }

    /** {@code root/<class>/<file>} for files with one of {@code extensions} (case-insensitive). */
    public static List<DatasetEntry> folderPerClass(Path root, Set<String> extensions) {
        List<Path> classes = list(root).stream().filter(Files::isDirectory).toList();
        if (classes.isEmpty()) {
            throw new SampleException(root, "no class folders");
        }
        List<DatasetEntry> out = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (Path f : list(classes.get(c))) {
                if (Files.isRegularFile(f) && extensions.contains(extension(f))) {
                    out.add(new DatasetEntry(f, c, classes.get(c).getFileName().toString(), List.of(), new double[0]));
                }
            }
        }
        return out;
    }

    /**
     * A CSV manifest with a header naming the columns {@code path} and {@code label} (any order,
     * more columns allowed) and optionally {@code split}. Relative paths are resolved against the
     * CSV's folder. Label indices number the distinct labels of the whole file in sorted order, so
     * they agree between splits. {@code split} null keeps every row; otherwise only rows whose split
     * column equals it (then the column is required). A missing column, a short row or a missing
     * file is an error naming the CSV and its line.
     */
    public static List<DatasetEntry> csvManifest(Path csv, String split) {
        List<CsvTable.Row> table = CsvTable.read(csv);
        if (table.isEmpty()) {
            throw new SampleException(csv, "empty manifest (no header line)");
        }
        List<String> header = table.getFirst().fields().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        int pathColumn = column(csv, header, "path");
        int labelColumn = column(csv, header, "label");
        int splitColumn = split == null ? header.indexOf("split") : column(csv, header, "split");
        int need = Math.max(pathColumn, Math.max(labelColumn, splitColumn)) + 1;
        List<CsvTable.Row> rows = table.subList(1, table.size());
        java.util.TreeSet<String> labels = new java.util.TreeSet<>();
        for (CsvTable.Row row : rows) {
            if (row.size() < need) {
                throw new SampleException(csv, "line " + row.line() + " has " + row.size() + " fields, need " + need
                        + " (header: " + String.join(",", table.getFirst().fields()) + ")");
            }
            labels.add(row.get(labelColumn).trim());
        }
        List<String> labelList = List.copyOf(labels);
        Path base = csv.toAbsolutePath().getParent();
        List<DatasetEntry> out = new ArrayList<>();
        for (CsvTable.Row row : rows) {
            if (split != null && !row.get(splitColumn).trim().equals(split)) {
                continue;
            }
            Path file = base.resolve(row.get(pathColumn).trim());
            if (!Files.isRegularFile(file)) {
                throw new SampleException(csv, "line " + row.line() + ": no such file " + file);
            }
            String label = row.get(labelColumn).trim();
            out.add(new DatasetEntry(file, labelList.indexOf(label), label, List.of(), new double[0]));
        }
        return out;
    }

    private static int column(Path csv, List<String> header, String name) {
        int c = header.indexOf(name);
        if (c < 0) {
            throw new SampleException(csv, "line 1: no '" + name + "' column in header " + header);
        }
        return c;
    }

    /**
     * Paired video+audio: every video in {@code root} with the audio file of the same stem beside it
     * (e.g. the simulator's fetal {@code fetal_0000.mp4} with its narration {@code fetal_0000.wav}),
     * sorted by video path; a video without audio is an error naming the video.
     */
    public static List<VideoAudioPair> pairedVideoAudio(Path root) {
        List<Path> files = list(root);
        List<VideoAudioPair> out = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f) || !VIDEO.contains(extension(f))) {
                continue;
            }
            String stem = stem(f);
            Path audio = files.stream().filter(a -> AUDIO.contains(extension(a)) && stem(a).equals(stem))
                    .findFirst().orElseThrow(() -> new SampleException(f, "no audio file " + stem
                            + ".{" + String.join(",", new java.util.TreeSet<>(AUDIO)) + "} beside it"));
            out.add(new VideoAudioPair(f, audio, stem));
        }
        if (out.isEmpty()) {
            throw new SampleException(root, "no video files");
        }
        return out;
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    /** POCUS lung videos: {@code pocus/<covid|pneumonia|regular>/<video>}. */
    public static List<DatasetEntry> pocus(Path root) {
        return folderPerClass(root, VIDEO);
    }

    /** BUSI: {@code busi/<class>/<name>.png} with {@code <name>_mask.png} and {@code <name>_mask_N.png}. */
    public static List<DatasetEntry> busi(Path root) {
        List<DatasetEntry> out = new ArrayList<>();
        for (DatasetEntry e : folderPerClass(root, Set.of("png"))) {
            String name = e.file().getFileName().toString();
            if (name.contains("_mask")) {
                continue;
            }
            String stem = name.substring(0, name.length() - 4);
            List<Path> masks = list(e.file().getParent()).stream().filter(p -> {
                String n = p.getFileName().toString();
                return n.equals(stem + "_mask.png") || n.matches(java.util.regex.Pattern.quote(stem) + "_mask_\\d+\\.png");
            }).toList();
            if (masks.isEmpty()) {
                throw new SampleException(e.file(), "no mask file " + stem + "_mask.png beside it");
            }
            out.add(new DatasetEntry(e.file(), e.label(), e.className(), masks, new double[0]));
        }
        return out;
    }

    /** HC18: {@code NNN_HC.png}, {@code NNN_HC_Annotation.png}, values = {pixel size mm, head circumference mm}. */
    public static List<DatasetEntry> hc18(Path root) {
        Path csv = root.resolve("pixel_size_and_HC.csv");
        Map<String, double[]> values = new HashMap<>();
        List<CsvTable.Row> table = CsvTable.read(csv);
        for (CsvTable.Row row : table.subList(Math.min(1, table.size()), table.size())) {
            if (row.size() < 3) {
                throw new SampleException(csv, "line " + row.line() + " has " + row.size() + " fields, need 3");
            }
            values.put(row.get(0).trim(), new double[] {number(csv, row, 1), number(csv, row, 2)});
        }
        List<DatasetEntry> out = new ArrayList<>();
        for (Path f : list(root)) {
            String n = f.getFileName().toString();
            if (n.endsWith("_HC.png")) {
                Path mask = root.resolve(n.replace("_HC.png", "_HC_Annotation.png"));
                double[] v = values.get(n);
                if (v == null) {
                    throw new SampleException(f, "no row in " + csv.getFileName());
                }
                out.add(new DatasetEntry(f, 0, "head", List.of(mask), v));
            }
        }
        return out;
    }

    /** CAMUS: {@code patientNNNN_{2CH,4CH}_{ED,ES}.npy} with {@code ..._gt.npy}; class = view. */
    public static List<DatasetEntry> camus(Path root) {
        List<DatasetEntry> out = new ArrayList<>();
        for (Path f : list(root)) {
            String n = f.getFileName().toString();
            if (n.endsWith(".npy") && !n.endsWith("_gt.npy")) {
                Path gt = root.resolve(n.replace(".npy", "_gt.npy"));
                String view = n.contains("_2CH_") ? "2CH" : "4CH";
                out.add(new DatasetEntry(f, view.equals("2CH") ? 0 : 1, view, List.of(gt), new double[0]));
            }
        }
        return out;
    }

    /**
     * A CAMUS image (stored transposed, float64) as a {@code [H, W]} array in image orientation, and
     * its label map rounded to {0 background, 1 LV, 2 myocardium, 3 LA}.
     */
    public static NdArray[] readCamus(DatasetEntry e) {
        NdArray image = NpyReader.read(e.file()).transpose2d();
        NdArray gt = NpyReader.read(e.masks().getFirst()).transpose2d();
        if (!java.util.Arrays.equals(image.shape(), gt.shape())) {
            throw new SampleException(e.masks().getFirst(), "label shape " + java.util.Arrays.toString(gt.shape())
                    + " differs from image shape " + java.util.Arrays.toString(image.shape()));
        }
        double[] labels = gt.data().clone();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Math.clamp(Math.round(labels[i]), 0, 3);
        }
        return new NdArray[] {image, new NdArray(gt.shape(), labels)};
    }

    /**
     * The simulator's own output ({@code sonograd simulate}): rows of {@code labels.csv}, with each
     * clip's mask frames ({@code <stem>_masks/NNNN.png}) as masks.
     */
    public static List<DatasetEntry> simulated(Path root) {
        Path csv = root.resolve("labels.csv");
        List<DatasetEntry> out = new ArrayList<>();
        List<CsvTable.Row> table = CsvTable.read(csv);
        for (CsvTable.Row row : table.subList(Math.min(1, table.size()), table.size())) {
            if (row.size() != 5) {
                throw new SampleException(csv, "line " + row.line() + " has " + row.size() + " fields, need 5");
            }
            String name = row.get(0);
            Path video = root.resolve(name);
            String stem = name.substring(0, Math.max(0, name.lastIndexOf('.')));
            Path maskDir = root.resolve(stem + "_masks");
            List<Path> masks = Files.isDirectory(maskDir) ? list(maskDir) : List.of();
            out.add(new DatasetEntry(video, (int) number(csv, row, 1), row.get(2), masks,
                    new double[] {number(csv, row, 3), number(csv, row, 4)}));
        }
        return out;
    }

    private static double number(Path csv, CsvTable.Row row, int column) {
        try {
            return Double.parseDouble(row.get(column).trim());
        } catch (NumberFormatException e) {
            throw new SampleException(csv, "line " + row.line() + ", field " + (column + 1) + ": '" + row.get(column)
                    + "' is not a number");
        }
    }

    /** Lower-case extension without the dot. */
    public static String extension(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SampleException(dir, "not a directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new SampleException(dir, "cannot list", e);
        }
    }
}
