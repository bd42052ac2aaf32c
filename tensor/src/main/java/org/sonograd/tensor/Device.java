package org.sonograd.tensor;

/** Where a tensor's storage lives. Only the CPU is implemented; the CUDA backend is separate work. */
public enum Device {
    /** Off-heap host memory. */
    CPU
}
