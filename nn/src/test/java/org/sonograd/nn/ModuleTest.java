package org.sonograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.autograd.Autograd;
import org.sonograd.autograd.GradCheck;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.TinyNets.Net;
import org.sonograd.nn.checkpoint.Safetensors;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

class ModuleTest {
    @TempDir
    Path dir;

    private static Var input() {
        return Var.constant(new RandomStream(5).normal(DType.F64, 0, 1, 5, 3));
    }

    @Test
    void stateDictUsesDottedNamesInTorchOrder() {
        try (Net net = new Net(1)) {
            assertEquals(List.of("scale", "steps", "fc1.weight", "fc1.bias", "blocks.0.weight", "blocks.0.bias",
                    "blocks.1.weight", "blocks.1.bias"), List.copyOf(net.stateDict().keySet()));
            assertEquals(List.of("scale", "fc1.weight", "fc1.bias", "blocks.0.weight", "blocks.0.bias",
                    "blocks.1.weight", "blocks.1.bias"), List.copyOf(net.namedParameters().keySet()));
            assertEquals(List.of("steps"), List.copyOf(net.namedBuffers().keySet()));
            assertEquals(List.of("", "fc1", "blocks", "blocks.0", "blocks.1"), List.copyOf(net.namedModules().keySet()));
            assertEquals(1 + 12 + 4 + 16 + 4 + 8 + 2, net.parameterCount());
            assertArrayEquals(new long[] {2, 4}, net.stateDict().get("blocks.1.weight").shape());
        }
    }

    @Test
    void duplicateOrDottedNamesAreRejected() {
        Module m = new Module() {
            {
                addParameter("w", Tensor.zeros(DType.F32, 2));
                assertThrows(IllegalArgumentException.class, () -> addBuffer("w", Tensor.zeros(DType.F32, 2)));
                assertThrows(IllegalArgumentException.class, () -> addParameter("a.b", Tensor.zeros(DType.F32, 2)));
            }

            @Override
            public Var forward(Var input) {
                return input;
            }
        };
        m.close();
    }

    @Test
    void stateDictRoundTripsThroughSafetensorsAndReproducesTheOutput() throws Exception {
        try (Net a = new Net(1); Net b = new Net(2); MemoryScope scope = MemoryScope.open()) {
            a.steps.tensor().assign(Tensor.scalar(DType.I64, 17));
            Var x = input();
            assertFalse(java.util.Arrays.equals(a.forward(x).value().toDoubleArray(), b.forward(x).value().toDoubleArray()));
            Path file = dir.resolve("net.safetensors");
            Safetensors.write(file, a.stateDict(), Map.of("arch", "Net"));
            b.loadStateDict(Safetensors.read(file).tensors());
            assertArrayEquals(a.forward(x).value().toDoubleArray(), b.forward(x).value().toDoubleArray());
            assertEquals(17, b.steps.tensor().item());
        }
    }

    @Test
    void loadStateDictNamesMissingUnexpectedAndMismatchedKeys() {
        try (Net net = new Net(1); MemoryScope scope = MemoryScope.open()) {
            double[] before = net.fc1.weight.tensor().toDoubleArray();
            Map<String, Tensor> state = new LinkedHashMap<>(net.stateDict());
            state.remove("blocks.0.bias");
            state.put("fc2.weight", Tensor.zeros(DType.F64, 1));
            String message = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state)).getMessage();
            assertTrue(message.contains("missing keys [blocks.0.bias]") && message.contains("unexpected keys [fc2.weight]"),
                    message);

            Module.LoadResult partial = net.loadStateDict(state, false);
            assertEquals(List.of("blocks.0.bias"), partial.missingKeys());
            assertEquals(List.of("fc2.weight"), partial.unexpectedKeys());

            Map<String, Tensor> wrongShape = new LinkedHashMap<>(net.stateDict());
            wrongShape.put("fc1.weight", Tensor.zeros(DType.F64, 3, 4));
            wrongShape.put("fc1.bias", Tensor.zeros(DType.F64, 4)); // valid, but nothing may be copied
            message = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(wrongShape)).getMessage();
            assertTrue(message.contains("'fc1.weight'") && message.contains("[3,4]") && message.contains("[4,3]"), message);
            assertArrayEquals(before, net.fc1.weight.tensor().toDoubleArray());
            assertFalse(java.util.Arrays.stream(net.fc1.bias.tensor().toDoubleArray()).allMatch(v -> v == 0));
        }
    }

    @Test
    void trainEvalFreezeAndApplyWalkTheTree() {
        try (Net net = new Net(1); MemoryScope scope = MemoryScope.open()) {
            net.eval();
            assertTrue(net.namedModules().values().stream().noneMatch(Module::isTraining));
            net.train(true);
            assertTrue(net.namedModules().values().stream().allMatch(Module::isTraining));

            List<String> order = new ArrayList<>();
            Map<Module, String> names = new HashMap<>();
            net.namedModules().forEach((n, m) -> names.put(m, n));
            net.apply(m -> order.add(names.get(m)));
            assertEquals(List.of("fc1", "blocks.0", "blocks.1", "blocks", ""), order);

            net.fc1.freeze();
            net.forward(input()).sum().backward();
            assertNull(net.fc1.weight.grad());
            assertNotNull(net.blocks.namedParameters().get("0.weight").grad());
            net.zeroGrad();
            net.unfreeze();
            net.forward(input()).sum().backward();
            assertNotNull(net.fc1.weight.grad());
        }
    }

    @Test
    void parametersOutliveStepScopesAndCloseFreesThem() {
        Net net;
        try (MemoryScope step = MemoryScope.open()) {
            net = new Net(1); // built inside a step scope: parameters must still move to their own scope
        }
        assertFalse(net.fc1.weight.tensor().isReleased());
        try (MemoryScope step = MemoryScope.open()) {
            net.forward(input()).sum().backward();
        }
        assertTrue(net.fc1.weight.grad().value().isReleased(), "gradients are temporaries of the step");
        net.zeroGrad();
        net.close();
        assertTrue(net.fc1.weight.tensor().isReleased());
        assertTrue(net.steps.tensor().isReleased());
    }

    @Test
    void toConvertsFloatingStateAndKeepsIntegerBuffers() {
        try (Net net = new Net(1); MemoryScope scope = MemoryScope.open()) {
            double[] weights = net.fc1.weight.tensor().toDoubleArray();
            net.to(DType.F32);
            assertEquals(DType.F32, net.fc1.weight.tensor().dtype());
            assertEquals(DType.I64, net.steps.tensor().dtype());
            float[] converted = net.fc1.weight.tensor().toFloatArray();
            for (int i = 0; i < weights.length; i++) {
                assertEquals((float) weights[i], converted[i]);
            }
            assertEquals(DType.F32, net.forward(Var.constant(Tensor.ones(DType.F32, 2, 3))).dtype());
        }
    }

    @Test
    void functionalCallWithOwnParametersEqualsForward() {
        try (Net net = new Net(1); MemoryScope scope = MemoryScope.open()) {
            Map<String, Var> same = new LinkedHashMap<>();
            net.namedParameters().forEach((n, p) -> same.put(n, p.leaf()));
            Var x = input();
            assertArrayEquals(net.forward(x).value().toDoubleArray(), net.call(same, x).value().toDoubleArray());
            assertArrayEquals(net.forward(x).value().toDoubleArray(), net.call(Map.of(), x).value().toDoubleArray());
        }
    }

    @Test
    void functionalCallWithSubstitutesEqualsAModuleHoldingThoseValuesAndLeavesItsOwnUntouched() {
        try (Net net = new Net(1); Net other = new Net(2); MemoryScope scope = MemoryScope.open()) {
            double[] own = net.fc1.weight.tensor().toDoubleArray();
            Map<String, Var> substitutes = new LinkedHashMap<>();
            other.namedParameters().forEach((n, p) -> {
                if (n.startsWith("blocks.")) {
                    substitutes.put(n, Var.constant(p.tensor()));
                }
            });
            Var x = input();
            Var substituted = net.call(substitutes, x);

            // Independent reference: a copy of net whose blocks hold other's values.
            try (Net reference = new Net(3)) {
                reference.loadStateDict(net.stateDict());
                other.namedParameters().forEach((n, p) -> {
                    if (n.startsWith("blocks.")) {
                        reference.namedParameters().get(n).tensor().assign(p.tensor());
                    }
                });
                assertArrayEquals(reference.forward(x).value().toDoubleArray(), substituted.value().toDoubleArray());
            }
            assertFalse(java.util.Arrays.equals(net.forward(x).value().toDoubleArray(), substituted.value().toDoubleArray()));
            assertArrayEquals(own, net.fc1.weight.tensor().toDoubleArray());
            assertEquals(net.fc1.weight.leaf(), net.fc1.weight.var(), "substitution ends with the call");
        }
    }

    @Test
    void functionalCallChecksNamesShapesAndRestoresAfterAnException() {
        try (Net net = new Net(1); MemoryScope scope = MemoryScope.open()) {
            Var x = input();
            String message = assertThrows(IllegalArgumentException.class,
                    () -> net.call(Map.of("fc9.weight", Var.constant(Tensor.zeros(DType.F64, 4, 3))), x)).getMessage();
            assertTrue(message.contains("fc9.weight"), message);
            message = assertThrows(IllegalArgumentException.class,
                    () -> net.call(Map.of("fc1.weight", Var.constant(Tensor.zeros(DType.F64, 3, 4))), x)).getMessage();
            assertTrue(message.contains("fc1.weight") && message.contains("[3,4]") && message.contains("[4,3]"), message);
            Var zero = Var.constant(Tensor.zeros(DType.F64, 4, 3));
            assertThrows(IllegalStateException.class, () -> net.withParameters(Map.of("fc1.weight", zero), () -> {
                assertEquals(zero, net.fc1.weight.var());
                throw new IllegalStateException("boom");
            }));
            assertEquals(net.fc1.weight.leaf(), net.fc1.weight.var());
        }
    }

    @Test
    void gradientFlowsIntoSubstitutedVarsAndNotIntoTheModule() {
        try (Net net = new Net(1); MemoryScope scope = MemoryScope.open()) {
            Var w = Var.parameter(net.fc1.weight.tensor().copy());
            net.call(Map.of("fc1.weight", w), input()).sum().backward();
            assertNotNull(w.grad());
            assertNull(net.fc1.weight.grad());
            // Same values, so the gradient equals the module's own gradient.
            net.forward(input()).sum().backward();
            assertArrayEquals(net.fc1.weight.grad().value().toDoubleArray(), w.grad().value().toDoubleArray(), 1e-12);
        }
    }

    /**
     * The look-ahead composite of Meta-USCL on a small net: θ' = θ − lr·∇θ L_train(θ), L_meta(θ') via
     * the functional call. Its derivative in θ involves the Hessian of L_train; gradcheck compares the
     * analytical derivative (second-order autograd through {@code call}) with central differences.
     */
    @Test
    void secondOrderLookaheadThroughFunctionalCallMatchesFiniteDifferences() {
        try (Net net = new Net(1); MemoryScope scope = MemoryScope.open()) {
            Var xTrain = input();
            Var xMeta = Var.constant(new RandomStream(9).normal(DType.F64, 0, 1, 4, 3));
            List<String> names = List.copyOf(net.namedParameters().keySet());
            List<Tensor> theta = names.stream().map(n -> net.namedParameters().get(n).tensor().copy()).toList();
            double lr = 0.3;
            GradCheck.Result result = GradCheck.gradcheck(vars -> {
                Map<String, Var> params = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    params.put(names.get(i), vars.get(i));
                }
                Var trainLoss = net.call(params, xTrain).pow(2).sum();
                List<Var> grads = Autograd.grad(trainLoss, vars, true);
                Map<String, Var> stepped = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    stepped.put(names.get(i), vars.get(i).sub(grads.get(i).mul(lr)));
                }
                return net.call(stepped, xMeta).tanh().sum();
            }, theta);
            assertTrue(result.passed(), result.worst());
        }
    }
}
