package org.sonograd.io.read;

import org.sonograd.kernels.Shapes;
import org.sonograd.tensor.Tensor;

/** An n-dimensional array read from a file, in C (row-major) order, as doubles. */
public record NdArray(long[] shape, double[] data) {
    /** Number of elements. */
    public long size() {
        return Shapes.numel(shape);
    }

    /** An F32 tensor with this shape. */
    public Tensor toTensor() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return Tensor.of(f, shape);
    }

    /** The transpose of a 2-D array. */
    public NdArray transpose2d() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("transpose2d: shape has " + shape.length + " dims, need 2");
        }
        int r = (int) shape[0];
        int c = (int) shape[1];
        double[] t = new double[data.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = data[i * c + j];
            }
        }
        return new NdArray(new long[] {c, r}, t);
    }
}
