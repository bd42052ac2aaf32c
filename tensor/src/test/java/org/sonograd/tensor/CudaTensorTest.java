package org.sonograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.OptimizerStep;
import org.sonograd.kernels.UnaryOp;
import org.sonograd.kernels.cuda.launch.EmulatedKernelLibrary;
import org.sonograd.kernels.cuda.launch.EmulatedLauncher;

/**
 * {@link Device#CUDA} tensors on the emulated launcher against the same ops on the CPU: moving
 * between devices, elementwise ops with broadcasting and strided views, batched matmul with transposed
 * views, reductions, and the errors for mixed devices and CPU-only ops.
 */
class CudaTensorTest {
    @BeforeAll
    static void emulatedDevice() {
        Assumptions.assumeTrue(EmulatedKernelLibrary.onPath("g++"), "g++ is not on PATH: the emulated CUDA device needs it");
        // the kernels module's tests build the same library there; reused when the sources match
        CudaBackend.install(EmulatedLauncher.open(Path.of("../kernels/target/cuda-emu/kernels")));
    }

    @Test
    void movingToCudaAndBackKeepsValuesShapeAndLayout() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.of(values(new Random(1), 12), 3, 4);
            Tensor onDevice = x.to(Device.CUDA);
            assertEquals(Device.CUDA, onDevice.device());
            assertSame(onDevice, onDevice.to(Device.CUDA));
            Tensor back = onDevice.transpose(0, 1).to(Device.CPU);
            assertEquals(Device.CPU, back.device());
            assertArrayEquals(x.transpose(0, 1).toFloatArray(), back.toFloatArray());
        }
    }

    @Test
    void elementwiseOpsMatchTheCpuBitForBit() {
        Random random = new Random(2);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor a = Tensor.of(values(random, 3 * 5), 3, 1, 5);
            Tensor b = Tensor.of(values(random, 4 * 5), 4, 5);
            Tensor ca = a.to(Device.CUDA);
            Tensor cb = b.to(Device.CUDA);
            assertArrayEquals(a.add(b).toFloatArray(), ca.add(cb).to(Device.CPU).toFloatArray(), "add with broadcasting");
            assertArrayEquals(a.mul(b).toFloatArray(), ca.mul(cb).to(Device.CPU).toFloatArray(), "mul");
            assertArrayEquals(a.div(b.transpose(0, 1).transpose(0, 1)).toFloatArray(),
                    ca.div(cb.transpose(0, 1).transpose(0, 1)).to(Device.CPU).toFloatArray(), "div");
            Tensor strided = b.transpose(0, 1);
            assertArrayEquals(Pointwise.unary(UnaryOp.RELU, strided).toFloatArray(),
                    Pointwise.unary(UnaryOp.RELU, cb.transpose(0, 1)).to(Device.CPU).toFloatArray(), "relu of a transposed view");
            assertArrayEquals(a.mul(2.5).toFloatArray(), ca.mul(2.5).to(Device.CPU).toFloatArray(), "times a scalar");
        }
    }

    @Test
    void matmulMatchesTheCpuIncludingTransposedViews() {
        Random random = new Random(3);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor a = Tensor.of(values(random, 17 * 33), 17, 33);
            Tensor b = Tensor.of(values(random, 33 * 65), 33, 65);
            Tensor bt = Tensor.of(values(random, 65 * 33), 65, 33);
            assertClose(a.matmul(b).toFloatArray(), a.to(Device.CUDA).matmul(b.to(Device.CUDA)).to(Device.CPU).toFloatArray());
            assertClose(a.matmul(bt.transpose(0, 1)).toFloatArray(),
                    a.to(Device.CUDA).matmul(bt.to(Device.CUDA).transpose(0, 1)).to(Device.CPU).toFloatArray());
        }
    }

    @Test
    void batchedMatmulBroadcastsBatchDimsLikeTheCpu() {
        Random random = new Random(9);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor a = Tensor.of(values(random, 2 * 3 * 5 * 4), 2, 3, 5, 4);
            Tensor b = Tensor.of(values(random, 3 * 6 * 4), 3, 6, 4);   // used transposed: [3, 4, 6]
            Tensor v = Tensor.of(values(random, 4), 4);
            Tensor ca = a.to(Device.CUDA);
            Tensor cb = b.to(Device.CUDA);
            assertClose(a.matmul(b.transpose(1, 2)).toFloatArray(),
                    ca.matmul(cb.transpose(1, 2)).to(Device.CPU).toFloatArray());
            assertArrayEquals(new long[] {2, 3, 5, 6}, ca.matmul(cb.transpose(1, 2)).shape());
            assertClose(a.matmul(v).toFloatArray(), ca.matmul(v.to(Device.CUDA)).to(Device.CPU).toFloatArray());
            Tensor w = Tensor.of(values(random, 4 * 7), 4, 7);          // one matrix for every batch
            assertClose(a.matmul(w).toFloatArray(), ca.matmul(w.to(Device.CUDA)).to(Device.CPU).toFloatArray());
        }
    }

    @Test
    void reductionsOverAnyDims() {
        Random random = new Random(4);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.of(values(random, 6 * 7 * 5), 6, 7, 5);
            Tensor cx = x.to(Device.CUDA);
            assertClose(x.sum().toFloatArray(), cx.sum().to(Device.CPU).toFloatArray());
            assertClose(x.mean(new int[] {-1}, false).toFloatArray(), cx.mean(new int[] {-1}, false).to(Device.CPU).toFloatArray());
            assertArrayEquals(x.max(new int[] {0, 1}, true).toFloatArray(),
                    cx.max(new int[] {0, 1}, true).to(Device.CPU).toFloatArray());
            assertArrayEquals(new long[] {1, 1, 5}, cx.max(new int[] {0, 1}, true).shape());
            assertClose(x.sum(new int[] {1}, false).toFloatArray(), cx.sum(new int[] {1}, false).to(Device.CPU).toFloatArray());
            assertClose(x.mean(new int[] {0, 2}, true).toFloatArray(),
                    cx.mean(new int[] {0, 2}, true).to(Device.CPU).toFloatArray());
        }
    }

    @Test
    void reluBackwardSoftmaxCopyAndItemMatchTheCpu() {
        Random random = new Random(5);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor g = Tensor.of(values(random, 4 * 6), 4, 6);
            Tensor gate = Tensor.of(values(random, 6), 6);
            assertArrayEquals(g.reluBackward(gate).toFloatArray(),
                    g.to(Device.CUDA).reluBackward(gate.to(Device.CUDA)).to(Device.CPU).toFloatArray(), "reluBackward, bit for bit");
            Tensor x = Tensor.of(values(random, 5 * 7), 5, 7);
            Tensor cx = x.to(Device.CUDA);
            assertClose(x.logSoftmax(1).toFloatArray(), cx.logSoftmax(1).to(Device.CPU).toFloatArray());
            assertClose(x.softmax(0).toFloatArray(), cx.softmax(0).to(Device.CPU).toFloatArray());
            Tensor copy = cx.copy();
            assertTrue(!copy.sharesStorageWith(cx) && copy.device() == Device.CUDA);
            assertArrayEquals(x.toFloatArray(), copy.to(Device.CPU).toFloatArray());
            assertEquals(x.sum().item(), cx.sum().item(), 1e-5);
        }
    }

    @Test
    void convolutionPoolingGatherAndScatterAddMatchTheCpu() {
        Random random = new Random(6);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.of(values(random, 2 * 3 * 7 * 6), 2, 3, 7, 6);
            Tensor w = Tensor.of(values(random, 5 * 3 * 3 * 2), 5, 3, 3, 2);
            Tensor cx = x.to(Device.CUDA);
            Tensor cw = w.to(Device.CUDA);
            ConvOptions o = new ConvOptions(new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, 1, new int[] {0, 0});
            Tensor y = Convolution.conv(x, w, o);
            assertClose(y.toFloatArray(), Convolution.conv(cx, cw, o).to(Device.CPU).toFloatArray());
            Tensor gy = Tensor.of(values(random, (int) y.numel()), y.shape());
            Tensor cgy = gy.to(Device.CUDA);
            assertClose(Convolution.convInputGrad(gy, w, x.shape(), o).toFloatArray(),
                    Convolution.convInputGrad(cgy, cw, x.shape(), o).to(Device.CPU).toFloatArray());
            assertClose(Convolution.convWeightGrad(x, gy, w.shape(), o).toFloatArray(),
                    Convolution.convWeightGrad(cx, cgy, w.shape(), o).to(Device.CPU).toFloatArray());

            int[] k = {3, 2};
            int[] s = {2, 2};
            int[] p = {1, 1};
            Tensor[] max = Pooling.maxPool(x, k, s, p);
            Tensor[] cmax = Pooling.maxPool(cx, k, s, p);
            assertArrayEquals(max[0].toFloatArray(), cmax[0].to(Device.CPU).toFloatArray(), "max pool values");
            assertArrayEquals(max[1].toLongArray(), cmax[1].to(Device.CPU).toLongArray(), "max pool indices");
            Tensor avg = Pooling.avgPool(x, k, s, p, false);
            assertArrayEquals(avg.toFloatArray(), Pooling.avgPool(cx, k, s, p, false).to(Device.CPU).toFloatArray(), "avg pool");
            Tensor gAvg = Tensor.of(values(random, (int) avg.numel()), avg.shape());
            assertArrayEquals(Pooling.avgPoolBackward(gAvg, x.shape(), k, s, p, false).toFloatArray(),
                    Pooling.avgPoolBackward(gAvg.to(Device.CUDA), x.shape(), k, s, p, false).to(Device.CPU).toFloatArray(),
                    "avg pool backward");

            Tensor flat = x.reshape(2, 3, -1);
            Tensor index = max[1].reshape(2, 3, -1);
            Tensor cindex = index.to(Device.CUDA);
            assertArrayEquals(flat.gather(2, index).toFloatArray(),
                    cx.reshape(2, 3, -1).gather(2, cindex).to(Device.CPU).toFloatArray(), "gather");
            Tensor src = Tensor.of(values(random, (int) index.numel()), index.shape());
            assertArrayEquals(flat.scatterAdd(2, index, src).toFloatArray(),
                    cx.reshape(2, 3, -1).scatterAdd(2, cindex, src.to(Device.CUDA)).to(Device.CPU).toFloatArray(), "scatterAdd");
        }
    }

    @Test
    void batchNormAndAssignMatchTheCpu() {
        Random random = new Random(7);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.of(values(random, 3 * 4 * 5), 3, 4, 5);
            Tensor gamma = Tensor.of(values(random, 4), 4);
            Tensor beta = Tensor.of(values(random, 4), 4);
            Tensor cx = x.to(Device.CUDA);
            FusedBatchNorm.Forward f = FusedBatchNorm.forward(x, gamma, beta, 1e-5, false);
            FusedBatchNorm.Forward cf = FusedBatchNorm.forward(cx, gamma.to(Device.CUDA), beta.to(Device.CUDA), 1e-5, false);
            assertClose(f.output().toFloatArray(), cf.output().to(Device.CPU).toFloatArray());
            assertClose(f.mean().toFloatArray(), cf.mean().to(Device.CPU).toFloatArray());
            assertClose(f.variance().toFloatArray(), cf.variance().to(Device.CPU).toFloatArray());
            assertClose(f.invStd().toFloatArray(), cf.invStd().to(Device.CPU).toFloatArray());
            Tensor dy = Tensor.of(values(random, 3 * 4 * 5), 3, 4, 5);
            FusedBatchNorm.Gradients g = FusedBatchNorm.backward(dy, null, x, f.mean(), f.invStd(), gamma, true, true, true);
            FusedBatchNorm.Gradients cg = FusedBatchNorm.backward(dy.to(Device.CUDA), null, cx, cf.mean(), cf.invStd(),
                    gamma.to(Device.CUDA), true, true, true);
            assertClose(g.input().toFloatArray(), cg.input().to(Device.CPU).toFloatArray());
            assertClose(g.weight().toFloatArray(), cg.weight().to(Device.CPU).toFloatArray());
            assertClose(g.bias().toFloatArray(), cg.bias().to(Device.CPU).toFloatArray());
            FusedBatchNorm.Forward r = FusedBatchNorm.forward(x, gamma, beta, 1e-5, true);
            FusedBatchNorm.Forward cr = FusedBatchNorm.forward(cx, gamma.to(Device.CUDA), beta.to(Device.CUDA), 1e-5, true);
            assertClose(r.output().toFloatArray(), cr.output().to(Device.CPU).toFloatArray());
            FusedBatchNorm.Gradients gr = FusedBatchNorm.backward(dy, r.output(), x, r.mean(), r.invStd(), gamma, true, true, true);
            FusedBatchNorm.Gradients cgr = FusedBatchNorm.backward(dy.to(Device.CUDA), cr.output(), cx, cr.mean(), cr.invStd(),
                    gamma.to(Device.CUDA), true, true, true);
            assertClose(gr.input().toFloatArray(), cgr.input().to(Device.CPU).toFloatArray());
            assertClose(gr.weight().toFloatArray(), cgr.weight().to(Device.CPU).toFloatArray());

            Tensor target = Tensor.zeros(DType.F32, 2, 4).to(Device.CUDA);
            target.assign(gamma.to(Device.CUDA));
            assertArrayEquals(Tensor.zeros(DType.F32, 2, 4).assign(gamma).toFloatArray(), target.to(Device.CPU).toFloatArray());
        }
    }

    @Test
    void fusedOptimiserUpdatesMatchTheCpuAndRefuseWhatHasNoKernel() {
        Random random = new Random(8);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor theta = Tensor.of(values(random, 300), 300);
            Tensor grad = Tensor.of(values(random, 300), 300);
            Tensor m = Tensor.zeros(DType.F32, 300);
            Tensor v = Tensor.zeros(DType.F32, 300);
            Tensor ctheta = theta.to(Device.CUDA);
            Tensor cm = m.to(Device.CUDA);
            Tensor cv = v.to(Device.CUDA);
            OptimizerStep.Adam adamW = new OptimizerStep.Adam(0.01, 0.9, 0.999, 1e-8, 0.05, true, 1);
            OptimizerUpdates.adam(theta, grad, m, v, adamW);
            OptimizerUpdates.adam(ctheta, grad.to(Device.CUDA), cm, cv, adamW);
            assertClose(theta.toFloatArray(), ctheta.to(Device.CPU).toFloatArray());
            assertClose(v.toFloatArray(), cv.to(Device.CPU).toFloatArray());
            OptimizerStep.Adam coupled = new OptimizerStep.Adam(0.01, 0.9, 0.999, 1e-8, 0.05, false, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OptimizerUpdates.adam(ctheta, grad.to(Device.CUDA), cm, cv, coupled));
            assertTrue(e.getMessage().startsWith("adam update on cuda: only decoupled weight decay"), e.getMessage());
            IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                    () -> OptimizerUpdates.sgd(ctheta, grad, null, new OptimizerStep.Sgd(0.1, 0, 0, 0, false, true)));
            assertTrue(mixed.getMessage().startsWith("sgd update: operands are on different devices (cuda and cpu)"),
                    mixed.getMessage());
        }
    }

    @Test
    void mixingDevicesNamesTheOpAndBothDevices() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor cpu = Tensor.of(new float[] {1, 2});
            Tensor cuda = cpu.to(Device.CUDA);
            IllegalArgumentException add = assertThrows(IllegalArgumentException.class, () -> cpu.add(cuda));
            assertTrue(add.getMessage().startsWith("add: operands are on different devices (cpu and cuda)"), add.getMessage());
            IllegalArgumentException matmul = assertThrows(IllegalArgumentException.class,
                    () -> cuda.reshape(1, 2).matmul(cpu.reshape(2, 1)));
            assertTrue(matmul.getMessage().startsWith("matmul: operands are on different devices (cuda and cpu)"),
                    matmul.getMessage());
            IllegalStateException cpuOnly = assertThrows(IllegalStateException.class, cuda::toFloatArray);
            assertTrue(cpuOnly.getMessage().contains("move it with .to(Device.CPU)"), cpuOnly.getMessage());
            IllegalArgumentException f64 = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.of(new double[] {1}).to(Device.CUDA).add(Tensor.of(new double[] {1}).to(Device.CUDA)));
            assertTrue(f64.getMessage().contains("only F32"), f64.getMessage());
        }
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 + 1e-5 * Math.abs(expected[i]), "element " + i);
        }
    }

    private static float[] values(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
