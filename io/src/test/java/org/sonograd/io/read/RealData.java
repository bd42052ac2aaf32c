package org.sonograd.io.read;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates {@code shared/data}: env SONOGRAD_DATA, else ../shared/data from the repository root. */
final class RealData {
    private RealData() {
    }

    /** The data sub-folder, or a skipped test (with the reason printed) when it is absent. */
    static Path folder(String name) {
        String env = System.getenv("SONOGRAD_DATA");
        Path root = env != null && !env.isBlank() ? Path.of(env)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            String reason = "skipping: real data folder " + dir + " is absent (set SONOGRAD_DATA)";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        return dir;
    }
}
