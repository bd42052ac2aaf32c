package org.sonograd.kernels.cuda.launch;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Where the launch wrappers ({@code Cuda*} in this package) send their kernels: device memory and
 * {@code cuLaunchKernel}-style launches by family and kernel name. Two implementations: {@link
 * CudaDriverLauncher} (a real GPU through JCuda) and {@link EmulatedLauncher} (the same kernel source
 * compiled for the CPU through cuda_emu.h). Launches are ordered: each sees the results of the ones
 * before it; {@link #download} waits for them.
 */
public interface KernelLauncher extends AutoCloseable {
    /** A human-readable name of the device, e.g. for benchmark output. */
    String name();

    /** Allocates {@code bytes} of device memory (contents undefined). */
    DeviceBuffer allocate(long bytes);

    /** Returns a buffer from {@link #allocate}. */
    void release(DeviceBuffer buffer);

    /** Copies {@code host.byteSize()} bytes to the start of {@code buffer}. */
    void upload(MemorySegment host, DeviceBuffer buffer);

    /** Copies {@code host.byteSize()} bytes from the start of {@code buffer}, after every queued launch. */
    void download(DeviceBuffer buffer, MemorySegment host);

    /** Launches {@code kernel} of {@code family} (a .cu file) with the given grid, block, dynamic shared bytes and arguments. */
    void launch(String family, String kernel, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args);

    /** Waits until every queued launch has finished. */
    void synchronize();

    @Override
    void close();

    /**
     * Milliseconds that {@code work}'s launches take on the device: here the host's wall time from a
     * synchronised start to a synchronised end; a GPU launcher measures it with device events instead.
     */
    default double elapsedMillis(Runnable work) {
        synchronize();
        long start = System.nanoTime();
        work.run();
        synchronize();
        return (System.nanoTime() - start) / 1e6;
    }

    /** Sets every byte of {@code buffer} to zero (for kernels that accumulate into their output). */
    default void zero(DeviceBuffer buffer) {
        try (Arena arena = Arena.ofConfined()) {
            upload(arena.allocate(Math.max(buffer.bytes(), 1)).asSlice(0, buffer.bytes()), buffer);
        }
    }

    /** A new buffer holding {@code values}. */
    default DeviceBuffer upload(float[] values) {
        DeviceBuffer buffer = allocate(4L * Math.max(1, values.length));
        try (Arena arena = Arena.ofConfined()) {
            upload(arena.allocateFrom(JAVA_FLOAT, values), buffer);
        }
        return buffer;
    }

    /** A new buffer holding {@code values}. */
    default DeviceBuffer upload(int[] values) {
        DeviceBuffer buffer = allocate(4L * Math.max(1, values.length));
        try (Arena arena = Arena.ofConfined()) {
            upload(arena.allocateFrom(JAVA_INT, values), buffer);
        }
        return buffer;
    }

    /** A new buffer holding {@code values} (I64, e.g. indices). */
    default DeviceBuffer upload(long[] values) {
        DeviceBuffer buffer = allocate(8L * Math.max(1, values.length));
        try (Arena arena = Arena.ofConfined()) {
            upload(arena.allocateFrom(JAVA_LONG, values), buffer);
        }
        return buffer;
    }

    /** The first {@code n} longs of {@code buffer}. */
    default long[] longs(DeviceBuffer buffer, int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_LONG, Math.max(1, n));
            download(buffer, host);
            return host.asSlice(0, 8L * n).toArray(JAVA_LONG);
        }
    }

    /** The first {@code n} floats of {@code buffer}. */
    default float[] floats(DeviceBuffer buffer, int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_FLOAT, Math.max(1, n));
            download(buffer, host);
            return host.asSlice(0, 4L * n).toArray(JAVA_FLOAT);
        }
    }

    /** The first {@code n} ints of {@code buffer}. */
    default int[] ints(DeviceBuffer buffer, int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_INT, Math.max(1, n));
            download(buffer, host);
            return host.asSlice(0, 4L * n).toArray(JAVA_INT);
        }
    }
}
