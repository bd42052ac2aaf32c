package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reason VectorMath exists: its vector lanes give the same bits whether or not C2 has compiled
 * them. A JVM started with {@code -Xint} (the Vector API's Java fallback, lane by lane) must print
 * the same {@link VectorMathFingerprint} as this JVM after the code has run hot.
 */
class VectorMathJitStateTest {
    @Test
    void interpretedLanesGiveTheBitsOfCompiledLanes() throws IOException, InterruptedException {
        long warm = 0;
        for (int rep = 0; rep < 20; rep++) {
            warm = VectorMathFingerprint.compute();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xint", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), VectorMathFingerprint.class.getName()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), "forked -Xint JVM failed: " + out);
        assertEquals(Long.toString(warm), out, "VectorMath lanes under -Xint vs warm C2");
    }
}
