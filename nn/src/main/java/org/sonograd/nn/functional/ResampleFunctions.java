package org.sonograd.nn.functional;

import java.util.Arrays;
import java.util.List;
import org.sonograd.autograd.Graph;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.AxisInterpolation;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.Resampling;
import org.sonograd.tensor.Tensor;

/**
 * Rule table of resampling. One linear rule, interpolation along one axis, and its adjoint, each
 * the other's backward; nearest/bilinear/trilinear upsampling apply it along each spatial dim.
 * Affine grids and bilinear grid sampling (zeros padding) are compositions of differentiable ops:
 * the corner indices are constants of the graph, the bilinear weights are functions of the grid,
 * so gradients reach both the input and the grid, to any order.
 */
public final class ResampleFunctions {
    private ResampleFunctions() {}

    /** x resampled along dim by the plan. */
    public static Var resampleAxis(Var x, int dim, AxisInterpolation plan) {
        return Graph.record("resampleAxis", Resampling.alongAxis(x.value(), dim, plan),
                (g, out) -> new Var[] {resampleAxisAdjoint(g, dim, plan)}, x);
    }

    /** The adjoint of {@link #resampleAxis}. */
    public static Var resampleAxisAdjoint(Var gy, int dim, AxisInterpolation plan) {
        return Graph.record("resampleAxisAdjoint", Resampling.alongAxisAdjoint(gy.value(), dim, plan),
                (h, out) -> new Var[] {resampleAxis(h, dim, plan)}, gy);
    }

    /**
     * torch.nn.functional.interpolate to the spatial {@code size}: mode "nearest" (any rank),
     * "linear" (N×C×L), "bilinear" (N×C×H×W) or "trilinear" (N×C×D×H×W); alignCorners for the linear modes.
     */
    public static Var interpolate(Var x, int[] size, String mode, boolean alignCorners) {
        int dims = x.rank() - 2;
        boolean nearest = mode.equals("nearest");
        String expected = switch (dims) {
            case 1 -> "linear";
            case 2 -> "bilinear";
            case 3 -> "trilinear";
            default -> null;
        };
        if (expected == null || size.length != dims || (!nearest && !mode.equals(expected))) {
            throw new IllegalArgumentException("interpolate: input " + Arrays.toString(x.shape()) + ", size "
                    + Arrays.toString(size) + ", mode '" + mode + "': needs 1 to 3 spatial dims, one size per dim and mode"
                    + " 'nearest' or the linear mode of that rank (" + expected + ")");
        }
        Var out = x;
        for (int d = 0; d < dims; d++) {
            int in = (int) x.size(d + 2);
            AxisInterpolation plan = nearest ? AxisInterpolation.nearest(in, size[d]) : AxisInterpolation.linear(in, size[d], alignCorners);
            out = resampleAxis(out, d + 2, plan);
        }
        return out;
    }

    /**
     * torch.nn.functional.affine_grid for 2-D: theta N×2×3, size (N, C, H, W); grid[n, h, w] =
     * theta[n] · (x_w, y_h, 1) with x_w = −1 + (2w + 1)/W (or −1 + 2w/(W − 1) with alignCorners).
     */
    public static Var affineGrid(Var theta, long[] size, boolean alignCorners) {
        if (theta.rank() != 3 || theta.size(1) != 2 || theta.size(2) != 3 || size.length != 4 || size[0] != theta.size(0)) {
            throw new IllegalArgumentException("affine_grid: theta " + Arrays.toString(theta.shape()) + ", size "
                    + Arrays.toString(size) + ": needs theta N×2×3 and size (N, C, H, W) with the same N");
        }
        int h = (int) size[2];
        int w = (int) size[3];
        double[] base = new double[h * w * 3];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                base[(i * w + j) * 3] = coordinate(j, w, alignCorners);
                base[(i * w + j) * 3 + 1] = coordinate(i, h, alignCorners);
                base[(i * w + j) * 3 + 2] = 1;
            }
        }
        Var grid = Var.constant(Tensor.of(base, 1, (long) h * w, 3).to(theta.dtype()));
        return grid.matmul(theta.transpose(1, 2)).reshape(size[0], h, w, 2);
    }

    private static double coordinate(int i, int n, boolean alignCorners) {
        if (alignCorners) {
            return n > 1 ? -1 + 2.0 * i / (n - 1) : 0;
        }
        return -1 + (2.0 * i + 1) / n;
    }

    /**
     * torch.nn.functional.grid_sample, 2-D, bilinear, zeros padding: x N×C×H×W, grid N×Ho×Wo×2 of
     * (x, y) in [−1, 1]; out[n, c, p] = Σ over the 4 corners (cx, cy) around the source point of
     * wx·wy·x[n, c, cy, cx], corners outside the input counting 0.
     */
    public static Var gridSample(Var x, Var grid, boolean alignCorners) {
        if (x.rank() != 4 || grid.rank() != 4 || grid.size(3) != 2 || grid.size(0) != x.size(0)) {
            throw new IllegalArgumentException("grid_sample: input " + Arrays.toString(x.shape()) + ", grid "
                    + Arrays.toString(grid.shape()) + ": needs N×C×H×W and N×Ho×Wo×2 with the same N");
        }
        long n = x.size(0);
        long c = x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        long p = grid.size(1) * grid.size(2);
        Var gxs = grid.select(3, 0).reshape(n, 1, p);
        Var gys = grid.select(3, 1).reshape(n, 1, p);
        // source coordinates in pixels: align ? (g + 1)(S − 1)/2 : ((g + 1)·S − 1)/2
        Var ix = alignCorners ? gxs.add(1).mul((w - 1) / 2.0) : gxs.add(1).mul(w / 2.0).sub(0.5);
        Var iy = alignCorners ? gys.add(1).mul((h - 1) / 2.0) : gys.add(1).mul(h / 2.0).sub(0.5);
        double[] xs = ix.value().toDoubleArray();
        double[] ys = iy.value().toDoubleArray();
        double[] x0 = new double[xs.length];
        double[] y0 = new double[ys.length];
        for (int i = 0; i < xs.length; i++) {
            x0[i] = Math.floor(xs[i]);
            y0[i] = Math.floor(ys[i]);
        }
        DType dtype = x.dtype();
        Var fx = ix.sub(Var.constant(Tensor.of(x0, n, 1, p).to(dtype)));
        Var fy = iy.sub(Var.constant(Tensor.of(y0, n, 1, p).to(dtype)));
        Var[] wx = {fx.neg().add(1), fx};
        Var[] wy = {fy.neg().add(1), fy};
        Var flat = x.reshape(n, c, (long) h * w);
        Var out = null;
        for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
                long[] index = new long[(int) (n * c * p)];
                double[] inside = new double[(int) (n * p)];
                for (int b = 0; b < n; b++) {
                    for (int q = 0; q < p; q++) {
                        int k = (int) (b * p + q);
                        int cx = (int) x0[k] + dx;
                        int cy = (int) y0[k] + dy;
                        boolean valid = cx >= 0 && cx < w && cy >= 0 && cy < h;
                        inside[k] = valid ? 1 : 0;
                        long at = valid ? (long) cy * w + cx : 0;
                        for (int ch = 0; ch < c; ch++) {
                            index[(int) ((b * c + ch) * p + q)] = at;
                        }
                    }
                }
                Var weight = wx[dx].mul(wy[dy]).mul(Var.constant(Tensor.of(inside, n, 1, p).to(dtype)));
                Var term = flat.gather(2, Tensor.ofLongs(index, n, c, p)).mul(weight);
                out = out == null ? term : out.add(term);
            }
        }
        return out.reshape(n, c, grid.size(1), grid.size(2));
    }

    /** Convenience: grid_sample(x, affine_grid(theta, (N, C, Ho, Wo))), the warp of a clip frame. */
    public static Var affineWarp(Var x, Var theta, long outHeight, long outWidth, boolean alignCorners) {
        List<Long> shape = List.of(x.size(0), x.size(1), outHeight, outWidth);
        return gridSample(x, affineGrid(theta, shape.stream().mapToLong(Long::longValue).toArray(), alignCorners), alignCorners);
    }
}
