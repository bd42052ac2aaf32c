package org.sonograd.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks an N-dimensional iteration space as a sequence of rows along its innermost dimension, for
 * several strided operands at once (the role of PyTorch's TensorIterator, much smaller).
 *
 * <p>Before walking, size-1 dimensions are dropped and adjacent dimensions are merged wherever
 * every operand is dense across them, so a contiguous tensor becomes one long row whatever its
 * shape. A kernel then only has to write a loop over one row with one stride per operand.
 */
public final class StridedRows {
    private final long[] shape;      // merged shape, innermost last; never empty
    private final long[][] strides;  // [operand][dim], merged like the shape
    private final long[] baseOffsets;
    private final long rows;

    /** Receives one row: the element offset of its first element in each operand. */
    @FunctionalInterface
    public interface RowBody {
        /**
         * @param offsets element offset of the row's first element, one per operand (do not keep)
         * @param length  elements in the row
         */
        void row(long[] offsets, long length);
    }

    /** Prepares the walk of {@code shape} over the given operands (all of rank {@code shape.length}). */
    public StridedRows(long[] shape, Operand... operands) {
        List<long[]> dims = new ArrayList<>(); // each entry: {size, stride of operand 0, stride of operand 1, ...}
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            long[] entry = new long[1 + operands.length];
            entry[0] = shape[d];
            for (int o = 0; o < operands.length; o++) {
                if (operands[o].rank() != shape.length) {
                    throw new IllegalArgumentException("operand " + o + " has rank " + operands[o].rank()
                            + " but the iteration shape " + Shapes.format(shape) + " has rank " + shape.length);
                }
                entry[1 + o] = operands[o].strides()[d];
            }
            if (!dims.isEmpty() && mergeable(dims.getLast(), entry)) {
                long[] outer = dims.getLast();
                outer[0] *= entry[0];
                System.arraycopy(entry, 1, outer, 1, operands.length);
            } else {
                dims.add(entry);
            }
        }
        if (dims.isEmpty()) {
            dims.add(new long[1 + operands.length]);
            dims.getFirst()[0] = 1;
        }
        this.shape = new long[dims.size()];
        this.strides = new long[operands.length][dims.size()];
        for (int d = 0; d < dims.size(); d++) {
            this.shape[d] = dims.get(d)[0];
            for (int o = 0; o < operands.length; o++) {
                this.strides[o][d] = dims.get(d)[1 + o];
            }
        }
        this.baseOffsets = new long[operands.length];
        for (int o = 0; o < operands.length; o++) {
            baseOffsets[o] = operands[o].offset();
        }
        this.rows = Shapes.numel(shape) == 0 ? 0 : Shapes.numel(this.shape) / this.shape[this.shape.length - 1];
    }

    /** An outer dim merges with the inner one when, for every operand, stride_outer = stride_inner · size_inner. */
    private static boolean mergeable(long[] outer, long[] inner) {
        for (int o = 1; o < outer.length; o++) {
            if (outer[o] != inner[o] * inner[0]) {
                return false;
            }
        }
        return true;
    }

    /** Number of rows. */
    public long rows() {
        return rows;
    }

    /** Elements per row. */
    public long rowLength() {
        return shape[shape.length - 1];
    }

    /** Stride of operand {@code operand} along the row. */
    public long innerStride(int operand) {
        return strides[operand][shape.length - 1];
    }

    /** Calls {@code body} for rows [from, to) in order. */
    public void forEach(long from, long to, RowBody body) {
        int outerDims = shape.length - 1;
        long[] index = new long[Math.max(outerDims, 1)];
        long[] offsets = new long[baseOffsets.length];
        long rest = from;
        for (int d = outerDims - 1; d >= 0; d--) {
            index[d] = rest % shape[d];
            rest /= shape[d];
        }
        for (long r = from; r < to; r++) {
            for (int o = 0; o < offsets.length; o++) {
                long off = baseOffsets[o];
                for (int d = 0; d < outerDims; d++) {
                    off += index[d] * strides[o][d];
                }
                offsets[o] = off;
            }
            body.row(offsets, rowLength());
            for (int d = outerDims - 1; d >= 0; d--) { // odometer increment
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
    }

    /** Calls {@code body} for every row, spread over {@link Parallel} in chunks of about {@code grain} elements. */
    public void forEachParallel(long grain, RowBody body) {
        long rowsPerTask = Math.max(1, grain / Math.max(1, rowLength()));
        int tasks = Parallel.chunks(rows, rowsPerTask);
        Parallel.forEach(tasks, t -> forEach(t * rowsPerTask, Math.min(rows, (t + 1) * rowsPerTask), body));
    }
}
