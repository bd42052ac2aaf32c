package org.sonograd.ssl.transfer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real datasets live: env {@code SONOGRAD_DATA}, else the first {@code shared/data} folder
 * found going up from the working directory (so {@code ../shared/data} of the repository root, from
 * the root or from a module folder).
 */
public final class DataRoot {
    private DataRoot() {}

    /** The data root (it may not exist). */
    public static Path path() {
        String env = System.getenv("SONOGRAD_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("shared/data"))) {
                return d.resolve("shared/data");
            }
        }
        return start.getParent().resolve("shared/data").normalize();
    }

    /** The dataset folder {@code name} under the root, or an error naming where it was looked for. */
    public static Path dataset(String name) {
        Path dir = path().resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("dataset folder " + dir + " not found (set SONOGRAD_DATA or pass --data)");
        }
        return dir;
    }
}
