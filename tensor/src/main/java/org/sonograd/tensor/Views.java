package org.sonograd.tensor;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.kernels.Shapes;

/** Zero-copy views: new shape, strides and offset over the same storage. */
final class Views {
    private Views() {}

    static int normalizeDim(String op, int dim, int rank, long[] shape) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException(op + ": dim " + dim + " out of range for shape " + Shapes.format(shape)
                    + " (rank " + rank + ")");
        }
        return d;
    }

    static Tensor view(Tensor t, long[] shape, long[] strides, long offset) {
        return new Tensor(t.storage(), shape, strides, offset);
    }

    static Tensor reshape(Tensor t, long[] requested) {
        long[] shape = inferShape(t, requested);
        long[] strides = viewStrides(t.shapeRef(), t.stridesRef(), shape);
        if (strides != null) {
            return view(t, shape, strides, t.offset());
        }
        Tensor c = t.copy();
        return view(c, shape, Shapes.contiguousStrides(shape), 0);
    }

    private static long[] inferShape(Tensor t, long[] requested) {
        long[] shape = requested.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape: " + Shapes.format(t.shapeRef()) + " -> "
                            + Shapes.format(requested) + ": only one dim may be -1");
                }
                inferred = i;
            } else {
                known *= shape[i];
            }
        }
        if (inferred >= 0 && known != 0) {
            shape[inferred] = t.numel() / known;
        }
        if (Shapes.numel(shape) != t.numel()) {
            throw new IllegalArgumentException("reshape: " + Shapes.format(t.shapeRef()) + " -> " + Shapes.format(requested)
                    + ": element counts differ (" + t.numel() + " vs " + Shapes.numel(shape) + ")");
        }
        return shape;
    }

    /**
     * Strides that present the old layout under the new shape without copying, or null when no such
     * strides exist. Old dims are grouped into chunks that are dense among themselves; each chunk must
     * map onto a run of new dims with the same element count (the rule of torch's computeStride).
     */
    static long[] viewStrides(long[] oldShape, long[] oldStrides, long[] newShape) {
        if (oldShape.length == 0 || Shapes.numel(oldShape) == 0) {
            return Shapes.contiguousStrides(newShape);
        }
        long[] newStrides = new long[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBaseStride = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = oldShape.length - 1; d >= 0; d--) {
            tensorNumel *= oldShape[d];
            boolean chunkEnds = d == 0 || (oldShape[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBaseStride);
            if (chunkEnds) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = viewNumel * chunkBaseStride;
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBaseStride = oldStrides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    static Tensor permute(Tensor t, int[] order) {
        int rank = t.rank();
        if (order.length != rank) {
            throw new IllegalArgumentException("permute: order of length " + order.length + " for shape "
                    + Shapes.format(t.shapeRef()));
        }
        long[] shape = new long[rank];
        long[] strides = new long[rank];
        boolean[] used = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int d = normalizeDim("permute", order[i], rank, t.shapeRef());
            if (used[d]) {
                throw new IllegalArgumentException("permute: dim " + d + " repeated in order " + java.util.Arrays.toString(order));
            }
            used[d] = true;
            shape[i] = t.shapeRef()[d];
            strides[i] = t.stridesRef()[d];
        }
        return view(t, shape, strides, t.offset());
    }

    static Tensor transpose(Tensor t, int dim0, int dim1) {
        int[] order = new int[t.rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int a = normalizeDim("transpose", dim0, t.rank(), t.shapeRef());
        int b = normalizeDim("transpose", dim1, t.rank(), t.shapeRef());
        order[a] = b;
        order[b] = a;
        return permute(t, order);
    }

    static Tensor slice(Tensor t, int dim, long start, long end, long step) {
        int d = normalizeDim("slice", dim, t.rank(), t.shapeRef());
        long size = t.shapeRef()[d];
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        long s = Math.clamp(start < 0 ? start + size : start, 0, size);
        long e = Math.clamp(end < 0 ? end + size : end, s, size);
        long[] shape = t.shape();
        long[] strides = t.strides();
        shape[d] = (e - s + step - 1) / step;
        strides[d] *= step;
        return view(t, shape, strides, t.offset() + s * t.stridesRef()[d]);
    }

    static Tensor select(Tensor t, int dim, long index) {
        int d = normalizeDim("select", dim, t.rank(), t.shapeRef());
        long size = t.shapeRef()[d];
        long i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dim " + d
                    + " of size " + size + " in shape " + Shapes.format(t.shapeRef()));
        }
        return view(t, remove(t.shapeRef(), d), remove(t.stridesRef(), d), t.offset() + i * t.stridesRef()[d]);
    }

    static Tensor unsqueeze(Tensor t, int dim) {
        int rank = t.rank() + 1;
        int d = normalizeDim("unsqueeze", dim, rank, t.shapeRef());
        long stride = d < t.rank() ? t.stridesRef()[d] * t.shapeRef()[d] : 1;
        return view(t, insert(t.shapeRef(), d, 1), insert(t.stridesRef(), d, stride), t.offset());
    }

    static Tensor squeeze(Tensor t, int dim) {
        int d = normalizeDim("squeeze", dim, t.rank(), t.shapeRef());
        if (t.shapeRef()[d] != 1) {
            throw new IllegalArgumentException("squeeze: dim " + d + " of shape " + Shapes.format(t.shapeRef())
                    + " has size " + t.shapeRef()[d] + ", not 1");
        }
        return view(t, remove(t.shapeRef(), d), remove(t.stridesRef(), d), t.offset());
    }

    static Tensor flatten(Tensor t, int startDim, int endDim) {
        if (t.rank() == 0) {
            return reshape(t, new long[] {1});
        }
        int s = normalizeDim("flatten", startDim, t.rank(), t.shapeRef());
        int e = normalizeDim("flatten", endDim, t.rank(), t.shapeRef());
        long[] shape = new long[t.rank() - (e - s)];
        int j = 0;
        for (int i = 0; i < t.rank(); i++) {
            if (i <= s || i > e) {
                shape[j++] = t.shapeRef()[i];
            } else {
                shape[j - 1] *= t.shapeRef()[i];
            }
        }
        return reshape(t, shape);
    }

    static List<Tensor> split(Tensor t, long size, int dim) {
        int d = normalizeDim("split", dim, t.rank(), t.shapeRef());
        if (size <= 0) {
            throw new IllegalArgumentException("split: piece size must be positive, got " + size);
        }
        List<Tensor> pieces = new ArrayList<>();
        for (long start = 0; start < t.shapeRef()[d]; start += size) {
            pieces.add(slice(t, d, start, Math.min(start + size, t.shapeRef()[d]), 1));
        }
        return pieces;
    }

    static long[] remove(long[] values, int at) {
        long[] out = new long[values.length - 1];
        System.arraycopy(values, 0, out, 0, at);
        System.arraycopy(values, at + 1, out, at, values.length - at - 1);
        return out;
    }

    static long[] insert(long[] values, int at, long value) {
        long[] out = new long[values.length + 1];
        System.arraycopy(values, 0, out, 0, at);
        out[at] = value;
        System.arraycopy(values, at, out, at + 1, values.length - at);
        return out;
    }
}
