package org.sonograd.kernels.cuda.launch;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.sonograd.kernels.cuda.CudaDevice;
import org.sonograd.kernels.cuda.CudaEvent;
import org.sonograd.kernels.cuda.CudaRuntime;

/**
 * Launches on a real GPU through the JCuda driver API ({@code cuLaunchKernel} via {@link CudaDevice}),
 * with memory from the device's caching allocator. Never executed here (no GPU): it is compiled and
 * its argument packing mirrors {@link EmulatedLauncher}'s, which the emulation tests run.
 */
public final class CudaDriverLauncher implements KernelLauncher {
    private final CudaDevice device;
    private final String name;

    private CudaDriverLauncher(CudaDevice device, String name) {
        this.device = device;
        this.name = name;
    }

    /** Opens device {@code ordinal}; fails with the reason when {@link CudaRuntime#availability()} says unavailable. */
    public static CudaDriverLauncher open(int ordinal) {
        return new CudaDriverLauncher(CudaRuntime.open(ordinal), "cuda:" + ordinal);
    }

    @Override
    public String name() {
        return name + " (sm_" + device.computeCapability() + "; " + CudaRuntime.availability().description() + ")";
    }

    @Override
    public DeviceBuffer allocate(long bytes) {
        return new DeviceBuffer(device.allocator().allocate(Math.max(bytes, 4)), 0, bytes);
    }

    @Override
    public void release(DeviceBuffer buffer) {
        if (buffer.offset() != 0) {
            throw new IllegalArgumentException("cuda: release the whole allocation, not the slice " + buffer);
        }
        device.allocator().release(buffer.handle());
    }

    @Override
    public void upload(MemorySegment host, DeviceBuffer buffer) {
        device.upload(host, buffer.handle(), buffer.offset());
    }

    @Override
    public void download(DeviceBuffer buffer, MemorySegment host) {
        device.download(buffer.handle(), buffer.offset(), host);
    }

    @Override
    public void launch(String family, String kernel, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args) {
        List<KernelArgs.Arg> list = args.list();
        Object[] values = new Object[list.size()];
        for (int i = 0; i < values.length; i++) {
            KernelArgs.Arg a = list.get(i);
            values[i] = !a.pointer() ? a.bytes() : a.buffer() == null ? (Object) 0L : device.buffer(a.buffer().handle())
                    .withByteOffset(a.buffer().offset());
        }
        device.launch(family, kernel, new int[] {grid.x(), grid.y(), grid.z()}, new int[] {block.x(), block.y(), block.z()},
                sharedBytes, null, values);
    }

    /** GPU time between two events recorded on the default stream (where {@link #launch} queues) around {@code work}. */
    @Override
    public double elapsedMillis(Runnable work) {
        try (CudaEvent start = new CudaEvent(); CudaEvent end = new CudaEvent()) {
            start.record(null);
            work.run();
            end.record(null);
            end.synchronize();
            return CudaEvent.elapsedMillis(start, end);
        }
    }

    @Override
    public void synchronize() {
        device.synchronize();
    }

    @Override
    public void close() {
        device.close();
    }
}
