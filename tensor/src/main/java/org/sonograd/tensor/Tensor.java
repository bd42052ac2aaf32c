package org.sonograd.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.ElementwiseKernels;
import org.sonograd.kernels.Operand;
import org.sonograd.kernels.ReduceOp;
import org.sonograd.kernels.ReluBackwardKernels;
import org.sonograd.kernels.Shapes;
import org.sonograd.kernels.UnaryOp;

/**
 * An n-dimensional array over off-heap memory: a {@link Storage} plus a dtype, a shape, element
 * strides and an element offset. Views (reshape, permute, transpose, slice, expand) share the
 * storage of the tensor they come from. Tensors carry no gradients; the {@code autograd} module
 * builds on them.
 *
 * <p>Dimensions may be given negative, counting from the end, as in PyTorch. Ops check their
 * operands and say which rule failed, e.g. {@code matmul: [2,3] @ [4,5]: inner dims 3 != 4}.
 */
public final class Tensor {
    private final Storage storage;
    private final long[] shape;
    private final long[] strides;
    private final long offset;

    Tensor(Storage storage, long[] shape, long[] strides, long offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---------------------------------------------------------------- creation

    /** A contiguous tensor with undefined contents. */
    public static Tensor empty(DType dtype, long... shape) {
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("empty: negative dimension in shape " + Shapes.format(shape));
            }
        }
        long[] s = shape.clone();
        return new Tensor(new Storage(dtype, Shapes.numel(s), false), s, Shapes.contiguousStrides(s), 0);
    }

    /** A contiguous tensor of zeros. */
    public static Tensor zeros(DType dtype, long... shape) {
        long[] s = shape.clone();
        return new Tensor(new Storage(dtype, Shapes.numel(s), true), s, Shapes.contiguousStrides(s), 0);
    }

    /** A contiguous tensor of ones. */
    public static Tensor ones(DType dtype, long... shape) {
        return full(dtype, 1, shape);
    }

    /** A contiguous tensor filled with {@code value}. */
    public static Tensor full(DType dtype, double value, long... shape) {
        Tensor t = empty(dtype, shape);
        ElementwiseKernels.fill(t.shape, t.operand(), value);
        return t;
    }

    /** A 0-d tensor holding {@code value}. */
    public static Tensor scalar(DType dtype, double value) {
        return full(dtype, value);
    }

    /** An F32 tensor copied from a Java array, with the given shape (default: 1-D). */
    public static Tensor of(float[] values, long... shape) {
        Tensor t = empty(DType.F32, checkedShape("of", values.length, shape));
        MemorySegment.copy(values, 0, t.storage.segment(), ValueLayout.JAVA_FLOAT, 0, values.length);
        return t;
    }

    /** An F64 tensor copied from a Java array, with the given shape (default: 1-D). */
    public static Tensor of(double[] values, long... shape) {
        Tensor t = empty(DType.F64, checkedShape("of", values.length, shape));
        MemorySegment.copy(values, 0, t.storage.segment(), ValueLayout.JAVA_DOUBLE, 0, values.length);
        return t;
    }

    /** An I64 tensor copied from a Java array, with the given shape (default: 1-D). */
    public static Tensor ofLongs(long[] values, long... shape) {
        Tensor t = empty(DType.I64, checkedShape("ofLongs", values.length, shape));
        MemorySegment.copy(values, 0, t.storage.segment(), ValueLayout.JAVA_LONG, 0, values.length);
        return t;
    }

    /** A BOOL tensor copied from a Java array, with the given shape (default: 1-D). */
    public static Tensor ofBooleans(boolean[] values, long... shape) {
        Tensor t = empty(DType.BOOL, checkedShape("ofBooleans", values.length, shape));
        for (int i = 0; i < values.length; i++) {
            t.storage.segment().set(ValueLayout.JAVA_BYTE, i, (byte) (values[i] ? 1 : 0));
        }
        return t;
    }

    /** 0, 1, …, n−1 in the given dtype. */
    public static Tensor arange(DType dtype, long n) {
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return of(values).to(dtype);
    }

    private static long[] checkedShape(String op, int length, long[] shape) {
        long[] s = shape.length == 0 ? new long[] {length} : shape.clone();
        if (Shapes.numel(s) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Shapes.format(s)
                    + " (" + Shapes.numel(s) + " elements)");
        }
        return s;
    }

    // ---------------------------------------------------------------- metadata

    /** The element type. */
    public DType dtype() {
        return storage.dtype();
    }

    /** The device holding the storage. */
    public Device device() {
        return storage.device();
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code dim} (negative counts from the end). */
    public long size(int dim) {
        return shape[normalizeDim("size", dim)];
    }

    /** A copy of the element strides. */
    public long[] strides() {
        return strides.clone();
    }

    /** Element offset of index (0, …, 0) in the storage. */
    public long offset() {
        return offset;
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public long numel() {
        return Shapes.numel(shape);
    }

    /** True when the elements are dense and row-major. */
    public boolean isContiguous() {
        return Shapes.isContiguous(shape, strides);
    }

    /** True when both tensors are views of one storage. */
    public boolean sharesStorageWith(Tensor other) {
        return storage == other.storage;
    }

    /** This tensor as a kernel operand. */
    public Operand operand() {
        return new Operand(storage.segment(), dtype(), offset, strides.clone());
    }

    /** This tensor as a kernel operand broadcast to {@code target} (stride 0 on expanded dims). */
    public Operand operandBroadcastTo(long[] target) {
        return Broadcasting.expand("broadcast", this, target).operand();
    }

    Storage storage() {
        return storage;
    }

    long[] shapeRef() {
        return shape;
    }

    long[] stridesRef() {
        return strides;
    }

    /** Index of a possibly negative dimension, checked against the rank. */
    public int normalizeDim(String op, int dim) {
        return Views.normalizeDim(op, dim, shape.length, shape);
    }

    /** How many storages have been created so far in this JVM: a mark for {@link #allocatedAfter}. */
    public static long storagesCreated() {
        return Storage.created();
    }

    /**
     * Whether this tensor's storage was created after {@code mark} (a value of
     * {@link #storagesCreated}) was read: no tensor made before then can be a view of it.
     */
    public boolean allocatedAfter(long mark) {
        return storage.serial() > mark;
    }

    /** Frees the storage now (for this tensor and all its views), before its scope closes. */
    public void release() {
        MemoryScope owner = storage.owner();
        if (owner != null) {
            owner.forget(storage);
        }
        storage.release();
    }

    /** True once the storage has been released. */
    public boolean isReleased() {
        return storage.isReleased();
    }

    // ---------------------------------------------------------------- conversion

    /**
     * This tensor on {@code device}: itself when it is there already, else a copy with the same shape,
     * strides, offset and dtype (the whole storage is copied, so views keep their layout).
     */
    public Tensor to(Device device) {
        if (device == device()) {
            return this;
        }
        long bytes = storage.elements() * dtype().byteSize();
        if (device == Device.CUDA) {
            Storage target = new Storage(dtype(), storage.elements(), CudaBackend.launcher());
            if (bytes > 0) {
                target.launcher().upload(storage.segment().asSlice(0, bytes), target.buffer());
            }
            return new Tensor(target, shape.clone(), strides.clone(), offset);
        }
        Storage target = new Storage(dtype(), storage.elements(), false);
        if (bytes > 0) {
            storage.launcher().download(storage.buffer(), target.segment().asSlice(0, bytes));
        }
        return new Tensor(target, shape.clone(), strides.clone(), offset);
    }

    /** An uninitialised contiguous tensor on {@code device}. */
    static Tensor emptyOn(Device device, DType dtype, long... shape) {
        if (device == Device.CPU) {
            return empty(dtype, shape);
        }
        long[] s = shape.clone();
        return new Tensor(new Storage(dtype, Shapes.numel(s), CudaBackend.launcher()), s, Shapes.contiguousStrides(s), 0);
    }

    /** Converts to another dtype (a new contiguous tensor; this tensor when the dtype already matches). */
    public Tensor to(DType dtype) {
        return dtype == dtype() ? this : Layout.copy(this, dtype);
    }

    /** A contiguous tensor with the same values: this tensor if already contiguous, else a copy. */
    public Tensor contiguous() {
        if (device() == Device.CUDA) {
            return CudaTensorOps.contiguous(this);
        }
        return isContiguous() ? this : Layout.copy(this, dtype());
    }

    /** Copies src (broadcast, converted to this dtype) into this tensor or view, in place; returns this. */
    public Tensor assign(Tensor src) {
        if (DeviceChecks.same("assign", this, src) == Device.CUDA) {
            return CudaTensorOps.assign(this, src);
        }
        return Layout.assign(this, src);
    }

    /** A new contiguous tensor with the same values and dtype. */
    public Tensor copy() {
        if (device() == Device.CUDA) {
            return CudaTensorOps.copy(this);
        }
        return Layout.copy(this, dtype());
    }

    /** The elements in row-major order, converted to float. */
    public float[] toFloatArray() {
        Tensor c = Layout.copy(this, DType.F32);
        try {
            return c.storage.segment().asSlice(0, c.numel() * 4).toArray(ValueLayout.JAVA_FLOAT);
        } finally {
            c.release();
        }
    }

    /** The elements in row-major order, converted to double. */
    public double[] toDoubleArray() {
        Tensor c = Layout.copy(this, DType.F64);
        try {
            return c.storage.segment().asSlice(0, c.numel() * 8).toArray(ValueLayout.JAVA_DOUBLE);
        } finally {
            c.release();
        }
    }

    /** The elements in row-major order, converted to long. */
    public long[] toLongArray() {
        Tensor c = Layout.copy(this, DType.I64);
        try {
            return c.storage.segment().asSlice(0, c.numel() * 8).toArray(ValueLayout.JAVA_LONG);
        } finally {
            c.release();
        }
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: tensor of shape " + Shapes.format(shape) + " has " + numel()
                    + " elements, expected exactly 1");
        }
        if (device() == Device.CUDA) {
            Tensor host = to(Device.CPU);  // copies the (small) storage back, as torch's .item() synchronises
            try {
                return host.item();
            } finally {
                host.release();
            }
        }
        return getDouble(new long[shape.length]);
    }

    /** The element at {@code index} (one coordinate per dimension), as a double. */
    public double getDouble(long... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of rank " + shape.length);
        }
        long at = offset;
        for (int d = 0; d < index.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("get: index " + index[d] + " out of range [0," + shape[d]
                        + ") in dim " + d + " of shape " + Shapes.format(shape));
            }
            at += index[d] * strides[d];
        }
        MemorySegment s = storage.segment();
        return switch (dtype()) {
            case F32 -> s.getAtIndex(ValueLayout.JAVA_FLOAT, at);
            case F64 -> s.getAtIndex(ValueLayout.JAVA_DOUBLE, at);
            case I64 -> s.getAtIndex(ValueLayout.JAVA_LONG, at);
            case U8 -> Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, at));
            case BOOL -> s.get(ValueLayout.JAVA_BYTE, at);
        };
    }

    // ---------------------------------------------------------------- views

    /** A tensor of the new shape with the same elements; a view when the strides allow it. One dim may be -1. */
    public Tensor reshape(long... newShape) {
        return Views.reshape(this, newShape);
    }

    /** Reorders the dimensions: result dim i is this tensor's dim {@code order[i]}. */
    public Tensor permute(int... order) {
        return Views.permute(this, order);
    }

    /** Swaps two dimensions. */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** Elements start, start+step, … below end along dim (negative start/end count from the end). */
    public Tensor slice(int dim, long start, long end, long step) {
        return Views.slice(this, dim, start, end, step);
    }

    /** Elements [start, start+length) along dim. */
    public Tensor narrow(int dim, long start, long length) {
        return Views.slice(this, dim, start, start + length, 1);
    }

    /** The sub-tensor at {@code index} along dim, with that dim removed. */
    public Tensor select(int dim, long index) {
        return Views.select(this, dim, index);
    }

    /** Broadcasts size-1 dims (and new leading dims) to {@code target} without copying. */
    public Tensor expand(long... target) {
        return Broadcasting.expand("expand", this, target);
    }

    /** Inserts a size-1 dim at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** Removes dim {@code dim}, which must have size 1. */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    /** Merges dims start..end (inclusive) into one. */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /** Splits dim into pieces of {@code size} (the last may be smaller), as views. */
    public List<Tensor> split(long size, int dim) {
        return Views.split(this, size, dim);
    }

    // ---------------------------------------------------------------- pointwise

    /** this + other, broadcast. */
    public Tensor add(Tensor other) {
        return Pointwise.binary(BinaryOp.ADD, this, other);
    }

    /**
     * this += other in place, with the bits of {@link #add}: same shape and dtype, this contiguous and
     * on the CPU (other may be strided, but not a different view of this storage). Returns this.
     */
    public Tensor addInPlace(Tensor other) {
        boolean overlaps = sharesStorageWith(other) && (offset != other.offset || !Arrays.equals(strides, other.strides));
        if (!Arrays.equals(shape, other.shape) || dtype() != other.dtype() || !dtype().isFloatingPoint()
                || !isContiguous() || device() != Device.CPU || other.device() != Device.CPU || overlaps) {
            throw new IllegalArgumentException("addInPlace: " + Shapes.format(shape) + " " + dtype() + " " + device()
                    + (isContiguous() ? "" : " (strided)") + " += " + Shapes.format(other.shape) + " " + other.dtype() + " "
                    + other.device() + (overlaps ? " (another view of the same storage)" : "")
                    + ": needs one shape and float dtype, a contiguous target, both on the CPU");
        }
        ElementwiseKernels.binary(BinaryOp.ADD, shape, operand(), other.operand(), operand());
        return this;
    }

    /** this − other, broadcast. */
    public Tensor sub(Tensor other) {
        return Pointwise.binary(BinaryOp.SUB, this, other);
    }

    /** this · other, broadcast. */
    public Tensor mul(Tensor other) {
        return Pointwise.binary(BinaryOp.MUL, this, other);
    }

    /** this / other, broadcast. */
    public Tensor div(Tensor other) {
        return Pointwise.binary(BinaryOp.DIV, this, other);
    }

    /** this ^ other, broadcast. */
    public Tensor pow(Tensor other) {
        return Pointwise.binary(BinaryOp.POW, this, other);
    }

    /** max(this, other), broadcast. */
    public Tensor maximum(Tensor other) {
        return Pointwise.binary(BinaryOp.MAX, this, other);
    }

    /** min(this, other), broadcast. */
    public Tensor minimum(Tensor other) {
        return Pointwise.binary(BinaryOp.MIN, this, other);
    }

    /** this + s. */
    public Tensor add(double s) {
        return Pointwise.binaryScalar(BinaryOp.ADD, this, s);
    }

    /** this − s. */
    public Tensor sub(double s) {
        return Pointwise.binaryScalar(BinaryOp.SUB, this, s);
    }

    /** this · s. */
    public Tensor mul(double s) {
        return Pointwise.binaryScalar(BinaryOp.MUL, this, s);
    }

    /** this / s. */
    public Tensor div(double s) {
        return Pointwise.binaryScalar(BinaryOp.DIV, this, s);
    }

    /** this ^ s. */
    public Tensor pow(double s) {
        return Pointwise.binaryScalar(BinaryOp.POW, this, s);
    }

    /** Elementwise comparison, a BOOL tensor. */
    public Tensor compare(BinaryOp comparison, Tensor other) {
        if (!comparison.isComparison()) {
            throw new IllegalArgumentException("compare: " + comparison + " is not a comparison");
        }
        return Pointwise.binary(comparison, this, other);
    }

    /** Elementwise comparison with a scalar, a BOOL tensor. */
    public Tensor compare(BinaryOp comparison, double s) {
        return compare(comparison, Pointwise.scalarLike(this, s));
    }

    /** op(this) elementwise. */
    public Tensor apply(UnaryOp op) {
        return Pointwise.unary(op, this);
    }

    /** −this. */
    public Tensor neg() {
        return apply(UnaryOp.NEG);
    }

    /** e^this. */
    public Tensor exp() {
        return apply(UnaryOp.EXP);
    }

    /** ln this. */
    public Tensor log() {
        return apply(UnaryOp.LOG);
    }

    /** √this. */
    public Tensor sqrt() {
        return apply(UnaryOp.SQRT);
    }

    /** tanh this. */
    public Tensor tanh() {
        return apply(UnaryOp.TANH);
    }

    /** σ(this). */
    public Tensor sigmoid() {
        return apply(UnaryOp.SIGMOID);
    }

    /** max(this, 0). */
    public Tensor relu() {
        return apply(UnaryOp.RELU);
    }

    /**
     * The backward of ReLU in one pass: this (the gradient of the ReLU's output) where
     * {@code gate} &gt; 0, else 0 ({@link ReluBackwardKernels}). The gate is the
     * ReLU's input or output (both positive at the same elements); shapes broadcast.
     */
    public Tensor reluBackward(Tensor gate) {
        if (DeviceChecks.same("reluBackward", this, gate) == Device.CUDA) {
            return CudaTensorOps.reluBackward(this, gate);
        }
        long[] shape = Broadcasting.shape("reluBackward", shapeRef(), gate.shapeRef());
        DType compute = DTypes.promote(dtype(), gate.dtype());
        Tensor out = Tensor.empty(compute, shape);
        ReluBackwardKernels.apply(shape, to(compute).operandBroadcastTo(shape),
                gate.to(compute).operandBroadcastTo(shape), out.operand());
        return out;
    }

    /** |this|. */
    public Tensor abs() {
        return apply(UnaryOp.ABS);
    }

    /** this · a + b, fused, broadcast. */
    public Tensor fma(Tensor a, Tensor b) {
        return Pointwise.fma(this, a, b);
    }

    /** mask ? value : this, mask being BOOL and broadcast. */
    public Tensor maskedFill(Tensor mask, double value) {
        return Indexing.maskedFill(this, mask, value);
    }

    /** cond ? a : b, broadcast. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Indexing.where(cond, a, b);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum over all elements, a 0-d tensor. */
    public Tensor sum() {
        return Reductions.reduce(ReduceOp.SUM, this, new int[0], false);
    }

    /** Sum over {@code dims}. */
    public Tensor sum(int[] dims, boolean keepDim) {
        return Reductions.reduce(ReduceOp.SUM, this, dims, keepDim);
    }

    /** Mean over all elements. */
    public Tensor mean() {
        return Reductions.reduce(ReduceOp.MEAN, this, new int[0], false);
    }

    /** Mean over {@code dims}. */
    public Tensor mean(int[] dims, boolean keepDim) {
        return Reductions.reduce(ReduceOp.MEAN, this, dims, keepDim);
    }

    /** Maximum over {@code dims} (all when empty). */
    public Tensor max(int[] dims, boolean keepDim) {
        return Reductions.reduce(ReduceOp.MAX, this, dims, keepDim);
    }

    /** Minimum over {@code dims} (all when empty). */
    public Tensor min(int[] dims, boolean keepDim) {
        return Reductions.reduce(ReduceOp.MIN, this, dims, keepDim);
    }

    /** Variance over {@code dims} with Bessel-style {@code correction} (1 = unbiased). */
    public Tensor variance(int[] dims, double correction, boolean keepDim) {
        return Reductions.variance(this, dims, correction, keepDim);
    }

    /** Index of the first maximum along dim, I64. */
    public Tensor argmax(int dim, boolean keepDim) {
        return Reductions.argmax(this, dim, keepDim);
    }

    /** Softmax along dim. */
    public Tensor softmax(int dim) {
        return SoftmaxOps.softmax(this, dim);
    }

    /** Log-softmax along dim. */
    public Tensor logSoftmax(int dim) {
        return SoftmaxOps.logSoftmax(this, dim);
    }

    /** ln Σ exp along dim. */
    public Tensor logSumExp(int dim, boolean keepDim) {
        return SoftmaxOps.logSumExp(this, dim, keepDim);
    }

    // ---------------------------------------------------------------- linear algebra, indexing, layout

    /** Matrix product with PyTorch's matmul rules (1-D operands, broadcast batch dims). */
    public Tensor matmul(Tensor other) {
        return MatMul.matmul(this, other);
    }

    /** torch.gather along dim. */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /** A copy of this tensor with src added at index along dim (torch.scatter_add). */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatterAdd(this, dim, index, src);
    }

    /** torch.index_select along dim with a 1-D I64 index. */
    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    /** Concatenates tensors along dim. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Layout.cat(tensors, dim);
    }

    /** Stacks equal-shaped tensors along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Layout.stack(tensors, dim);
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
