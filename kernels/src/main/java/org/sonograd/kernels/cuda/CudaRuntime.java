package org.sonograd.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

/**
 * Entry point of the CUDA backend (JCuda driver API). {@link #availability()} probes once, and never
 * throws: a missing JCuda native library or {@code libcuda.so.1}, a driver without devices, a driver
 * older than the toolkit the kernels were built with, or a build without {@code nvcc} all become an
 * unavailable result with the reason. {@link #open(int)} opens a device when the backend is available.
 */
public final class CudaRuntime {
    /** CUDA version of the toolkit the kernels are built with (nvcc 13.0), as the driver reports versions. */
    static final int BUILD_CUDA_VERSION = 13000;

    private static CudaAvailability probed;

    private CudaRuntime() {}

    /** Whether the backend can run here, with the reason when it cannot; probes the driver once. */
    public static synchronized CudaAvailability availability() {
        if (probed == null) {
            probed = probe();
        }
        return probed;
    }

    /** Opens device {@code ordinal}: its primary context and its kernel modules. */
    public static CudaDevice open(int ordinal) {
        CudaAvailability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("cuda: cannot open device " + ordinal + ", the backend is unavailable: " + a.reason());
        }
        return new CudaDevice(ordinal);
    }

    private static CudaAvailability probe() {
        if (CudaModules.builtFamilies().isEmpty()) {
            return CudaAvailability.unavailable("the CUDA kernels were not built (nvcc was not on PATH at build time)");
        }
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
        } catch (Throwable e) {  // UnsatisfiedLinkError, ExceptionInInitializerError, CudaException, ...
            return CudaAvailability.unavailable(linkReason(e));
        }
        try {
            int[] version = new int[1];
            cuDriverGetVersion(version);
            if (version[0] < BUILD_CUDA_VERSION) {
                return CudaAvailability.unavailable("driver too old: it supports CUDA " + versionText(version[0])
                        + ", the kernels are built with CUDA " + versionText(BUILD_CUDA_VERSION));
            }
            int[] count = new int[1];
            cuDeviceGetCount(count);
            if (count[0] == 0) {
                return CudaAvailability.unavailable("no CUDA device (driver CUDA " + versionText(version[0]) + ")");
            }
            List<String> devices = new ArrayList<>();
            for (int i = 0; i < count[0]; i++) {
                CUdevice device = new CUdevice();
                cuDeviceGet(device, i);
                devices.add(i + ": " + name(device) + " (sm_" + attribute(device,
                        CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR)
                        + attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR) + ")");
            }
            return new CudaAvailability(true, "", String.join(", ", devices) + "; driver CUDA " + versionText(version[0]));
        } catch (Throwable e) {
            return CudaAvailability.unavailable("driver error: " + e);
        }
    }

    /**
     * The reason a failed cuInit gives, in the terms a user can act on. JCuda's load error lists every
     * attempt with stack traces; the line that names a shared object that cannot be opened (usually
     * libcuda.so.1) is the one that matters.
     */
    static String linkReason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        if (!(root instanceof LinkageError) && !message.contains("JCudaDriver")) {
            return "cuInit failed: " + root;
        }
        String cause = message.lines().findFirst().orElse(message);
        for (String line : message.lines().toList()) {
            int at = line.indexOf("cannot open shared object file");
            if (at >= 0) {
                String head = line.substring(0, at);
                int colon = head.lastIndexOf(": ", head.length() - 3);
                cause = line.substring(colon < 0 ? 0 : colon + 2).trim();
            }
        }
        return "library not found: " + cause + " (libcuda.so.1 comes with the NVIDIA driver)";
    }

    static String versionText(int version) {
        return version / 1000 + "." + (version % 1000) / 10;
    }

    static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        cuDeviceGetAttribute(value, attribute, device);
        return value[0];
    }

    private static String name(CUdevice device) {
        byte[] bytes = new byte[256];
        cuDeviceGetName(bytes, bytes.length, device);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }
}
