package org.sonograd.nn.functional;

import java.util.Arrays;
import org.sonograd.autograd.Graph;
import org.sonograd.autograd.Var;
import org.sonograd.tensor.Pooling;
import org.sonograd.tensor.Tensor;

/**
 * Rule table of the poolings. Average pooling (sliding or adaptive) is linear, so its rule and the
 * rule of its adjoint are each other's backward:
 * <pre>
 * avgPool(x)              ∂x = avgPoolBackward(g)
 * avgPoolBackward(gy)     ∂gy = avgPool(h)
 * </pre>
 * Max pooling keeps the index of each window's first maximum (a constant of the graph); its
 * gradient goes to the maxima only, and is again linear:
 * <pre>
 * maxPool(x)              ∂x = maxPoolBackward(g): g added at the indices, one pass
 * maxPoolBackward(gy)     ∂gy = h gathered at the indices
 * </pre>
 */
public final class PoolFunctions {
    private PoolFunctions() {}

    /** Average of each window, over the trailing kernel.length dims; PyTorch's avg_pool, floor mode. */
    public static Var avgPool(Var x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        long[] shape = x.shape();
        return Graph.record("avgPool", Pooling.avgPool(x.value(), kernel, stride, padding, countIncludePad),
                (g, out) -> new Var[] {avgPoolBackward(g, shape, kernel, stride, padding, countIncludePad)}, x);
    }

    /** The adjoint of {@link #avgPool}: spreads each output gradient evenly over its window. */
    public static Var avgPoolBackward(Var gy, long[] inputShape, int[] kernel, int[] stride, int[] padding,
                                      boolean countIncludePad) {
        return Graph.record("avgPoolBackward",
                Pooling.avgPoolBackward(gy.value(), inputShape, kernel, stride, padding, countIncludePad),
                (h, out) -> new Var[] {avgPool(h, kernel, stride, padding, countIncludePad)}, gy);
    }

    /** Average over PyTorch's adaptive windows, to the spatial {@code size}. */
    public static Var adaptiveAvgPool(Var x, int[] size) {
        long[] shape = x.shape();
        return Graph.record("adaptiveAvgPool", Pooling.adaptiveAvgPool(x.value(), size),
                (g, out) -> new Var[] {adaptiveAvgPoolBackward(g, shape)}, x);
    }

    /** The adjoint of {@link #adaptiveAvgPool}. */
    public static Var adaptiveAvgPoolBackward(Var gy, long[] inputShape) {
        int dims = inputShape.length - 2;
        int[] size = new int[dims];
        for (int d = 0; d < dims; d++) {
            size[d] = (int) gy.size(d + 2);
        }
        return Graph.record("adaptiveAvgPoolBackward", Pooling.adaptiveAvgPoolBackward(gy.value(), inputShape),
                (h, out) -> new Var[] {adaptiveAvgPool(h, size)}, gy);
    }

    /** torch.nn.functional.avg_pool2d (count_include_pad = true, ceil_mode = false). */
    public static Var avgPool2d(Var x, int[] kernel, int[] stride, int[] padding) {
        return avgPool(ranked("avg_pool2d", x, 2, kernel), kernel, stride, padding, true);
    }

    /** torch.nn.functional.avg_pool3d (count_include_pad = true, ceil_mode = false). */
    public static Var avgPool3d(Var x, int[] kernel, int[] stride, int[] padding) {
        return avgPool(ranked("avg_pool3d", x, 3, kernel), kernel, stride, padding, true);
    }

    /** torch.nn.functional.adaptive_avg_pool2d. */
    public static Var adaptiveAvgPool2d(Var x, int[] size) {
        return adaptiveAvgPool(ranked("adaptive_avg_pool2d", x, 2, size), size);
    }

    /** torch.nn.functional.adaptive_avg_pool3d. */
    public static Var adaptiveAvgPool3d(Var x, int[] size) {
        return adaptiveAvgPool(ranked("adaptive_avg_pool3d", x, 3, size), size);
    }

    /** torch.nn.functional.max_pool2d (dilation 1, ceil_mode = false). */
    public static Var maxPool2d(Var x, int[] kernel, int[] stride, int[] padding) {
        return maxPool(ranked("max_pool2d", x, 2, kernel), kernel, stride, padding);
    }

    /** torch.nn.functional.max_pool3d (dilation 1, ceil_mode = false). */
    public static Var maxPool3d(Var x, int[] kernel, int[] stride, int[] padding) {
        return maxPool(ranked("max_pool3d", x, 3, kernel), kernel, stride, padding);
    }

    /** y = the maximum of each window; ∂x receives g at the index of each window's maximum. */
    private static Var maxPool(Var x, int[] kernel, int[] stride, int[] padding) {
        Tensor[] valuesAndIndices = Pooling.maxPool(x.value(), kernel, stride, padding);
        Tensor indices = valuesAndIndices[1];
        long[] shape = x.shape();
        return Graph.record("maxPool", valuesAndIndices[0],
                (g, out) -> new Var[] {maxPoolBackward(g, indices, shape, kernel, stride, padding)}, x);
    }

    /** The adjoint of {@link #maxPool}: ∂y added at the saved indices of the window maxima. */
    private static Var maxPoolBackward(Var gy, Tensor indices, long[] inputShape, int[] kernel, int[] stride,
                                       int[] padding) {
        long n = inputShape[0];
        long c = inputShape[1];
        return Graph.record("maxPoolBackward",
                Pooling.maxPoolBackward(gy.value(), indices, inputShape, kernel, stride, padding),
                (h, out) -> new Var[] {h.reshape(n, c, -1).gather(2, indices.reshape(n, c, -1)).reshape(gy.shape())}, gy);
    }

    private static Var ranked(String op, Var x, int dims, int[] perDim) {
        if (x.rank() != dims + 2 || perDim.length != dims) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(x.shape()) + " and " + Arrays.toString(perDim)
                    + ": needs a rank " + (dims + 2) + " input and " + dims + " entries");
        }
        return x;
    }
}
