package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * One strided operand of a kernel: a buffer, its element type, the offset of element zero and the
 * stride of each dimension, all counted in elements (not bytes). A stride of 0 broadcasts the
 * dimension. The shape itself is passed to the kernel separately, once for all its operands.
 *
 * @param data    the off-heap buffer
 * @param dtype   the element type stored in {@code data}
 * @param offset  element offset of index (0, …, 0)
 * @param strides element stride of each dimension
 */
public record Operand(MemorySegment data, DType dtype, long offset, long[] strides) {

    /** A contiguous row-major operand of the given shape starting at element {@code offset}. */
    public static Operand contiguous(MemorySegment data, DType dtype, long offset, long[] shape) {
        return new Operand(data, dtype, offset, Shapes.contiguousStrides(shape));
    }

    /** Number of dimensions. */
    public int rank() {
        return strides.length;
    }
}
