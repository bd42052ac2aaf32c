package org.sonograd.ssl.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of {@code runs/<name>/}: {@code config.json}, {@code manifest.json},
 * {@code metrics.jsonl}, {@code checkpoints/step-<n>.safetensors} (n = completed steps),
 * {@code plots/} and the reports. Text files are written atomically (temporary file, then rename).
 */
public record RunFolder(Path root) {
    private static final Pattern CHECKPOINT = Pattern.compile("step-(\\d+)\\.safetensors");

    /** The folder of run {@code name} under {@code runsRoot}. */
    public static RunFolder of(Path runsRoot, String name) {
        if (name.isBlank() || name.contains("/") || name.contains("..")) {
            throw new IllegalArgumentException("run name '" + name + "' must be a plain folder name");
        }
        return new RunFolder(runsRoot.resolve(name));
    }

    public Path config() {
        return root.resolve("config.json");
    }

    public Path manifest() {
        return root.resolve("manifest.json");
    }

    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path plots() {
        return root.resolve("plots");
    }

    /** The checkpoint after {@code steps} completed steps. */
    public Path checkpoint(long steps) {
        return checkpoints().resolve(String.format("step-%07d.safetensors", steps));
    }

    /** Every checkpoint, by completed steps. */
    public List<Path> listCheckpoints() throws IOException {
        if (!Files.isDirectory(checkpoints())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(checkpoints())) {
            return s.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(RunFolder::stepsOf)).toList();
        }
    }

    /** The checkpoint with the most completed steps, if any. */
    public Optional<Path> latestCheckpoint() throws IOException {
        List<Path> all = listCheckpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** Completed steps encoded in a checkpoint's file name. */
    public static long stepsOf(Path checkpoint) {
        Matcher m = CHECKPOINT.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpoint + ": not a step-<n>.safetensors checkpoint");
        }
        return Long.parseLong(m.group(1));
    }

    /** Writes {@code text} to {@code file} through a temporary file and an atomic rename. */
    public static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
