package org.sonograd.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * One GPU: its primary context, the kernel modules loaded on first use (the cubin for its compute
 * capability, else the PTX, see {@link CudaModules#imageFor}), a caching allocator and kernel
 * launches. Obtain it from {@link CudaRuntime#open(int)}; close it to free the cache, unload the
 * modules and release the context.
 */
public final class CudaDevice implements AutoCloseable {
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final int major;
    private final int minor;
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final CudaAllocator allocator;
    private final Map<Long, CUdeviceptr> blocks = new HashMap<>();  // allocator handle -> device pointer
    private long nextHandle = 1;

    CudaDevice(int ordinal) {
        cuDeviceGet(device, ordinal);
        cuDevicePrimaryCtxRetain(context, device);
        cuCtxSetCurrent(context);
        major = CudaRuntime.attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        minor = CudaRuntime.attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        allocator = new CudaAllocator(new DeviceMemory() {
            @Override
            public long allocate(long bytes) {
                CUdeviceptr p = new CUdeviceptr();
                cuMemAlloc(p, bytes);
                long handle = nextHandle++;
                blocks.put(handle, p);
                return handle;
            }

            @Override
            public void free(long handle) {
                cuMemFree(blocks.remove(handle));
            }
        });
    }

    /** The device's caching allocator (live and peak bytes). */
    public CudaAllocator allocator() {
        return allocator;
    }

    /** Compute capability as major·10 + minor, e.g. 90 for an H100. */
    public int computeCapability() {
        return major * 10 + minor;
    }

    /**
     * Launches {@code kernel} of {@code family} on {@code stream} (null: the default stream). Arguments
     * are Integer, Long, Float or device blocks wrapped with {@link #buffer(long)}; a kernel that
     * takes a struct by value (SonoBroadcast, SonoConv3d) receives it as an int[] or long[] of its words,
     * or as a byte[] of its little-endian bytes.
     */
    public void launch(String family, String kernel, int[] grid, int[] block, int sharedBytes, CudaStream stream,
                       Object... args) {
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = switch (args[i]) {
                case Integer v -> Pointer.to(new int[] {v});
                case Long v -> Pointer.to(new long[] {v});
                case Float v -> Pointer.to(new float[] {v});
                case int[] v -> Pointer.to(v);
                case long[] v -> Pointer.to(v);
                case byte[] v -> Pointer.to(v);
                case Pointer v -> Pointer.to(v);
                default -> throw new IllegalArgumentException("cuda launch " + family + "/" + kernel + ": argument " + i
                        + " has unsupported type " + args[i].getClass().getSimpleName());
            };
        }
        cuCtxSetCurrent(context);
        cuLaunchKernel(function(family, kernel), grid[0], grid[1], grid[2], block[0], block[1], block[2], sharedBytes,
                stream == null ? null : stream.handle(), Pointer.to(params), null);
    }

    /** Copies {@code host} to the device block {@code handle} (from {@link #allocator()}). */
    public void upload(float[] host, long handle) {
        cuCtxSetCurrent(context);
        cuMemcpyHtoD(buffer(handle), Pointer.to(host), 4L * host.length);
    }

    /** Copies {@code host.byteSize()} bytes (an off-heap segment) to {@code offset} bytes into the device block {@code handle}. */
    public void upload(MemorySegment host, long handle, long offset) {
        cuCtxSetCurrent(context);
        cuMemcpyHtoD(buffer(handle).withByteOffset(offset), Pointer.to(host.asByteBuffer()), host.byteSize());
    }

    /** Copies {@code host.byteSize()} bytes from {@code offset} bytes into the device block {@code handle}. */
    public void download(long handle, long offset, MemorySegment host) {
        cuCtxSetCurrent(context);
        cuMemcpyDtoH(Pointer.to(host.asByteBuffer()), buffer(handle).withByteOffset(offset), host.byteSize());
    }

    /** Blocks until every launch and copy on this device's context has finished. */
    public void synchronize() {
        cuCtxSetCurrent(context);
        cuCtxSynchronize();
    }

    /** Copies {@code host.length} floats from the device block {@code handle}. */
    public void download(long handle, float[] host) {
        cuCtxSetCurrent(context);
        cuMemcpyDtoH(Pointer.to(host), buffer(handle), 4L * host.length);
    }

    /** A new stream on this device. */
    public CudaStream stream() {
        cuCtxSetCurrent(context);
        return new CudaStream();
    }

    /** The device pointer of an allocator block, for kernel arguments. */
    public CUdeviceptr buffer(long handle) {
        CUdeviceptr p = blocks.get(handle);
        if (p == null) {
            throw new IllegalArgumentException("cuda: " + handle + " is not a block of this device's allocator");
        }
        return p;
    }

    private CUfunction function(String family, String kernel) {
        return functions.computeIfAbsent(family + "/" + kernel, key -> {
            CUfunction f = new CUfunction();
            cuModuleGetFunction(f, module(family), kernel);
            return f;
        });
    }

    private CUmodule module(String family) {
        return modules.computeIfAbsent(family, name -> {
            String image = CudaModules.imageFor(name, major, minor);
            byte[] bytes = CudaModules.read(image).orElseThrow(() -> new IllegalStateException(
                    "cuda: kernel image " + image + " is not packaged (was nvcc on PATH at build time?)"));
            CUmodule m = new CUmodule();
            cuModuleLoadData(m, bytes);
            return m;
        });
    }

    @Override
    public void close() {
        cuCtxSetCurrent(context);
        allocator.emptyCache();
        modules.values().forEach(m -> cuModuleUnload(m));
        modules.clear();
        functions.clear();
        cuDevicePrimaryCtxRelease(device);
    }
}
