package org.sonograd.ssl.transfer;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates a real dataset under {@link DataRoot}; a skipped test (with the reason printed) when it is absent. */
final class RealData {
    private RealData() {}

    static Path folder(String name) {
        Path dir = DataRoot.path().resolve(name);
        if (!Files.isDirectory(dir)) {
            String reason = "skipping: real data folder " + dir + " is absent (set SONOGRAD_DATA)";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        return dir;
    }
}
