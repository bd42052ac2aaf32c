package org.sonograd.kernels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The iteration space of a reduction, split into kept dimensions (one output element per index)
 * and reduced dimensions (the elements folded into one output). Size-1 dimensions are dropped;
 * each group is sorted by decreasing input stride and adjacent dimensions are merged wherever the
 * input (and, for kept dimensions, the output) is dense across them. So a reduction over a
 * contiguous block of axes becomes one long unit-stride row, and a permuted view is walked in
 * memory order. The order of the reduced elements is thus a function of the shape and strides
 * alone, never of the thread count.
 */
final class ReductionLayout {
    final long[] keptShape;     // merged kept dims, outer to inner (may be empty)
    final long[] keptX;         // input strides of the kept dims
    final long[] keptOut;       // output strides of the kept dims
    final long[] reducedShape;  // merged reduced dims, outer to inner (may be empty)
    final long[] reducedX;      // input strides of the reduced dims
    final long xOffset;
    final long outOffset;
    final long outputs;         // number of output elements
    final long reducedCount;    // elements folded into each output

    /**
     * @param op      name of the calling kernel, for error messages
     * @param shape   the input shape
     * @param x       the input (rank = shape.length)
     * @param axes    true for each reduced axis
     * @param out     the output, keep-dims layout (its strides on reduced axes are ignored)
     */
    ReductionLayout(String op, long[] shape, Operand x, boolean[] axes, Operand out) {
        if (axes.length != shape.length || x.rank() != shape.length || out.rank() != shape.length) {
            throw new IllegalArgumentException(op + ": shape " + Shapes.format(shape) + " needs rank-" + shape.length
                    + " axes, input and output, got " + axes.length + " axes, input rank " + x.rank()
                    + ", output rank " + out.rank());
        }
        List<long[]> kept = new ArrayList<>();    // {size, xStride, outStride}
        List<long[]> reduced = new ArrayList<>(); // {size, xStride}
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in shape " + Shapes.format(shape));
            }
            if (shape[d] == 1) {
                continue;
            }
            if (axes[d]) {
                reduced.add(new long[] {shape[d], x.strides()[d]});
            } else {
                kept.add(new long[] {shape[d], x.strides()[d], out.strides()[d]});
            }
        }
        Comparator<long[]> byInputStrideDescending = Comparator.comparingLong((long[] e) -> Math.abs(e[1])).reversed();
        kept.sort(byInputStrideDescending);
        reduced.sort(byInputStrideDescending);
        List<long[]> keptMerged = merge(kept);
        List<long[]> reducedMerged = merge(reduced);
        this.keptShape = column(keptMerged, 0);
        this.keptX = column(keptMerged, 1);
        this.keptOut = column(keptMerged, 2);
        this.reducedShape = column(reducedMerged, 0);
        this.reducedX = column(reducedMerged, 1);
        this.xOffset = x.offset();
        this.outOffset = out.offset();
        this.outputs = Shapes.numel(keptShape);
        this.reducedCount = Shapes.numel(reducedShape);
    }

    /** Merges each dim into the previous one when every stride satisfies outer = inner · innerSize. */
    private static List<long[]> merge(List<long[]> dims) {
        List<long[]> merged = new ArrayList<>();
        for (long[] dim : dims) {
            if (!merged.isEmpty() && mergeable(merged.getLast(), dim)) {
                long[] outer = merged.getLast();
                outer[0] *= dim[0];
                System.arraycopy(dim, 1, outer, 1, dim.length - 1);
            } else {
                merged.add(dim.clone());
            }
        }
        return merged;
    }

    private static boolean mergeable(long[] outer, long[] inner) {
        for (int s = 1; s < outer.length; s++) {
            if (outer[s] != inner[s] * inner[0]) {
                return false;
            }
        }
        return true;
    }

    private static long[] column(List<long[]> dims, int index) {
        long[] values = new long[dims.size()];
        for (int d = 0; d < values.length; d++) {
            values[d] = dims.get(d)[index];
        }
        return values;
    }

    /** Input offset of kept index {@code o} (row-major over the first {@code dims} kept dims), without the base offset. */
    long keptInputOffset(long o, int dims) {
        return decode(o, keptShape, keptX, dims);
    }

    /** Output offset of kept index {@code o} over the first {@code dims} kept dims, without the base offset. */
    long keptOutputOffset(long o, int dims) {
        return decode(o, keptShape, keptOut, dims);
    }

    /** Input offset of reduced index {@code q} (row-major over the first {@code dims} reduced dims). */
    long reducedInputOffset(long q, int dims) {
        return decode(q, reducedShape, reducedX, dims);
    }

    private static long decode(long index, long[] shape, long[] strides, int dims) {
        if (dims == 1) {
            return index * strides[0];
        }
        long offset = 0;
        for (int d = dims - 1; d >= 0; d--) {
            offset += (index % shape[d]) * strides[d];
            index /= shape[d];
        }
        return offset;
    }
}
