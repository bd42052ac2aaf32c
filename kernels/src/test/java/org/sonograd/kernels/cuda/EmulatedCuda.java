package org.sonograd.kernels.cuda;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.EmulatedKernelLibrary;
import org.sonograd.kernels.cuda.launch.EmulatedLauncher;
import org.sonograd.kernels.cuda.launch.KernelLauncher;

/**
 * The emulated CUDA device the emulation tests run on: every packaged kernel compiled once per source
 * version with g++ and cuda_emu.h into {@code target/cuda-emu/kernels/}, launched through the Java
 * launch wrappers ({@code org.sonograd.kernels.cuda.launch.Cuda*}) and {@link EmulatedLauncher}, so a
 * test exercises the wrappers' grids, blocks and argument packing together with the kernels. Tests
 * are skipped, with the reason, when g++ is missing.
 */
final class EmulatedCuda {
    static final Path KERNELS = Path.of("src/main/cuda");
    static final Path CACHE = Path.of("target/cuda-emu");
    private static EmulatedLauncher launcher;

    private EmulatedCuda() {}

    /** The shared emulated launcher, compiling the kernels on first use; skips the test when g++ is absent. */
    static synchronized KernelLauncher launcher() {
        Assumptions.assumeTrue(onPath("g++"), "g++ is not on PATH: the CUDA emulation tests need a C++20 compiler");
        if (launcher == null) {
            launcher = EmulatedLauncher.open(CACHE.resolve("kernels"));
        }
        return launcher;
    }

    /** Whether an executable of that name is on PATH. */
    static boolean onPath(String name) {
        return EmulatedKernelLibrary.onPath(name);
    }

    /** Device buffers for one test case, released together. */
    static Session session() {
        return new Session(launcher());
    }

    /** Results read back in order: {@link #floats(int)} hands out the next array, checking its length. */
    static final class Outputs {
        private final List<float[]> arrays;
        private int next;

        Outputs(List<float[]> arrays) {
            this.arrays = arrays;
        }

        float[] floats(int n) {
            if (next >= arrays.size()) {
                throw new AssertionError("the case produced only " + arrays.size() + " outputs");
            }
            float[] out = arrays.get(next++);
            if (out.length != n) {
                throw new AssertionError("output " + (next - 1) + " has " + out.length + " values, the test expects " + n);
            }
            return out;
        }

        float scalar() {
            return floats(1)[0];
        }

        void assertConsumed() {
            if (next != arrays.size()) {
                throw new AssertionError("the test read " + next + " of " + arrays.size() + " outputs");
            }
        }
    }

    static final class Session implements AutoCloseable {
        private final KernelLauncher launcher;
        private final List<DeviceBuffer> buffers = new ArrayList<>();

        Session(KernelLauncher launcher) {
            this.launcher = launcher;
        }

        KernelLauncher launcher() {
            return launcher;
        }

        DeviceBuffer upload(float[] values) {
            return track(launcher.upload(values));
        }

        DeviceBuffer upload(int[] values) {
            return track(launcher.upload(values));
        }

        DeviceBuffer upload(long[] values) {
            return track(launcher.upload(values));
        }

        long[] longs(DeviceBuffer buffer) {
            return launcher.longs(buffer, (int) (buffer.bytes() / 8));
        }

        /** Uploads {@code values}, or gives a null pointer when {@code present} is false. */
        DeviceBuffer optional(boolean present, float[] values) {
            return present ? upload(values) : null;
        }

        /** A buffer of n elements, uninitialised (NaN bytes under emulation). */
        DeviceBuffer allocate(long n) {
            return track(launcher.allocate(4 * n));
        }

        float[] floats(DeviceBuffer buffer) {
            return launcher.floats(buffer, (int) buffer.elements());
        }

        int[] ints(DeviceBuffer buffer) {
            return launcher.ints(buffer, (int) buffer.elements());
        }

        float scalar(DeviceBuffer buffer) {
            return launcher.floats(buffer, 1)[0];
        }

        /** The contents of {@code results}, in order, for {@link Outputs}. */
        Outputs outputs(DeviceBuffer... results) {
            List<float[]> arrays = new ArrayList<>();
            for (DeviceBuffer r : results) {
                arrays.add(floats(r));
            }
            return new Outputs(arrays);
        }

        private DeviceBuffer track(DeviceBuffer buffer) {
            buffers.add(buffer);
            return buffer;
        }

        @Override
        public void close() {
            buffers.forEach(launcher::release);
        }
    }
}
