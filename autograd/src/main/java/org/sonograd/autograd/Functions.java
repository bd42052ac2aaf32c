package org.sonograd.autograd;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.kernels.Shapes;
import org.sonograd.kernels.UnaryOp;
import org.sonograd.tensor.Device;
import org.sonograd.tensor.Tensor;

/**
 * The rule table: every differentiable primitive, its forward (on tensors) and its backward (on
 * differentiable {@link Var}s) side by side, in the spirit of PyTorch's {@code derivatives.yaml}.
 * Because each backward is built from these same primitives, gradients of gradients come for free.
 * Ops that are compositions of primitives (transpose, select, sumTo, …) live in {@link Var} and need
 * no rule. Each public static method here is one rule; the gradient-check test walks them all.
 */
public final class Functions {
    private Functions() {}

    // ---------------------------------------------------------------- arithmetic (broadcasting)

    /** a + b.  ∂a = g, ∂b = g (each summed back to its own shape). */
    public static Var add(Var a, Var b) {
        return Graph.record("add", a.value().add(b.value()),
                (g, out) -> new Var[] {g.sumTo(a.shape()), g.sumTo(b.shape())}, a, b);
    }

    /** a − b.  ∂a = g, ∂b = −g. */
    public static Var sub(Var a, Var b) {
        return Graph.record("sub", a.value().sub(b.value()),
                (g, out) -> new Var[] {g.sumTo(a.shape()), g.sumTo(b.shape()).neg()}, a, b);
    }

    /** a · b.  ∂a = g·b, ∂b = g·a. */
    public static Var mul(Var a, Var b) {
        return Graph.record("mul", a.value().mul(b.value()),
                (g, out) -> new Var[] {g.mul(b).sumTo(a.shape()), g.mul(a).sumTo(b.shape())}, a, b);
    }

    /** a / b.  ∂a = g/b, ∂b = −g·a/b² = −g·out/b. */
    public static Var div(Var a, Var b) {
        return Graph.record("div", a.value().div(b.value()),
                (g, out) -> new Var[] {g.div(b).sumTo(a.shape()), g.mul(out).div(b).sumTo(b.shape()).neg()}, a, b);
    }

    /** x + s.  ∂x = g. */
    public static Var addScalar(Var x, double s) {
        return Graph.record("addScalar", x.value().add(s), (g, out) -> new Var[] {g}, x);
    }

    /** x · s.  ∂x = g·s. */
    public static Var mulScalar(Var x, double s) {
        return Graph.record("mulScalar", x.value().mul(s), (g, out) -> new Var[] {g.mul(s)}, x);
    }

    /** x^p for a constant p.  ∂x = g·p·x^(p−1). */
    public static Var powScalar(Var x, double p) {
        return Graph.record("powScalar", x.value().pow(p), (g, out) -> new Var[] {g.mul(x.pow(p - 1)).mul(p)}, x);
    }

    // ---------------------------------------------------------------- unary

    /** −x.  ∂x = −g. */
    public static Var neg(Var x) {
        return Graph.record("neg", x.value().neg(), (g, out) -> new Var[] {g.neg()}, x);
    }

    /** e^x.  ∂x = g·out. */
    public static Var exp(Var x) {
        return Graph.record("exp", x.value().exp(), (g, out) -> new Var[] {g.mul(out)}, x);
    }

    /** ln x.  ∂x = g/x. */
    public static Var log(Var x) {
        return Graph.record("log", x.value().log(), (g, out) -> new Var[] {g.div(x)}, x);
    }

    /** √x.  ∂x = g/(2·out). */
    public static Var sqrt(Var x) {
        return Graph.record("sqrt", x.value().sqrt(), (g, out) -> new Var[] {g.div(out.mul(2))}, x);
    }

    /** 1/x.  ∂x = −g·out². */
    public static Var reciprocal(Var x) {
        return Graph.record("reciprocal", x.value().apply(UnaryOp.RECIPROCAL),
                (g, out) -> new Var[] {g.mul(out.mul(out)).neg()}, x);
    }

    /** tanh x.  ∂x = g·(1 − out²). */
    public static Var tanh(Var x) {
        return Graph.record("tanh", x.value().tanh(), (g, out) -> new Var[] {g.mul(out.mul(out).neg().add(1))}, x);
    }

    /** σ(x).  ∂x = g·out·(1 − out). */
    public static Var sigmoid(Var x) {
        return Graph.record("sigmoid", x.value().sigmoid(), (g, out) -> new Var[] {g.mul(out.mul(out.neg().add(1)))}, x);
    }

    /** max(x, 0).  ∂x = g·[x > 0], one fused pass ({@link #reluBackward}). */
    public static Var relu(Var x) {
        return Graph.record("relu", x.value().relu(), (g, out) -> new Var[] {reluBackward(g, out.value())}, x);
    }

    /**
     * The backward of ReLU: g·[gate > 0] in one pass ({@link Tensor#reluBackward}), with the gate (the
     * ReLU's output) a constant. It is linear in g, so its own backward is itself:
     * ∂g = h·[gate > 0]; the gate gets no gradient (relu's second derivative is 0 almost everywhere).
     */
    public static Var reluBackward(Var g, Tensor gate) {
        return Graph.record("reluBackward", g.value().reluBackward(gate),
                (h, out) -> new Var[] {reluBackward(h, gate)}, g);
    }

    /** |x|.  ∂x = g·sign(x). */
    public static Var abs(Var x) {
        return Graph.record("abs", x.value().abs(),
                (g, out) -> new Var[] {g.mul(Var.constant(x.value().apply(UnaryOp.SIGN)))}, x);
    }

    /** sin x.  ∂x = g·cos x. */
    public static Var sin(Var x) {
        return Graph.record("sin", x.value().apply(UnaryOp.SIN), (g, out) -> new Var[] {g.mul(x.cos())}, x);
    }

    /** cos x.  ∂x = −g·sin x. */
    public static Var cos(Var x) {
        return Graph.record("cos", x.value().apply(UnaryOp.COS), (g, out) -> new Var[] {g.mul(x.sin()).neg()}, x);
    }

    // ---------------------------------------------------------------- linear algebra

    /** a @ b for rank ≥ 2 with broadcast batch dims.  ∂a = g @ bᵀ, ∂b = aᵀ @ g (summed over broadcast batches). */
    public static Var matmul(Var a, Var b) {
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException("matmul rule needs rank >= 2 operands; Var.matmul handles 1-D ones");
        }
        return Graph.record("matmul", a.value().matmul(b.value()), (g, out) -> new Var[] {
                g.matmul(b.transpose(-1, -2)).sumTo(a.shape()),
                a.transpose(-1, -2).matmul(g).sumTo(b.shape())}, a, b);
    }

    // ---------------------------------------------------------------- reductions and softmax

    /** Σ over dims (all when empty).  ∂x = g broadcast back over the summed dims. */
    public static Var sum(Var x, int[] dims, boolean keepDim) {
        long[] kept = keptShape(x, dims);
        return Graph.record("sum", x.value().sum(dims, keepDim),
                (g, out) -> new Var[] {g.reshape(kept).expand(x.shape())}, x);
    }

    /** Mean over dims (all when empty).  ∂x = g/n broadcast back. */
    public static Var mean(Var x, int[] dims, boolean keepDim) {
        long[] kept = keptShape(x, dims);
        double n = (double) Shapes.numel(x.shape()) / Shapes.numel(kept);
        return Graph.record("mean", x.value().mean(dims, keepDim),
                (g, out) -> new Var[] {g.reshape(kept).expand(x.shape()).mul(1.0 / n)}, x);
    }

    /** softmax along dim.  ∂x = out·(g − Σ_dim g·out). */
    public static Var softmax(Var x, int dim) {
        return Graph.record("softmax", x.value().softmax(dim),
                (g, out) -> new Var[] {out.mul(g.sub(g.mul(out).sum(new int[] {dim}, true)))}, x);
    }

    /** log-softmax along dim.  ∂x = g − exp(out)·Σ_dim g. */
    public static Var logSoftmax(Var x, int dim) {
        return Graph.record("logSoftmax", x.value().logSoftmax(dim),
                (g, out) -> new Var[] {g.sub(out.exp().mul(g.sum(new int[] {dim}, true)))}, x);
    }

    /** ln Σ_dim exp x.  ∂x = g·exp(x − out), i.e. g·softmax(x). */
    public static Var logSumExp(Var x, int dim, boolean keepDim) {
        int d = x.value().normalizeDim("logSumExp", dim);
        return Graph.record("logSumExp", x.value().logSumExp(d, keepDim), (g, out) -> {
            Var gk = keepDim ? g : g.unsqueeze(d);
            Var outk = keepDim ? out : out.unsqueeze(d);
            return new Var[] {gk.mul(x.sub(outk).exp())};
        }, x);
    }

    // ---------------------------------------------------------------- views

    /** Same elements, new shape.  ∂x = g reshaped back. */
    public static Var reshape(Var x, long... shape) {
        long[] original = x.shape();
        return Graph.record("reshape", x.value().reshape(shape), (g, out) -> new Var[] {g.reshape(original)}, x);
    }

    /** Reordered dims.  ∂x = g permuted by the inverse order. */
    public static Var permute(Var x, int... order) {
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[x.value().normalizeDim("permute", order[i])] = i;
        }
        return Graph.record("permute", x.value().permute(order), (g, out) -> new Var[] {g.permute(inverse)}, x);
    }

    /** Broadcast to a larger shape.  ∂x = g summed back to x's shape. */
    public static Var expand(Var x, long... shape) {
        return Graph.record("expand", x.value().expand(shape), (g, out) -> new Var[] {g.sumTo(x.shape())}, x);
    }

    /** Strided slice along dim.  ∂x = zeros with g written into the slice. */
    public static Var slice(Var x, int dim, long start, long end, long step) {
        long[] shape = x.shape();
        return Graph.record("slice", x.value().slice(dim, start, end, step),
                (g, out) -> new Var[] {embedSlice(g, shape, dim, start, end, step)}, x);
    }

    /** The adjoint of slice: a zero tensor of {@code shape} with g in the slice.  ∂g = slice of the gradient. */
    public static Var embedSlice(Var g, long[] shape, int dim, long start, long end, long step) {
        Tensor out = Tensor.zeros(g.dtype(), shape);
        out.slice(dim, start, end, step).assign(g.value());
        return Graph.record("embedSlice", out, (gg, o) -> new Var[] {gg.slice(dim, start, end, step)}, g);
    }

    /** Concatenation along dim.  ∂input_i = the slice of g that input i filled. */
    public static Var cat(List<Var> inputs, int dim) {
        List<Tensor> values = new ArrayList<>();
        for (Var v : inputs) {
            values.add(v.value());
        }
        Tensor out = Tensor.cat(values, dim);
        int d = out.normalizeDim("cat", dim);
        return Graph.record("cat", out, (g, o) -> {
            Var[] grads = new Var[inputs.size()];
            long start = 0;
            for (int i = 0; i < grads.length; i++) {
                long size = inputs.get(i).size(d);
                grads[i] = g.slice(d, start, start + size, 1);
                start += size;
            }
            return grads;
        }, inputs.toArray(new Var[0]));
    }

    // ---------------------------------------------------------------- indexing

    /** torch.gather.  ∂x = scatterAdd of g into zeros at the same indices. */
    public static Var gather(Var x, int dim, Tensor index) {
        return Graph.record("gather", x.value().gather(dim, index), (g, out) -> new Var[] {
                scatterAdd(Var.constant(Tensor.zeros(x.dtype(), x.shape()).to(x.value().device())), dim, index, g)}, x);
    }

    /** self with src added at index along dim; src has the index's shape.  ∂self = g, ∂src = gather(g). */
    public static Var scatterAdd(Var self, int dim, Tensor index, Var src) {
        if (!java.util.Arrays.equals(index.shape(), src.shape())) {
            throw new IllegalArgumentException("scatterAdd: differentiable form needs src shape " + Shapes.format(src.shape())
                    + " equal to index shape " + Shapes.format(index.shape()));
        }
        return Graph.record("scatterAdd", self.value().scatterAdd(dim, index, src.value()),
                (g, out) -> new Var[] {g, g.gather(dim, index)}, self, src);
    }

    /** torch.index_select with a 1-D index.  ∂x = g scatter-added back at the selected positions. */
    public static Var indexSelect(Var x, int dim, Tensor index) {
        int d = x.value().normalizeDim("indexSelect", dim);
        return Graph.record("indexSelect", x.value().indexSelect(d, index), (g, out) -> {
            long[] along = new long[g.rank()];
            java.util.Arrays.fill(along, 1);
            along[d] = index.numel();
            // the index spread over g's shape is built on the CPU (I64) and sent to the index's device
            Tensor spread = index.to(Device.CPU).reshape(along).expand(g.shape()).contiguous().to(index.device());
            return new Var[] {scatterAdd(Var.constant(Tensor.zeros(x.dtype(), x.shape()).to(x.value().device())), d,
                    spread, g)};
        }, x);
    }

    /** cond ? a : b with a constant BOOL cond.  ∂a = g where cond, ∂b = g elsewhere. */
    public static Var where(Tensor cond, Var a, Var b) {
        return Graph.record("where", Tensor.where(cond, a.value(), b.value()), (g, out) -> {
            Var zero = Var.constant(Tensor.scalar(g.dtype(), 0));
            return new Var[] {where(cond, g, zero).sumTo(a.shape()), where(cond, zero, g).sumTo(b.shape())};
        }, a, b);
    }

    /** mask ? value : x with a constant BOOL mask.  ∂x = g with the masked positions zeroed. */
    public static Var maskedFill(Var x, Tensor mask, double value) {
        return Graph.record("maskedFill", x.value().maskedFill(mask, value),
                (g, out) -> new Var[] {maskedFill(g, mask, 0).sumTo(x.shape())}, x);
    }

    private static long[] keptShape(Var x, int[] dims) {
        long[] kept = x.shape();
        if (dims.length == 0) {
            java.util.Arrays.fill(kept, 1);
        }
        for (int dim : dims) {
            kept[x.value().normalizeDim("sum", dim)] = 1;
        }
        return kept;
    }
}
