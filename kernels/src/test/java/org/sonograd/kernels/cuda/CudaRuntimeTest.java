package org.sonograd.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The backend degrades cleanly: without a driver it reports why, and nothing throws. */
class CudaRuntimeTest {
    /** libcuda.so.1 in one of the places the dynamic loader looks on the machines we build on. */
    private static boolean driverInstalled() {
        for (String dir : new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/cuda/compat",
            "/usr/lib/wsl/lib"}) {
            if (Files.exists(Path.of(dir, "libcuda.so.1"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void withoutADriverTheBackendIsUnavailableWithAReason() {
        Assumptions.assumeFalse(driverInstalled(), "an NVIDIA driver is installed here");
        CudaAvailability a = CudaRuntime.availability();
        assertFalse(a.available());
        assertFalse(a.reason().isBlank(), "the reason must say why");
        assertEquals(1, a.reason().lines().count(), "the reason is one line: " + a.reason());
        assertTrue(a.reason().startsWith("library not found") || a.reason().startsWith("the CUDA kernels were not built"),
                a.reason());
        assertTrue(a.toString().startsWith("unavailable: "), a.toString());
        assertEquals(a, CudaRuntime.availability(), "the probe runs once and its answer is stable");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CudaRuntime.open(0));
        assertTrue(e.getMessage().contains(a.reason()), e.getMessage());
    }

    @Test
    void linkFailuresAreReportedAsAMissingLibrary() {
        String jcudaMessage = """
                Error while loading native library "JCudaDriver-12.6.0-linux-x86_64"
                Stack trace from the attempt to load the library as a file:
                java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /usr/lib
                	at java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2285)
                Stack trace from the attempt to load the library as a resource:
                java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: \
                cannot open shared object file: No such file or directory
                """;
        String reason = CudaRuntime.linkReason(new UnsatisfiedLinkError(jcudaMessage));
        assertEquals("library not found: libcuda.so.1: cannot open shared object file: No such file or directory"
                + " (libcuda.so.1 comes with the NVIDIA driver)", reason);
        assertTrue(CudaRuntime.linkReason(new IllegalStateException("CUDA_ERROR_NO_DEVICE")).startsWith("cuInit failed"));
        assertEquals("13.0", CudaRuntime.versionText(13000));
        assertEquals("12.6", CudaRuntime.versionText(12060));
    }

    @Test
    void cubinsForTheirArchitectureFamilyElsePtx() {
        assertEquals("gemm.sm_80.cubin", CudaModules.imageFor("gemm", 8, 0));
        assertEquals("gemm.sm_80.cubin", CudaModules.imageFor("gemm", 8, 9));
        assertEquals("gemm.sm_90.cubin", CudaModules.imageFor("gemm", 9, 0));
        assertEquals("gemm.ptx", CudaModules.imageFor("gemm", 7, 5));
        assertEquals("gemm.ptx", CudaModules.imageFor("gemm", 10, 0));
    }
}
