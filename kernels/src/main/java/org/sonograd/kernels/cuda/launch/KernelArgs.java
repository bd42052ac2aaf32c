package org.sonograd.kernels.cuda.launch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of one kernel launch, in the kernel's parameter order, each with its exact C type
 * width: what {@code cuLaunchKernel}'s {@code kernelParams} point at. Scalars and structs passed by
 * value are kept as their little-endian bytes; device pointers as the {@link DeviceBuffer} (null for
 * a null pointer), which each launcher resolves to its own address.
 */
public final class KernelArgs {
    /** One argument: either {@code bytes} (a value) or {@code buffer}/{@code pointer} (a device pointer). */
    public record Arg(byte[] bytes, DeviceBuffer buffer, boolean pointer) {}

    private final List<Arg> args = new ArrayList<>();

    public static KernelArgs create() {
        return new KernelArgs();
    }

    /** An {@code int} (or {@code unsigned int}) parameter. */
    public KernelArgs i32(int v) {
        return value(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    /** A {@code long long} (or {@code unsigned long long}) parameter. */
    public KernelArgs i64(long v) {
        return value(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    /** A {@code float} parameter. */
    public KernelArgs f32(float v) {
        return value(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
    }

    /** A {@code bool}/{@code int} flag parameter (0 or 1, as an int). */
    public KernelArgs flag(boolean v) {
        return i32(v ? 1 : 0);
    }

    /** A device pointer parameter; null passes a null pointer (an absent optional operand). */
    public KernelArgs ptr(DeviceBuffer buffer) {
        args.add(new Arg(null, buffer, true));
        return this;
    }

    /** A struct passed by value, as its bytes in the C layout (see {@link StructBytes}). */
    public KernelArgs struct(byte[] bytes) {
        return value(bytes.clone());
    }

    private KernelArgs value(byte[] bytes) {
        args.add(new Arg(bytes, null, false));
        return this;
    }

    /** The arguments in parameter order. */
    public List<Arg> list() {
        return List.copyOf(args);
    }
}
