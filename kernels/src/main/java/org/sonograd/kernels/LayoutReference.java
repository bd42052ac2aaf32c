package org.sonograd.kernels;

/** Plain-loop reference of {@link LayoutKernels}: one multi-index walk, one converted element at a time. */
public final class LayoutReference {
    private LayoutReference() {}

    /** dst[p] = convert(src[p]) for every position p of shape. */
    public static void copy(long[] shape, Operand src, Operand dst) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        long[] p = new long[shape.length];
        do {
            Elements.convert(src.data(), src.dtype(), Elements.offsetOf(src, p), dst.data(), dst.dtype(), Elements.offsetOf(dst, p));
        } while (Elements.next(p, shape));
    }

    /** out[p with p[dim] += start of input i] = inputs[i][p]. */
    public static void cat(long[][] shapes, Operand[] inputs, int dim, Operand out) {
        long start = 0;
        for (int i = 0; i < inputs.length; i++) {
            long[] shape = shapes[i];
            if (Shapes.numel(shape) > 0) {
                long[] p = new long[shape.length];
                do {
                    long[] q = p.clone();
                    q[dim] += start;
                    Elements.convert(inputs[i].data(), inputs[i].dtype(), Elements.offsetOf(inputs[i], p),
                            out.data(), out.dtype(), Elements.offsetOf(out, q));
                } while (Elements.next(p, shape));
            }
            start += shape[dim];
        }
    }
}
