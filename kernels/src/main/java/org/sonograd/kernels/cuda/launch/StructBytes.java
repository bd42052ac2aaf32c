package org.sonograd.kernels.cuda.launch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds the bytes of a C struct passed to a kernel by value, with the x86-64/CUDA alignment rules:
 * each field at a multiple of its size, the whole padded to its widest field.
 */
public final class StructBytes {
    private final ByteBuffer buffer = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    private int alignment = 1;

    public StructBytes i32(int v) {
        align(4);
        buffer.putInt(v);
        return this;
    }

    public StructBytes i64(long v) {
        align(8);
        buffer.putLong(v);
        return this;
    }

    public StructBytes f32(float v) {
        align(4);
        buffer.putFloat(v);
        return this;
    }

    private void align(int size) {
        alignment = Math.max(alignment, size);
        while (buffer.position() % size != 0) {
            buffer.put((byte) 0);
        }
    }

    /** The struct's bytes, padded to its alignment. */
    public byte[] bytes() {
        align(alignment);
        byte[] out = new byte[buffer.position()];
        buffer.get(0, out);
        return out;
    }
}
