package org.sonograd.tensor;

/** Where a tensor's storage lives. */
public enum Device {
    /** Off-heap host memory. */
    CPU,
    /**
     * Memory of the CUDA device behind {@link CudaBackend#launcher()} (a GPU through JCuda, or the
     * emulated launcher). Elementwise ops, matmul and reductions run there on F32 tensors; other ops
     * need the tensor moved back with {@code .to(Device.CPU)}.
     */
    CUDA;

    /** The name used in messages: {@code cpu}, {@code cuda}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
