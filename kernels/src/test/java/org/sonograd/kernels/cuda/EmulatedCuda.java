package org.sonograd.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the CUDA kernels on the CPU: compiles {@code src/test/cuda/emu_harness.cpp} (which includes
 * every {@code src/main/cuda/*.cu} through {@code cuda_emu.h}) with g++ once per source version into
 * {@code target/cuda-emu/}, then runs one case per call, feeding inputs on stdin and reading outputs
 * from stdout (raw little-endian F32/I32). Tests are skipped, with the reason, when g++ is missing.
 */
final class EmulatedCuda {
    static final Path KERNELS = Path.of("src/main/cuda");
    static final Path HARNESS = Path.of("src/test/cuda/emu_harness.cpp");
    private static final List<String> FLAGS = List.of("-std=c++20", "-O1", "-pthread", "-Wall", "-Werror",
            "-Wno-unknown-pragmas");
    private static Path executable;

    private EmulatedCuda() {}

    /** The compiled harness, building it if its sources changed; skips the test when g++ is absent. */
    static synchronized Path harness() {
        if (executable != null) {
            return executable;
        }
        Assumptions.assumeTrue(onPath("g++"), "g++ is not on PATH: the CUDA emulation tests need a C++20 compiler");
        try {
            Path out = Path.of("target/cuda-emu/emu_harness-" + sourceHash());
            if (!Files.isExecutable(out)) {
                Files.createDirectories(out.getParent());
                try (Stream<Path> stale = Files.list(out.getParent())) {  // builds of older sources
                    for (Path old : stale.toList()) {
                        Files.delete(old);
                    }
                }
                List<String> command = new ArrayList<>(List.of("g++"));
                command.addAll(FLAGS);
                command.addAll(List.of("-I" + KERNELS, HARNESS.toString(), "-o", out.toString()));
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    fail("g++ failed to compile the kernels under cuda_emu.h:\n" + String.join(" ", command) + "\n" + log);
                }
            }
            executable = out;
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("could not build the CUDA emulation harness", e);
        }
    }

    /** Whether an executable of that name is on PATH. */
    static boolean onPath(String name) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, name)));
    }

    /** Runs one harness case; inputs are float[] or int[] arrays written in order. */
    static Outputs run(String kernelCase, List<?> params, Object... inputs) {
        Finished f = start(kernelCase, params, inputs);
        assertEquals(0, f.exitCode(), () -> kernelCase + " " + params + " failed:\n" + f.errors());
        return f.outputs();
    }

    /** A finished harness run: exit code, stderr and stdout. */
    record Finished(int exitCode, String errors, Outputs outputs) {}

    /** Runs one harness case and returns however it ended (for tests that expect the emulator to abort). */
    static Finished start(String kernelCase, List<?> params, Object... inputs) {
        List<String> command = new ArrayList<>(List.of(harness().toString(), kernelCase));
        params.forEach(p -> command.add(String.valueOf(p)));
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            try (OutputStream in = p.getOutputStream()) {
                for (Object input : inputs) {
                    in.write(bytes(input));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(kernelCase + " " + params + ": the emulated kernel did not finish in 120 s");
            }
            return new Finished(p.exitValue(), new String(stderr.join(), StandardCharsets.UTF_8),
                    new Outputs(ByteBuffer.wrap(stdout.join()).order(ByteOrder.LITTLE_ENDIAN)));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("could not run the CUDA emulation harness", e);
        }
    }

    /** The outputs of a case, read in the order the case writes them. */
    record Outputs(ByteBuffer buffer) {
        float[] floats(int n) {
            float[] out = new float[n];
            buffer.asFloatBuffer().get(out);
            buffer.position(buffer.position() + 4 * n);
            return out;
        }

        int[] ints(int n) {
            int[] out = new int[n];
            buffer.asIntBuffer().get(out);
            buffer.position(buffer.position() + 4 * n);
            return out;
        }

        float scalar() {
            return floats(1)[0];
        }

        void assertConsumed() {
            assertEquals(0, buffer.remaining(), "the harness wrote more output than the test read");
        }
    }

    private static byte[] bytes(Object input) {
        if (input instanceof float[] f) {
            ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(f);
            return b.array();
        }
        if (input instanceof int[] v) {
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(v);
            return b.array();
        }
        throw new IllegalArgumentException("harness inputs are float[] or int[], got " + input.getClass());
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String sourceHash() throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.join(" ", FLAGS).getBytes(StandardCharsets.UTF_8));
            List<Path> sources;
            try (Stream<Path> files = Files.list(KERNELS)) {
                sources = new ArrayList<>(files.sorted().toList());
            }
            sources.add(HARNESS);
            for (Path source : sources) {
                sha.update(source.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(source));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
