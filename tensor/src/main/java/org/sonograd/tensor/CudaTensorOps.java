package org.sonograd.tensor;

import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.OptimizerStep;
import org.sonograd.kernels.ReduceOp;
import org.sonograd.kernels.Shapes;
import org.sonograd.kernels.UnaryOp;
import org.sonograd.kernels.cuda.launch.CudaBatchNorm;
import org.sonograd.kernels.cuda.launch.CudaConv3d;
import org.sonograd.kernels.cuda.launch.CudaElementwise;
import org.sonograd.kernels.cuda.launch.CudaGemm;
import org.sonograd.kernels.cuda.launch.CudaIndexing;
import org.sonograd.kernels.cuda.launch.CudaOptimizers;
import org.sonograd.kernels.cuda.launch.CudaPooling;
import org.sonograd.kernels.cuda.launch.CudaReductions;
import org.sonograd.kernels.cuda.launch.CudaSoftmax;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.KernelLauncher;

/**
 * The ops of {@link Device#CUDA} tensors, through the launch wrappers: elementwise (unary on
 * contiguous data, binary with broadcasting over any strides), batched matmul (transposed views
 * become GEMM transpose flags; batch dims broadcast as on the CPU), reductions over any dims, 2-D
 * and 3-D convolutions (forward and both gradients, no groups), training batch norm, 2-D/3-D max and
 * average pooling, in-place assign, gather, scatter-add and index-select, the ReLU backward, erf, softmax
 * and log-softmax, and the fused SGD and AdamW updates. F32 only; everything else says what is missing.
 */
final class CudaTensorOps {
    private CudaTensorOps() {}

    static Tensor unary(UnaryOp op, Tensor x) {
        Tensor in = contiguous(f32(op.name().toLowerCase(), x));
        Tensor out = Tensor.emptyOn(Device.CUDA, DType.F32, in.shapeRef());
        new CudaElementwise(launcher()).unary(op, in.numel(), buffer(in), out.storage().buffer());
        return out;
    }

    /** erf(x) elementwise (CUDA's erff). */
    static Tensor erf(Tensor x) {
        Tensor in = contiguous(f32("erf", x));
        Tensor out = Tensor.emptyOn(Device.CUDA, DType.F32, in.shapeRef());
        new CudaElementwise(launcher()).erf(in.numel(), buffer(in), out.storage().buffer());
        return out;
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase();
        if (op.isComparison()) {
            throw new IllegalArgumentException(name + " on cuda: comparisons have no CUDA kernel; move the operands"
                    + " with .to(Device.CPU)");
        }
        long[] shape = Broadcasting.shape(name, a.shapeRef(), b.shapeRef());
        if (shape.length > CudaElementwise.MAX_DIMS) {
            throw new IllegalArgumentException(name + " on cuda: " + Shapes.format(shape) + " has more than "
                    + CudaElementwise.MAX_DIMS + " dims");
        }
        Tensor ea = Broadcasting.expand(name, f32(name, a), shape);
        Tensor eb = Broadcasting.expand(name, f32(name, b), shape);
        Tensor out = Tensor.emptyOn(Device.CUDA, DType.F32, shape);
        new CudaElementwise(launcher()).binary(op, shape, buffer(ea), ea.stridesRef(), buffer(eb), eb.stridesRef(),
                out.storage().buffer());
        return out;
    }

    /** A contiguous copy of a strided view: x·1, exact for every float (NaN and −0 included). */
    static Tensor contiguous(Tensor x) {
        return x.isContiguous() ? x : copy(x);
    }

    /** A new contiguous copy (of a contiguous tensor too): x·1, exact for every float. */
    static Tensor copy(Tensor x) {
        return binary(BinaryOp.MUL, x, Tensor.scalar(DType.F32, 1).to(Device.CUDA));
    }

    /**
     * out[i] = a[i] @ b[i] for {@code batch} products: a and b are [batch, rows, cols] views whose
     * matrices GEMM reads with leading dims lda/ldb (transposed when flagged) and batch strides
     * (0 for a broadcast operand); out is a contiguous [batch, m, n].
     */
    static void sgemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, Tensor a, long lda, Tensor b,
                             long ldb, Tensor out) {
        new CudaGemm(launcher()).sgemmBatched(transA, transB, m, n, k, 1f, buffer(f32("matmul", a)), lda,
                a.stridesRef()[0], buffer(f32("matmul", b)), ldb, b.stridesRef()[0], 0f, out.storage().buffer(), n,
                (long) m * n, batch);
    }

    /**
     * op over {@code axes}: a trailing block of dims reduces per row, a leading block per column;
     * any other set of dims is first permuted to the end (a contiguous copy) and reduced per row.
     */
    static Tensor reduce(ReduceOp op, Tensor x, boolean[] axes, boolean keepDim) {
        String name = op.name().toLowerCase();
        Tensor in = contiguous(f32(name, x));
        long[] shape = in.shapeRef();
        int first = -1;
        int last = -1;
        boolean block = true;
        for (int d = 0; d < axes.length; d++) {
            if (axes[d]) {
                block &= first < 0 || last == d - 1;
                first = first < 0 ? d : first;
                last = d;
            }
        }
        if (first < 0) {
            return in;  // no dims to reduce
        }
        long reduced = 1;
        for (int d = 0; d < axes.length; d++) {
            reduced *= axes[d] ? shape[d] : 1;
        }
        long kept = in.numel() / Math.max(reduced, 1);
        Tensor out = Tensor.emptyOn(Device.CUDA, DType.F32, Reductions.keptShape(shape, axes));
        CudaReductions reductions = new CudaReductions(launcher());
        CudaReductions.Op code = CudaReductions.Op.valueOf(op.name());
        if (block && last == axes.length - 1) {
            reductions.rows(code, kept, reduced, buffer(in), out.storage().buffer());
        } else if (block && first == 0) {
            reductions.cols(code, reduced, kept, buffer(in), out.storage().buffer());
        } else {
            // kept dims first, reduced dims last, in their order: then one row per kept element
            int[] order = new int[axes.length];
            int j = 0;
            for (int pass = 0; pass < 2; pass++) {
                for (int d = 0; d < axes.length; d++) {
                    if (axes[d] == (pass == 1)) {
                        order[j++] = d;
                    }
                }
            }
            Tensor moved = copy(in.permute(order));
            reductions.rows(code, kept, reduced, buffer(moved), out.storage().buffer());
            moved.release();
        }
        return keepDim ? out : Reductions.dropAxes(out, axes);
    }

    /** The conv3d family's geometry of a 2-D (D = KD = 1) or 3-D convolution without groups. */
    private static CudaConv3d.Geometry convGeometry(String op, long[] xShape, long[] wShape, ConvOptions o) {
        int dims = xShape.length - 2;
        if ((dims != 2 && dims != 3) || wShape.length != xShape.length || o.groups() != 1) {
            throw new IllegalArgumentException(op + " on cuda: input " + Shapes.format(xShape) + ", weight "
                    + Shapes.format(wShape) + ", " + o + ": only 2-D and 3-D convolutions without groups run on cuda");
        }
        int lead = 3 - dims;  // a 2-D convolution is a 3-D one of depth 1
        int[] input = {1, 1, 1, 1, 1};
        int[] kernel = {1, 1, 1, 1};
        int[] stride = {1, 1, 1};
        int[] padding = {0, 0, 0};
        int[] dilation = {1, 1, 1};
        input[0] = Math.toIntExact(xShape[0]);
        input[1] = Math.toIntExact(xShape[1]);
        kernel[0] = Math.toIntExact(wShape[0]);
        for (int a = 0; a < dims; a++) {
            input[2 + lead + a] = Math.toIntExact(xShape[2 + a]);
            kernel[1 + lead + a] = Math.toIntExact(wShape[2 + a]);
            stride[lead + a] = o.stride()[a];
            padding[lead + a] = o.padding()[a];
            dilation[lead + a] = o.dilation()[a];
        }
        return CudaConv3d.Geometry.of(input, kernel, stride, padding, dilation);
    }

    /** y = conv(x, w) (no bias; the autograd adds it as a broadcast). */
    static Tensor conv(Tensor x, Tensor w, ConvOptions o, long[] outShape) {
        CudaConv3d.Geometry g = convGeometry("conv", x.shapeRef(), w.shapeRef(), o);
        Tensor cx = contiguous(f32("conv", x));
        Tensor cw = contiguous(f32("conv", w));
        Tensor y = Tensor.emptyOn(Device.CUDA, DType.F32, outShape);
        new CudaConv3d(launcher()).forward(g, buffer(cx), buffer(cw), null, y.storage().buffer());
        return y;
    }

    /** ∂x of conv(x, w) for the output gradient gy; x has shape {@code inputShape}. */
    static Tensor convInputGrad(Tensor gy, Tensor w, long[] inputShape, ConvOptions o) {
        CudaConv3d.Geometry g = convGeometry("conv input grad", inputShape, w.shapeRef(), o);
        Tensor cgy = contiguous(f32("conv input grad", gy));
        Tensor cw = contiguous(f32("conv input grad", w));
        Tensor gx = Tensor.emptyOn(Device.CUDA, DType.F32, inputShape);
        new CudaConv3d(launcher()).backwardData(g, buffer(cgy), buffer(cw), gx.storage().buffer());
        return gx;
    }

    /** ∂w of conv(x, w) for the output gradient gy; w has shape {@code weightShape}. */
    static Tensor convWeightGrad(Tensor x, Tensor gy, long[] weightShape, ConvOptions o) {
        CudaConv3d.Geometry g = convGeometry("conv weight grad", x.shapeRef(), weightShape, o);
        Tensor cx = contiguous(f32("conv weight grad", x));
        Tensor cgy = contiguous(f32("conv weight grad", gy));
        Tensor gw = Tensor.emptyOn(Device.CUDA, DType.F32, weightShape);
        new CudaConv3d(launcher()).backwardWeight(g, buffer(cgy), buffer(cx), gw.storage().buffer());
        return gw;
    }

    /** out = x gathered along d at the I64 {@code index}, which has x's shape except along d. */
    static Tensor gather(Tensor x, int d, Tensor index) {
        long[] sizes = indexedSizes("gather", x, d, index);
        Tensor cx = contiguous(f32("gather", x));
        Tensor out = Tensor.emptyOn(Device.CUDA, DType.F32, index.shapeRef());
        new CudaIndexing(launcher()).gather(sizes[0], index.shapeRef()[d], sizes[1], x.shapeRef()[d], buffer(cx),
                buffer(index), out.storage().buffer());
        return out;
    }

    /** self with src (the index's shape) added at index along d; deterministic (one thread per output). */
    static Tensor scatterAdd(Tensor self, int d, Tensor index, Tensor src) {
        long[] sizes = indexedSizes("scatterAdd", self, d, index);
        if (!java.util.Arrays.equals(src.shapeRef(), index.shapeRef())) {
            throw new IllegalArgumentException("scatterAdd on cuda: src " + Shapes.format(src.shapeRef())
                    + " must have the index's shape " + Shapes.format(index.shapeRef()));
        }
        Tensor out = copy(f32("scatterAdd", self));
        Tensor csrc = contiguous(f32("scatterAdd", src));
        new CudaIndexing(launcher()).scatterAdd(sizes[0], index.shapeRef()[d], sizes[1], self.shapeRef()[d], buffer(index),
                buffer(csrc), out.storage().buffer());
        return out;
    }

    /** out = the slices of x along d named by the contiguous 1-D I64 index (an embedding lookup for d = 0). */
    static Tensor indexSelect(Tensor x, int d, Tensor index, long[] outShape) {
        if (!index.isContiguous()) {
            throw new IllegalArgumentException("indexSelect on cuda: the index must be contiguous");
        }
        long[] xs = x.shapeRef();
        long outer = 1;
        long inner = 1;
        for (int i = 0; i < xs.length; i++) {
            outer *= i < d ? xs[i] : 1;
            inner *= i > d ? xs[i] : 1;
        }
        Tensor cx = contiguous(f32("indexSelect", x));
        Tensor out = Tensor.emptyOn(Device.CUDA, DType.F32, outShape);
        new CudaIndexing(launcher()).indexSelect(outer, index.numel(), inner, xs[d], buffer(cx), buffer(index),
                out.storage().buffer());
        return out;
    }

    /** {outer, inner} around dim d; the index must be contiguous and match x outside d (the kernels' layout). */
    private static long[] indexedSizes(String op, Tensor x, int d, Tensor index) {
        long[] xs = x.shapeRef();
        long[] is = index.shapeRef();
        long outer = 1;
        long inner = 1;
        for (int i = 0; i < xs.length; i++) {
            if (i != d && is[i] != xs[i]) {
                throw new IllegalArgumentException(op + " on cuda: index " + Shapes.format(is) + " must match the input "
                        + Shapes.format(xs) + " outside dim " + d);
            }
            outer *= i < d ? xs[i] : 1;
            inner *= i > d ? xs[i] : 1;
        }
        if (!index.isContiguous()) {
            throw new IllegalArgumentException(op + " on cuda: the index must be contiguous");
        }
        return new long[] {outer, inner};
    }

    /** {values, I64 indices} of 2-D or 3-D max pooling (flat in-plane argmax of each window). */
    static Tensor[] maxPool(Tensor x, int[] kernel, int[] stride, int[] padding, long[] outShape) {
        CudaPooling.Geometry g = poolGeometry("max_pool", x.shapeRef(), kernel, stride, padding, false);
        Tensor cx = contiguous(f32("max_pool", x));
        Tensor y = Tensor.emptyOn(Device.CUDA, DType.F32, outShape);
        Tensor idx = Tensor.emptyOn(Device.CUDA, DType.I64, outShape);
        new CudaPooling(launcher()).maxForward(g, buffer(cx), y.storage().buffer(), idx.storage().buffer());
        return new Tensor[] {y, idx};
    }

    /** 2-D or 3-D average pooling. */
    static Tensor avgPool(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad, long[] outShape) {
        CudaPooling.Geometry g = poolGeometry("avg_pool", x.shapeRef(), kernel, stride, padding, countIncludePad);
        Tensor cx = contiguous(f32("avg_pool", x));
        Tensor y = Tensor.emptyOn(Device.CUDA, DType.F32, outShape);
        new CudaPooling(launcher()).avgForward(g, buffer(cx), y.storage().buffer());
        return y;
    }

    /** The adjoint of {@link #avgPool}: ∂x of {@code inputShape} from ∂y. */
    static Tensor avgPoolBackward(Tensor gy, long[] inputShape, int[] kernel, int[] stride, int[] padding,
                                  boolean countIncludePad) {
        CudaPooling.Geometry g = poolGeometry("avg_pool backward", inputShape, kernel, stride, padding, countIncludePad);
        Tensor cgy = contiguous(f32("avg_pool backward", gy));
        Tensor gx = Tensor.emptyOn(Device.CUDA, DType.F32, inputShape);
        new CudaPooling(launcher()).avgBackward(g, buffer(cgy), gx.storage().buffer());
        return gx;
    }

    private static CudaPooling.Geometry poolGeometry(String op, long[] shape, int[] kernel, int[] stride, int[] padding,
                                                     boolean countIncludePad) {
        int dims = kernel.length;
        if ((dims != 2 && dims != 3) || shape.length != dims + 2) {
            throw new IllegalArgumentException(op + " on cuda: input " + Shapes.format(shape) + " with a " + dims
                    + "-D kernel: only 2-D and 3-D pooling run on cuda");
        }
        int[] input = new int[dims];
        for (int a = 0; a < dims; a++) {
            input[a] = Math.toIntExact(shape[2 + a]);
        }
        return CudaPooling.Geometry.of(shape[0] * shape[1], input, kernel, stride, padding, countIncludePad);
    }

    /** Copies src (broadcast to dst's shape) into the contiguous F32 dst in place: dst = src·1. */
    static Tensor assign(Tensor dst, Tensor src) {
        if (!dst.isContiguous()) {
            throw new IllegalArgumentException("assign on cuda: the destination " + Shapes.format(dst.shapeRef())
                    + " must be contiguous");
        }
        long[] shape = dst.shapeRef();
        Tensor es = Broadcasting.expand("assign", f32("assign", src), shape);
        Tensor one = Tensor.scalar(DType.F32, 1).to(Device.CUDA);
        Tensor eo = Broadcasting.expand("assign", one, shape);
        new CudaElementwise(launcher()).binary(BinaryOp.MUL, shape, buffer(es), es.stridesRef(), buffer(eo), eo.stridesRef(),
                buffer(f32("assign", dst)));
        return dst;
    }

    /**
     * Training batch norm over [N, C, …]: y, μ, σ² (biased) and 1/√(σ² + ε) per channel. The kernel
     * gives μ and 1/√(σ² + ε); σ² is recovered as (1/√(σ² + ε))⁻² − ε (within float rounding).
     */
    static FusedBatchNorm.Forward batchNormForward(Tensor x, Tensor weight, Tensor bias, double eps) {
        long n = x.size(0);
        long c = x.size(1);
        Tensor cx = contiguous(f32("batchNorm", x));
        Tensor y = Tensor.emptyOn(Device.CUDA, DType.F32, x.shapeRef());
        Tensor mean = Tensor.emptyOn(Device.CUDA, DType.F32, c);
        Tensor invStd = Tensor.emptyOn(Device.CUDA, DType.F32, c);
        new CudaBatchNorm(launcher()).forwardTraining(n, c, x.numel() / (n * c), (float) eps, 0f, buffer(cx),
                optional(weight, "batchNorm"), optional(bias, "batchNorm"), y.storage().buffer(), mean.storage().buffer(),
                invStd.storage().buffer(), null, null);
        Tensor variance = invStd.mul(invStd).apply(UnaryOp.RECIPROCAL).sub(eps);
        return new FusedBatchNorm.Forward(y, mean, variance, invStd);
    }

    /** ∂x, ∂γ, ∂β of training batch norm (each null when not asked for). */
    static FusedBatchNorm.Gradients batchNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor invStd, Tensor weight,
                                                      boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        long n = x.size(0);
        long c = x.size(1);
        Tensor cx = contiguous(f32("batchNorm backward", x));
        Tensor cdy = contiguous(f32("batchNorm backward", dy));
        Tensor dx = inputGrad ? Tensor.emptyOn(Device.CUDA, DType.F32, x.shapeRef()) : null;
        Tensor dWeight = weightGrad ? Tensor.emptyOn(Device.CUDA, DType.F32, c) : null;
        Tensor dBias = biasGrad ? Tensor.emptyOn(Device.CUDA, DType.F32, c) : null;
        new CudaBatchNorm(launcher()).backwardTraining(n, c, x.numel() / (n * c), buffer(cx),
                optional(weight, "batchNorm backward"), buffer(contiguous(mean)), buffer(contiguous(invStd)), buffer(cdy),
                dx == null ? null : dx.storage().buffer(), dWeight == null ? null : dWeight.storage().buffer(),
                dBias == null ? null : dBias.storage().buffer());
        return new FusedBatchNorm.Gradients(dx, dWeight, dBias);
    }

    private static DeviceBuffer optional(Tensor t, String op) {
        return t == null ? null : buffer(contiguous(f32(op, t)));
    }

    /** The backward of ReLU: g where gate &gt; 0, else +0; g and gate broadcast against each other. */
    static Tensor reluBackward(Tensor g, Tensor gate) {
        long[] shape = Broadcasting.shape("reluBackward", g.shapeRef(), gate.shapeRef());
        if (shape.length > CudaElementwise.MAX_DIMS) {
            throw new IllegalArgumentException("reluBackward on cuda: " + Shapes.format(shape) + " has more than "
                    + CudaElementwise.MAX_DIMS + " dims");
        }
        Tensor eg = Broadcasting.expand("reluBackward", f32("reluBackward", g), shape);
        Tensor ex = Broadcasting.expand("reluBackward", f32("reluBackward", gate), shape);
        Tensor out = Tensor.emptyOn(Device.CUDA, DType.F32, shape);
        new CudaElementwise(launcher()).reluBackward(shape, buffer(eg), eg.stridesRef(), buffer(ex), ex.stridesRef(),
                out.storage().buffer());
        return out;
    }

    /** softmax ({@code log}: log-softmax) along the last dim of x. */
    static Tensor softmaxLastDim(boolean log, Tensor x) {
        String name = log ? "logSoftmax" : "softmax";
        Tensor in = contiguous(f32(name, x));
        long cols = in.rank() == 0 ? 1 : in.size(in.rank() - 1);
        long rows = in.numel() / Math.max(1, cols);
        Tensor out = Tensor.emptyOn(Device.CUDA, DType.F32, in.shapeRef());
        new CudaSoftmax(launcher()).forward(log, rows, cols, buffer(in), out.storage().buffer());
        return out;
    }

    /** SGD in place on contiguous F32 θ and momentum buffer (null without momentum), from grad. */
    static void sgd(Tensor theta, Tensor grad, Tensor buffer, OptimizerStep.Sgd step) {
        Tensor g = contiguous(f32("sgd", grad));
        new CudaOptimizers(launcher()).sgd(theta.numel(), buffer(f32("sgd", theta)), buffer(g),
                buffer == null ? null : buffer(buffer), (float) step.lr(), (float) step.momentum(),
                (float) step.dampening(), (float) step.weightDecay(), step.nesterov(), step.firstStep());
    }

    /** AdamW (decoupled weight decay; Adam without weight decay is the same update) in place. */
    static void adam(Tensor theta, Tensor grad, Tensor m, Tensor v, OptimizerStep.Adam step) {
        if (!step.decoupled() && step.weightDecay() != 0) {
            throw new IllegalArgumentException("adam update on cuda: only decoupled weight decay (AdamW) has a CUDA"
                    + " kernel; Adam with weight decay " + step.weightDecay() + " runs on the CPU only");
        }
        Tensor g = contiguous(f32("adam", grad));
        new CudaOptimizers(launcher()).adamw(theta.numel(), buffer(f32("adam", theta)), buffer(g), buffer(m), buffer(v),
                (float) step.lr(), (float) step.beta1(), (float) step.beta2(), (float) step.eps(),
                (float) (step.decoupled() ? step.weightDecay() : 0), Math.toIntExact(step.step()));
    }

    private static Tensor f32(String op, Tensor t) {
        if (t.dtype() != DType.F32) {
            throw new IllegalArgumentException(op + " on cuda: only F32 tensors are implemented, got " + t.dtype());
        }
        return t;
    }

    /** The device memory of t from its first element. */
    private static DeviceBuffer buffer(Tensor t) {
        DeviceBuffer whole = t.storage().buffer();
        return whole.slice(t.offset(), whole.elements() - t.offset());
    }

    private static KernelLauncher launcher() {
        return CudaBackend.launcher();
    }
}
