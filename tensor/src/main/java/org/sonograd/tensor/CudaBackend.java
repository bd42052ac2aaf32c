package org.sonograd.tensor;

import org.sonograd.kernels.cuda.CudaRuntime;
import org.sonograd.kernels.cuda.launch.CudaDriverLauncher;
import org.sonograd.kernels.cuda.launch.KernelLauncher;

/**
 * The kernel launcher that {@link Device#CUDA} tensors live on: the one {@link #install installed},
 * else GPU 0 through JCuda when {@link CudaRuntime#availability()} says a GPU can be used. Tests and
 * {@code --device cuda-emulated} install an emulated launcher.
 */
public final class CudaBackend {
    private static KernelLauncher launcher;

    private CudaBackend() {}

    /** Makes {@code l} the device of every CUDA tensor created from now on. */
    public static synchronized void install(KernelLauncher l) {
        launcher = l;
    }

    /** The launcher of CUDA tensors; opens GPU 0 on first use when none was installed. */
    public static synchronized KernelLauncher launcher() {
        if (launcher == null) {
            var availability = CudaRuntime.availability();
            if (!availability.available()) {
                throw new IllegalStateException("cuda tensors: no CUDA device (" + availability.reason()
                        + "); install an emulated launcher with CudaBackend.install to run them on the CPU");
            }
            launcher = CudaDriverLauncher.open(0);
        }
        return launcher;
    }
}
