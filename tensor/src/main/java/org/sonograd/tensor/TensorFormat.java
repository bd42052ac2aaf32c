package org.sonograd.tensor;

import java.util.Locale;
import org.sonograd.kernels.DType;

/**
 * PyTorch-style printing: {@code tensor([[1.0000, 2.0000], [3.0000, 4.0000]], dtype=F32)}; tensors
 * with more than 1000 elements show the first and last three entries of each dim.
 */
final class TensorFormat {
    private static final int SUMMARY_THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        if (t.isReleased()) {
            return "tensor(<released>, shape=" + org.sonograd.kernels.Shapes.format(t.shapeRef()) + ", dtype=" + t.dtype() + ")";
        }
        StringBuilder sb = new StringBuilder("tensor(");
        boolean summarize = t.numel() > SUMMARY_THRESHOLD;
        append(sb, t, new long[t.rank()], 0, summarize, "       ");
        sb.append(", shape=").append(org.sonograd.kernels.Shapes.format(t.shapeRef()));
        sb.append(", dtype=").append(t.dtype()).append(')');
        return sb.toString();
    }

    private static void append(StringBuilder sb, Tensor t, long[] index, int dim, boolean summarize, String indent) {
        if (dim == t.rank()) {
            sb.append(element(t, index));
            return;
        }
        long size = t.shapeRef()[dim];
        sb.append('[');
        for (long i = 0; i < size; i++) {
            if (summarize && size > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append("...");
                i = size - EDGE_ITEMS - 1;
                sb.append(dim == t.rank() - 1 ? ", " : ",\n" + indent + " ".repeat(dim + 1));
                continue;
            }
            index[dim] = i;
            append(sb, t, index, dim + 1, summarize, indent);
            if (i < size - 1) {
                sb.append(dim == t.rank() - 1 ? ", " : ",\n" + indent + " ".repeat(dim + 1));
            }
        }
        sb.append(']');
    }

    private static String element(Tensor t, long[] index) {
        double v = t.getDouble(index);
        DType dtype = t.dtype();
        if (dtype == DType.BOOL) {
            return v != 0 ? "True" : "False";
        }
        if (!dtype.isFloatingPoint()) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
