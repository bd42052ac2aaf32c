package org.sonograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.cuda.launch.EmulatedKernelLibrary;
import org.sonograd.kernels.cuda.launch.EmulatedLauncher;
import org.sonograd.nn.functional.LossFunctions;
import org.sonograd.nn.layers.Activation;
import org.sonograd.nn.layers.AvgPool;
import org.sonograd.nn.layers.BatchNorm;
import org.sonograd.nn.layers.Conv;
import org.sonograd.nn.layers.Dropout;
import org.sonograd.nn.layers.Embedding;
import org.sonograd.nn.layers.LayerNorm;
import org.sonograd.nn.layers.Linear;
import org.sonograd.nn.layers.MaxPool;
import org.sonograd.nn.layers.Sequential;
import org.sonograd.nn.optim.AdamW;
import org.sonograd.nn.optim.Optimizer;
import org.sonograd.nn.optim.ParamGroup;
import org.sonograd.nn.optim.Sgd;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.CudaBackend;
import org.sonograd.tensor.Device;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * An MLP classifier (8 → 16 → ReLU → 3, batch 16) trained on the emulated CUDA device through the
 * ordinary nn/autograd API against the same training on the CPU: gradients of one backward (and of
 * variants with layer norm, tanh and GELU, and with an embedding and dropout), and
 * the losses and final parameters of 10 SGD (momentum) and 10 AdamW steps on one fixed batch (so
 * the CPU reference's loss must fall), and of a tiny CNN (conv2d with bias, batch norm with its
 * running statistics, ReLU, max and average pooling, global mean, linear). The two devices compute
 * with different summation orders (tiled GEMM, block reductions, the CUDA softmax) and the host's
 * libm inside the emulated kernels, so they agree to float rounding, not bit for bit: the tolerance
 * is 1e-5 relative to the largest magnitude of the compared tensor.
 */
class CudaTrainingTest {
    private static final int BATCH = 16;
    private static final int FEATURES = 8;
    private static final int CLASSES = 3;
    private static final int STEPS = 10;
    private static final double TOLERANCE = 1e-5;

    @BeforeAll
    static void emulatedDevice() {
        Assumptions.assumeTrue(EmulatedKernelLibrary.onPath("g++"), "g++ is not on PATH: the emulated CUDA device needs it");
        // the kernels module's tests build the same library there; reused when the sources match
        CudaBackend.install(EmulatedLauncher.open(Path.of("../kernels/target/cuda-emu/kernels")));
    }

    @Test
    void oneBackwardGivesTheCpuGradients() {
        gradientsMatchTheCpu(CudaTrainingTest::mlp);
    }

    @Test
    void layerNormTanhAndGeluGiveTheCpuGradients() {
        gradientsMatchTheCpu(() -> {
            RandomStream random = new RandomStream(9);
            return new Sequential(new Linear(FEATURES, 16, true, random), new LayerNorm(16, 1e-5), Activation.tanh(),
                    new Linear(16, 16, true, random), Activation.gelu(), new Linear(16, CLASSES, true, random));
        });
    }

    @Test
    void embeddingAndDropoutGiveTheCpuGradients() {
        long[] tokens = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            tokens[i] = (i * 5 + 2) % 10;  // repeated ids: the embedding backward sums their rows
        }
        gradientsMatchTheCpu(() -> {
            RandomStream random = new RandomStream(13);
            return new Sequential(new Embedding(10, FEATURES, random), new Dropout(0.25, new RandomStream(17)),
                    new Linear(FEATURES, CLASSES, true, random));
        }, Tensor.ofLongs(tokens, BATCH));
    }

    /** The cross-entropy gradients of every parameter of {@code model} on one batch, CUDA against CPU. */
    private static void gradientsMatchTheCpu(Supplier<Module> model) {
        gradientsMatchTheCpu(model, new RandomStream(7).normal(DType.F32, 0, 1, BATCH, FEATURES));
    }

    /** The same on the batch x. */
    private static void gradientsMatchTheCpu(Supplier<Module> model, Tensor x) {
        try (MemoryScope scope = MemoryScope.open(); Module cpu = model.get(); Module cuda = model.get().to(Device.CUDA)) {
            Tensor y = labels();
            loss(cpu, x, y).backward();
            Var cudaLoss = loss(cuda, x.to(Device.CUDA), y);
            assertEquals(Device.CUDA, cudaLoss.value().device());
            cudaLoss.backward();
            for (Map.Entry<String, Parameter> e : cpu.namedParameters().entrySet()) {
                Parameter onDevice = cuda.namedParameters().get(e.getKey());
                assertEquals(Device.CUDA, onDevice.grad().value().device(), e.getKey() + ".grad device");
                assertClose(e.getKey() + ".grad", e.getValue().grad().value().toFloatArray(),
                        onDevice.grad().value().to(Device.CPU).toFloatArray());
            }
        }
    }

    @Test
    void sgdWithMomentumTrainsLikeOnTheCpu() {
        trainsLikeOnTheCpu(m -> new Sgd(List.of(ParamGroup.of(m.namedParameters(), 1e-3)), 0.1, 0.9, 0, false));
    }

    @Test
    void adamWTrainsLikeOnTheCpu() {
        trainsLikeOnTheCpu(m -> new AdamW(List.of(ParamGroup.of(m.namedParameters(), 0.01)), 0.01, 0.9, 0.999, 1e-8));
    }

    @Test
    void aTinyCnnTrainsLikeOnTheCpu() {
        Function<Module, Optimizer> sgd = m -> new Sgd(List.of(ParamGroup.of(m.namedParameters(), 0)), 0.1, 0.9, 0, false);
        Tensor x = new RandomStream(11).normal(DType.F32, 0, 1, BATCH, 1, 6, 6);
        trainsLikeOnTheCpu(CudaTrainingTest::cnn, sgd, x, 5);
    }

    @Test
    void mixingDevicesNamesTheOpAndBothDevices() {
        try (MemoryScope scope = MemoryScope.open(); Module cuda = mlp().to(Device.CUDA)) {
            Tensor x = new RandomStream(7).normal(DType.F32, 0, 1, BATCH, FEATURES);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cuda.forward(Var.constant(x)));
            assertTrue(e.getMessage().startsWith("matmul: operands are on different devices (cpu and cuda)"), e.getMessage());
        }
    }

    @Test
    void anOptimiserWithStateOnTheOldDeviceFailsUntilItIsMoved() {
        try (MemoryScope scope = MemoryScope.open(); Module model = mlp()) {
            Tensor x = new RandomStream(7).normal(DType.F32, 0, 1, BATCH, FEATURES);
            Tensor y = labels();
            try (Optimizer sgd = new Sgd(List.of(ParamGroup.of(model.namedParameters(), 0)), 0.1, 0.9, 0, false)) {
                loss(model, x, y).backward();
                sgd.step();  // creates the momentum buffers on the CPU
                model.to(Device.CUDA);
                loss(model, x.to(Device.CUDA), y).backward();
                IllegalStateException e = assertThrows(IllegalStateException.class, sgd::step);
                assertTrue(e.getMessage().contains("is on cuda but its state 'momentum_buffer' is on cpu"), e.getMessage());
                sgd.to(Device.CUDA).step();
                assertEquals(Device.CUDA, sgd.stateDict().get("state.0.weight.momentum_buffer").device());
            }
        }
    }

    /** STEPS steps of the MLP on each device from the same initial parameters and batch. */
    private static void trainsLikeOnTheCpu(Function<Module, Optimizer> optimizer) {
        trainsLikeOnTheCpu(CudaTrainingTest::mlp, optimizer, new RandomStream(100).normal(DType.F32, 0, 1, BATCH, FEATURES), STEPS);
    }

    /** {@code steps} steps of {@code model} on each device from the same initial parameters and batch x. */
    private static void trainsLikeOnTheCpu(Supplier<Module> model, Function<Module, Optimizer> optimizer, Tensor x, int steps) {
        try (MemoryScope scope = MemoryScope.open(); Module cpu = model.get(); Module cuda = model.get().to(Device.CUDA);
             Optimizer cpuOpt = optimizer.apply(cpu); Optimizer cudaOpt = optimizer.apply(cuda)) {
            List<Double> cpuLosses = new ArrayList<>();
            List<Double> cudaLosses = new ArrayList<>();
            Tensor y = labels();
            Tensor xOnDevice = x.to(Device.CUDA);
            for (int step = 0; step < steps; step++) {
                try (MemoryScope stepScope = MemoryScope.open()) {
                    cpuLosses.add(trainStep(cpu, cpuOpt, x, y));
                    cudaLosses.add(trainStep(cuda, cudaOpt, xOnDevice, y));
                }
            }
            for (int step = 0; step < steps; step++) {
                assertEquals(cpuLosses.get(step), cudaLosses.get(step), TOLERANCE * Math.abs(cpuLosses.get(step)),
                        "loss of step " + step);
            }
            assertTrue(cpuLosses.get(steps - 1) < cpuLosses.get(0), "the reference run learns: " + cpuLosses);
            for (Map.Entry<String, Parameter> e : cpu.namedParameters().entrySet()) {
                Tensor onDevice = cuda.namedParameters().get(e.getKey()).tensor();
                assertEquals(Device.CUDA, onDevice.device());
                assertClose(e.getKey(), e.getValue().tensor().toFloatArray(), onDevice.to(Device.CPU).toFloatArray());
            }
            for (Map.Entry<String, Buffer> e : cpu.namedBuffers().entrySet()) {
                Tensor onDevice = cuda.namedBuffers().get(e.getKey()).tensor();
                assertEquals(e.getValue().tensor().dtype().isFloatingPoint() ? Device.CUDA : Device.CPU, onDevice.device(),
                        e.getKey() + ": floating-point buffers move, counters stay on the CPU");
                assertClose(e.getKey(), e.getValue().tensor().toFloatArray(), onDevice.to(Device.CPU).toFloatArray());
            }
        }
    }

    private static double trainStep(Module model, Optimizer optimizer, Tensor x, Tensor y) {
        optimizer.zeroGrad();
        Var loss = loss(model, x, y);
        loss.backward();
        optimizer.step();
        return loss.item();
    }

    private static Var loss(Module model, Tensor x, Tensor y) {
        return LossFunctions.crossEntropy(model.forward(Var.constant(x)), y);
    }

    /** The same initial parameters on every call (seeded). */
    private static Module mlp() {
        RandomStream random = new RandomStream(3);
        return new Sequential(new Linear(FEATURES, 16, true, random), Activation.relu(), new Linear(16, CLASSES, true, random));
    }

    /**
     * conv 3×3 (1 → 4, padding 1) → batch norm → ReLU → max pool 2×2 → average pool 3×3 (stride 1, padding 1) →
     * mean over H, W → linear 4 → 3; the same parameters on every call.
     */
    private static Module cnn() {
        RandomStream random = new RandomStream(5);
        return new Sequential(new Conv(1, 4, new int[] {3, 3}, ConvOptions.of(2, 1, 1, 1, 1), true, random), new BatchNorm(4),
                Activation.relu(),
                new MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}),
                new AvgPool(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}),
                new Activation("globalMean", v -> v.mean(new int[] {2, 3}, false)), new Linear(4, CLASSES, true, random));
    }

    private static Tensor labels() {
        long[] y = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            y[i] = (i * 7 + 1) % CLASSES;
        }
        return Tensor.ofLongs(y, BATCH);
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE * Math.max(scale, 1e-6), what + " element " + i);
        }
    }
}
