package org.sonograd.kernels.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel images packaged by the build (resources {@code org/sonograd/kernels/cuda/<family>.ptx}
 * and {@code <family>.sm_80.cubin}, {@code <family>.sm_90.cubin}) and the choice between them: a
 * cubin runs on devices of its major compute capability with an equal or higher minor, so sm_8x
 * devices get the sm_80 cubin, sm_9x the sm_90 cubin, and every other device JIT-compiles the PTX.
 */
public final class CudaModules {
    /** The kernel families, one per .cu file. */
    public static final List<String> FAMILIES = List.of("batchnorm", "conv3d", "distillation", "elementwise", "embedding",
            "gemm", "infonce", "layernorm", "optimizer", "philox", "pooling", "reduction", "sinkhorn", "softmax", "upsample");

    private CudaModules() {}

    /** The resource name of the image to load for a family on a device of compute capability major.minor. */
    public static String imageFor(String family, int major, int minor) {
        if (major == 8 || major == 9) {
            return family + ".sm_" + major + "0.cubin";
        }
        return family + ".ptx";
    }

    /** The families whose PTX was packaged (empty when the build had no nvcc). */
    public static List<String> builtFamilies() {
        List<String> built = new ArrayList<>();
        for (String family : FAMILIES) {
            if (CudaModules.class.getResource(family + ".ptx") != null) {
                built.add(family);
            }
        }
        return built;
    }

    /** The bytes of a packaged image; PTX gets the terminating NUL that cuModuleLoadData expects. */
    static Optional<byte[]> read(String resource) {
        try (InputStream in = CudaModules.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            if (resource.endsWith(".ptx")) {
                byte[] terminated = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, terminated, 0, bytes.length);
                return Optional.of(terminated);
            }
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cuda: cannot read kernel image " + resource, e);
        }
    }
}
