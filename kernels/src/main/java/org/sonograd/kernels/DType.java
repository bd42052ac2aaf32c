package org.sonograd.kernels;

/**
 * Element types of off-heap buffers. Kernels read and write raw little-endian memory of these
 * layouts; the promotion rules between them live in the {@code tensor} module.
 */
public enum DType {
    /** 32-bit IEEE float; every fast path is written for it. */
    F32(4),
    /** 64-bit IEEE float; supported everywhere on the CPU, used by gradient checks. */
    F64(8),
    /** 64-bit signed integer; indices and labels. */
    I64(8),
    /** Unsigned byte; images. */
    U8(1),
    /** Boolean stored as one byte, 0 or 1; masks and comparison results. */
    BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for F32 and F64. */
    public boolean isFloatingPoint() {
        return this == F32 || this == F64;
    }
}
