package org.sonograd.kernels;

/**
 * The range check of index kernels and its error. Kernels test each index inline; when one fails,
 * {@link #firstOutOfRange} rescans the index operand in row-major order, so the error always names
 * the first bad position whatever the thread that met a bad index.
 */
final class IndexBounds {
    private IndexBounds() {}

    /** True when 0 ≤ i &lt; bound. */
    static boolean inRange(long i, long bound) {
        return i >= 0 && i < bound;
    }

    /**
     * The error for the first index of {@code index} (over {@code shape}) outside [0, bound), after
     * the kernel met the bad value {@code seen}; names only {@code seen} if a rescan finds none (the
     * index buffer changed under the kernel).
     */
    static IndexOutOfBoundsException firstOutOfRange(String kernel, long[] shape, Operand index, long bound, int dim, long seen) {
        long[] p = new long[shape.length];
        do {
            long i = index.data().getAtIndex(Elements.I64, Elements.offsetOf(index, p));
            if (!inRange(i, bound)) {
                return new IndexOutOfBoundsException(kernel + ": index " + i + " at position " + Shapes.format(p)
                        + " is out of range [0, " + bound + ") for dim " + dim + " of size " + bound);
            }
        } while (Elements.next(p, shape));
        return new IndexOutOfBoundsException(kernel + ": index " + seen + " is out of range [0, " + bound
                + ") for dim " + dim + " (the index buffer changed while the kernel ran)");
    }

    /** Throws the error of {@link #firstOutOfRange} when some index of {@code index} over shape is out of range. */
    static void requireInRange(String kernel, long[] shape, Operand index, long bound, int dim) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        long[] p = new long[shape.length];
        do {
            long i = index.data().getAtIndex(Elements.I64, Elements.offsetOf(index, p));
            if (!inRange(i, bound)) {
                throw firstOutOfRange(kernel, shape, index, bound, dim, i);
            }
        } while (Elements.next(p, shape));
    }
}
