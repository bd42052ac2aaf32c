package org.sonograd.kernels;

/**
 * Plain-loop reference of {@link ReluBackwardKernels}: one multi-index walk in row-major order,
 * out = gate &gt; 0 ? grad : 0 per element, no vectors, no threads.
 */
public final class ReluBackwardReference {
    private ReluBackwardReference() {}

    /** out = gate &gt; 0 ? grad : 0. */
    public static void apply(long[] shape, Operand grad, Operand gate, Operand out) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        long[] p = new long[shape.length];
        do {
            long gi = Elements.offsetOf(grad, p);
            long xi = Elements.offsetOf(gate, p);
            long oi = Elements.offsetOf(out, p);
            if (grad.dtype() == DType.F32) {
                boolean open = gate.data().getAtIndex(Elements.F32, xi) > 0;
                out.data().setAtIndex(Elements.F32, oi, open ? grad.data().getAtIndex(Elements.F32, gi) : 0f);
            } else {
                boolean open = gate.data().getAtIndex(Elements.F64, xi) > 0;
                out.data().setAtIndex(Elements.F64, oi, open ? grad.data().getAtIndex(Elements.F64, gi) : 0.0);
            }
        } while (Elements.next(p, shape));
    }
}
