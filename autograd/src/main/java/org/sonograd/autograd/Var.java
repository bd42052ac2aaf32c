package org.sonograd.autograd;

import java.util.Arrays;
import java.util.List;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.Tensor;

/**
 * A tensor with a place in the autograd graph (micrograd's {@code Value}, for tensors). A leaf is
 * made with {@link #parameter} (it requires a gradient) or {@link #constant} (it does not); every op
 * on vars records a node when grad mode is on and any input requires a gradient.
 *
 * <pre>{@code
 * Var w = Var.parameter(Tensor.of(new double[] {1, 2}));
 * Var loss = w.mul(w).sum();
 * loss.backward();               // w.grad() == 2·w
 * }</pre>
 */
public final class Var {
    private final Tensor value;
    private final boolean requiresGrad;
    private final Node node;
    private Var grad;

    Var(Tensor value, Node node) {
        this.value = value;
        this.node = node;
        this.requiresGrad = true;
    }

    private Var(Tensor value, boolean requiresGrad) {
        this.value = value;
        this.node = null;
        this.requiresGrad = requiresGrad;
    }

    /** A leaf that requires a gradient. */
    public static Var parameter(Tensor value) {
        return new Var(value, true);
    }

    /** A leaf that does not require a gradient. */
    public static Var constant(Tensor value) {
        return new Var(value, false);
    }

    /** The tensor held. */
    public Tensor value() {
        return value;
    }

    /** True for leaves made by {@link #parameter} and for every result of an op on such vars. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True when no op produced this var. */
    public boolean isLeaf() {
        return node == null;
    }

    Node node() {
        return node;
    }

    /** The gradient accumulated by {@link #backward()}, or null before any. */
    public Var grad() {
        return grad;
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    void accumulateGrad(Var g) {
        grad = grad == null ? g : grad.add(g);
    }

    /** The same tensor, cut from the graph. */
    public Var detach() {
        return constant(value);
    }

    /** Back-propagates from this scalar, accumulating into the {@link #grad()} of every leaf that requires one. */
    public void backward() {
        Autograd.backward(this, null, false, false);
    }

    /** Back-propagates {@code gradOutput} (this var's shape), optionally building a graph of the gradients. */
    public void backward(Var gradOutput, boolean createGraph, boolean retainGraph) {
        Autograd.backward(this, gradOutput, createGraph, retainGraph);
    }

    // ---------------------------------------------------------------- metadata

    /** A copy of the shape. */
    public long[] shape() {
        return value.shape();
    }

    /** Size of dim (negative counts from the end). */
    public long size(int dim) {
        return value.size(dim);
    }

    /** Number of dims. */
    public int rank() {
        return value.rank();
    }

    /** The element type. */
    public DType dtype() {
        return value.dtype();
    }

    /** The single value of a one-element var. */
    public double item() {
        return value.item();
    }

    // ---------------------------------------------------------------- rules (see Functions)

    /** this + other (broadcast). */
    public Var add(Var other) {
        return Functions.add(this, other);
    }

    /** this − other (broadcast). */
    public Var sub(Var other) {
        return Functions.sub(this, other);
    }

    /** this · other (broadcast). */
    public Var mul(Var other) {
        return Functions.mul(this, other);
    }

    /** this / other (broadcast). */
    public Var div(Var other) {
        return Functions.div(this, other);
    }

    /** this + s. */
    public Var add(double s) {
        return Functions.addScalar(this, s);
    }

    /** this − s. */
    public Var sub(double s) {
        return Functions.addScalar(this, -s);
    }

    /** this · s. */
    public Var mul(double s) {
        return Functions.mulScalar(this, s);
    }

    /** this / s. */
    public Var div(double s) {
        return Functions.mulScalar(this, 1.0 / s);
    }

    /** this ^ p. */
    public Var pow(double p) {
        return Functions.powScalar(this, p);
    }

    /** −this. */
    public Var neg() {
        return Functions.neg(this);
    }

    /** e^this. */
    public Var exp() {
        return Functions.exp(this);
    }

    /** ln this. */
    public Var log() {
        return Functions.log(this);
    }

    /** √this. */
    public Var sqrt() {
        return Functions.sqrt(this);
    }

    /** 1/this. */
    public Var reciprocal() {
        return Functions.reciprocal(this);
    }

    /** tanh this. */
    public Var tanh() {
        return Functions.tanh(this);
    }

    /** σ(this). */
    public Var sigmoid() {
        return Functions.sigmoid(this);
    }

    /** max(this, 0). */
    public Var relu() {
        return Functions.relu(this);
    }

    /** |this|. */
    public Var abs() {
        return Functions.abs(this);
    }

    /** sin this. */
    public Var sin() {
        return Functions.sin(this);
    }

    /** cos this. */
    public Var cos() {
        return Functions.cos(this);
    }

    /** Sum of all elements. */
    public Var sum() {
        return Functions.sum(this, new int[0], false);
    }

    /** Sum over dims. */
    public Var sum(int[] dims, boolean keepDim) {
        return Functions.sum(this, dims, keepDim);
    }

    /** Mean of all elements. */
    public Var mean() {
        return Functions.mean(this, new int[0], false);
    }

    /** Mean over dims. */
    public Var mean(int[] dims, boolean keepDim) {
        return Functions.mean(this, dims, keepDim);
    }

    /** Softmax along dim. */
    public Var softmax(int dim) {
        return Functions.softmax(this, dim);
    }

    /** Log-softmax along dim. */
    public Var logSoftmax(int dim) {
        return Functions.logSoftmax(this, dim);
    }

    /** ln Σ exp along dim. */
    public Var logSumExp(int dim, boolean keepDim) {
        return Functions.logSumExp(this, dim, keepDim);
    }

    /** New shape, same elements (one dim may be -1). */
    public Var reshape(long... shape) {
        return Functions.reshape(this, shape);
    }

    /** Reordered dims. */
    public Var permute(int... order) {
        return Functions.permute(this, order);
    }

    /** Broadcast to shape. */
    public Var expand(long... shape) {
        return Functions.expand(this, shape);
    }

    /** Strided slice along dim. */
    public Var slice(int dim, long start, long end, long step) {
        return Functions.slice(this, dim, start, end, step);
    }

    /** torch.gather. */
    public Var gather(int dim, Tensor index) {
        return Functions.gather(this, dim, index);
    }

    /** torch.index_select. */
    public Var indexSelect(int dim, Tensor index) {
        return Functions.indexSelect(this, dim, index);
    }

    /** mask ? value : this. */
    public Var maskedFill(Tensor mask, double value) {
        return Functions.maskedFill(this, mask, value);
    }

    // ---------------------------------------------------------------- compositions (no rule of their own)

    /** Matrix product with PyTorch's rules for 1-D operands. */
    public Var matmul(Var other) {
        Var a = rank() == 1 ? unsqueeze(0) : this;
        Var b = other.rank() == 1 ? other.unsqueeze(1) : other;
        Var out = Functions.matmul(a, b);
        if (rank() == 1) {
            out = out.squeeze(-2);
        }
        return other.rank() == 1 ? out.squeeze(-1) : out;
    }

    /** Swaps two dims. */
    public Var transpose(int dim0, int dim1) {
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int a = value.normalizeDim("transpose", dim0);
        int b = value.normalizeDim("transpose", dim1);
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Inserts a size-1 dim. */
    public Var unsqueeze(int dim) {
        return reshape(value.unsqueeze(dim).shape());
    }

    /** Removes a size-1 dim. */
    public Var squeeze(int dim) {
        return reshape(value.squeeze(dim).shape());
    }

    /** Merges dims start..end. */
    public Var flatten(int startDim, int endDim) {
        return reshape(value.flatten(startDim, endDim).shape());
    }

    /** The sub-var at index along dim, dim removed. */
    public Var select(int dim, long index) {
        int d = value.normalizeDim("select", dim);
        long i = index < 0 ? index + size(d) : index;
        return slice(d, i, i + 1, 1).squeeze(d);
    }

    /**
     * Sums this var down to {@code shape}, undoing broadcasting: leading extra dims and dims that
     * were 1 in {@code shape} are summed out.
     */
    public Var sumTo(long[] shape) {
        long[] mine = shape();
        if (Arrays.equals(mine, shape)) {
            return this;
        }
        int lead = mine.length - shape.length;
        int[] dims = java.util.stream.IntStream.range(0, mine.length)
                .filter(i -> i < lead || (shape[i - lead] == 1 && mine[i] != 1))
                .toArray();
        return dims.length == 0 ? reshape(shape) : sum(dims, true).reshape(shape);
    }

    /** Concatenates vars along dim. */
    public static Var cat(List<Var> vars, int dim) {
        return Functions.cat(vars, dim);
    }

    /** Stacks equal-shaped vars along a new dim. */
    public static Var stack(List<Var> vars, int dim) {
        int d = dim < 0 ? dim + vars.getFirst().rank() + 1 : dim;
        return Functions.cat(vars.stream().map(v -> v.unsqueeze(d)).toList(), d);
    }

    /** cond ? a : b. */
    public static Var where(Tensor cond, Var a, Var b) {
        return Functions.where(cond, a, b);
    }

    @Override
    public String toString() {
        return "Var(" + value + (node != null ? ", op=" + node.op() : requiresGrad ? ", requiresGrad" : "") + ")";
    }
}
