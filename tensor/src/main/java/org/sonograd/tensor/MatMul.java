package org.sonograd.tensor;

import org.sonograd.kernels.DType;
import org.sonograd.kernels.GemmKernels;
import org.sonograd.kernels.Shapes;

/**
 * Matrix products with PyTorch's {@code matmul} rules: a 1-D left operand is a row vector, a 1-D
 * right operand a column vector (the added dim is removed again), and leading batch dims broadcast.
 * Transposed views are passed to GEMM as transpose flags instead of being copied.
 */
final class MatMul {
    private MatMul() {}

    /** How one batch of matrices is handed to GEMM. */
    private record GemmOperand(Tensor batched, boolean transposed, long leadingDim) {}

    static Tensor matmul(Tensor a, Tensor b) {
        Device device = DeviceChecks.same("matmul", a, b);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: " + Shapes.format(a.shapeRef()) + " @ " + Shapes.format(b.shapeRef())
                    + ": both operands need at least 1 dim");
        }
        Tensor left = a.rank() == 1 ? a.unsqueeze(0) : a;
        Tensor right = b.rank() == 1 ? b.unsqueeze(1) : b;
        long m = left.size(-2);
        long k = left.size(-1);
        long n = right.size(-1);
        if (right.size(-2) != k) {
            throw new IllegalArgumentException("matmul: " + Shapes.format(a.shapeRef()) + " @ " + Shapes.format(b.shapeRef())
                    + ": inner dims " + k + " != " + right.size(-2));
        }
        long[] batch = Broadcasting.shape("matmul", prefix(left), prefix(right));
        long batches = Shapes.numel(batch);
        DType dtype = DTypes.promote(a.dtype(), b.dtype());
        GemmOperand ga = gemmOperand(left.to(dtype).expand(concat(batch, m, k)), batches, m, k);
        GemmOperand gb = gemmOperand(right.to(dtype).expand(concat(batch, k, n)), batches, k, n);
        Tensor out = Tensor.emptyOn(device, dtype, concat(batch, m, n));
        Tensor ta = ga.batched();
        Tensor tb = gb.batched();
        if (device == Device.CUDA) {
            CudaTensorOps.sgemmBatched(Math.toIntExact(batches), ga.transposed(), gb.transposed(), Math.toIntExact(m),
                    Math.toIntExact(n), Math.toIntExact(k), ta, ga.leadingDim(), tb, gb.leadingDim(), out);
        } else if (dtype == DType.F32) {
            GemmKernels.sgemmBatched(Math.toIntExact(batches), ga.transposed(), gb.transposed(),
                    Math.toIntExact(m), Math.toIntExact(n), Math.toIntExact(k), 1f,
                    ta.storage().segment(), ta.offset(), ga.leadingDim(), ta.stridesRef()[0],
                    tb.storage().segment(), tb.offset(), gb.leadingDim(), tb.stridesRef()[0],
                    0f, out.storage().segment(), 0, n, m * n);
        } else {
            GemmKernels.dgemmBatched(Math.toIntExact(batches), ga.transposed(), gb.transposed(),
                    Math.toIntExact(m), Math.toIntExact(n), Math.toIntExact(k), 1.0,
                    ta.storage().segment(), ta.offset(), ga.leadingDim(), ta.stridesRef()[0],
                    tb.storage().segment(), tb.offset(), gb.leadingDim(), tb.stridesRef()[0],
                    0.0, out.storage().segment(), 0, n, m * n);
        }
        Tensor result = out;
        if (a.rank() == 1) {
            result = result.squeeze(-2);
        }
        if (b.rank() == 1) {
            result = result.squeeze(-1);
        }
        return result;
    }

    /**
     * Flattens the batch dims to one and decides how GEMM reads each matrix: row-major (unit stride
     * along columns), column-major (unit stride along rows, passed as a transpose), or else a copy.
     */
    private static GemmOperand gemmOperand(Tensor t, long batches, long rows, long cols) {
        Tensor flat = t.reshape(batches, rows, cols);
        long rowStride = flat.stridesRef()[1];
        long colStride = flat.stridesRef()[2];
        if (colStride == 1 && (rows == 1 || rowStride >= cols)) {
            return new GemmOperand(flat, false, Math.max(rowStride, cols));
        }
        if (rowStride == 1 && (cols == 1 || colStride >= rows)) {
            return new GemmOperand(flat, true, Math.max(colStride, rows));
        }
        return new GemmOperand(flat.contiguous(), false, cols);
    }

    private static long[] prefix(Tensor t) {
        long[] shape = t.shapeRef();
        return java.util.Arrays.copyOf(shape, shape.length - 2);
    }

    private static long[] concat(long[] batch, long rows, long cols) {
        long[] out = java.util.Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = rows;
        out[batch.length + 1] = cols;
        return out;
    }
}
