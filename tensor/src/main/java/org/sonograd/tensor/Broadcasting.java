package org.sonograd.tensor;

import org.sonograd.kernels.Shapes;

/** NumPy/PyTorch broadcasting: align shapes at the right; each pair of dims must be equal or contain a 1. */
public final class Broadcasting {
    private Broadcasting() {}

    /** The broadcast shape of a and b, or an error naming the op, both shapes and the failing dims. */
    public static long[] shape(String op, long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Shapes.format(a) + " and " + Shapes.format(b)
                        + " do not broadcast: dim " + i + " has sizes " + da + " and " + db + " (must be equal or 1)");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** A view of t broadcast to target: new leading dims and expanded size-1 dims get stride 0. */
    public static Tensor expand(String op, Tensor t, long[] target) {
        long[] shape = t.shapeRef();
        long[] strides = t.stridesRef();
        if (target.length < shape.length) {
            throw new IllegalArgumentException(op + ": cannot expand shape " + Shapes.format(shape) + " to fewer dims "
                    + Shapes.format(target));
        }
        long[] outStrides = new long[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i < lead) {
                outStrides[i] = 0;
                continue;
            }
            long size = shape[i - lead];
            if (size == target[i]) {
                outStrides[i] = strides[i - lead];
            } else if (size == 1) {
                outStrides[i] = 0;
            } else {
                throw new IllegalArgumentException(op + ": cannot expand shape " + Shapes.format(shape) + " to "
                        + Shapes.format(target) + ": dim " + i + " has size " + size + ", not 1 or " + target[i]);
            }
        }
        return Views.view(t, target.clone(), outStrides, t.offset());
    }
}
