package org.sonograd.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.sonograd.autograd.Autograd;
import org.sonograd.autograd.Var;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/**
 * Forward and gradients of every conv, pooling and resampling fixture against PyTorch 1.13, in F32:
 * max |ours − torch| / max |torch| ≤ 1e-4 for the output and for the gradient of every input.
 */
class TorchParityTest {
    private static final double TOLERANCE = 1e-4;

    @TestFactory
    Stream<DynamicTest> conv() throws IOException {
        return family("conv", (op, f) -> {
            ConvOptions o = new ConvOptions(TorchFixtures.ints(f, "stride"), TorchFixtures.ints(f, "padding"),
                    TorchFixtures.ints(f, "dilation"), TorchFixtures.ints(f, "groups")[0],
                    f.containsKey("opt_output_padding") ? TorchFixtures.ints(f, "output_padding")
                            : new int[TorchFixtures.ints(f, "stride").length]);
            return v -> {
                Var x = v.get("x");
                Var w = v.get("w");
                Var b = v.get("b");
                int dims = x.rank() - 2;
                boolean transposed = op.startsWith("conv_transpose");
                return switch (dims) {
                    case 1 -> transposed ? ConvFunctions.convTranspose1d(x, w, b, o) : ConvFunctions.conv1d(x, w, b, o);
                    case 2 -> transposed ? ConvFunctions.convTranspose2d(x, w, b, o) : ConvFunctions.conv2d(x, w, b, o);
                    default -> transposed ? ConvFunctions.convTranspose3d(x, w, b, o) : ConvFunctions.conv3d(x, w, b, o);
                };
            };
        });
    }

    @TestFactory
    Stream<DynamicTest> pool() throws IOException {
        return family("pool", (op, f) -> {
            return v -> {
                Var x = v.get("x");
                if (op.startsWith("adaptive")) {
                    int[] size = TorchFixtures.ints(f, "size");
                    return size.length == 2 ? PoolFunctions.adaptiveAvgPool2d(x, size) : PoolFunctions.adaptiveAvgPool3d(x, size);
                }
                int[] k = TorchFixtures.ints(f, "kernel");
                int[] s = TorchFixtures.ints(f, "stride");
                int[] p = TorchFixtures.ints(f, "padding");
                return switch (op) {
                    case "max_pool2d" -> PoolFunctions.maxPool2d(x, k, s, p);
                    case "max_pool3d" -> PoolFunctions.maxPool3d(x, k, s, p);
                    case "avg_pool2d" -> PoolFunctions.avgPool2d(x, k, s, p);
                    case "avg_pool3d" -> PoolFunctions.avgPool3d(x, k, s, p);
                    default -> throw new IllegalArgumentException("unknown pool fixture " + op);
                };
            };
        });
    }

    @TestFactory
    Stream<DynamicTest> resample() throws IOException {
        return family("resample", (op, f) -> {
            int[] size = TorchFixtures.ints(f, "size");
            boolean align = f.containsKey("opt_align_corners") && TorchFixtures.ints(f, "align_corners")[0] == 1;
            return v -> {
                Var x = v.get("x");
                if (op.startsWith("affine_grid_sample")) {
                    long[] grid = {size[0], size[1], size[2], size[3]};
                    return ResampleFunctions.gridSample(x, ResampleFunctions.affineGrid(v.get("theta"), grid, align), align);
                }
                String mode = op.startsWith("nearest") ? "nearest" : op.startsWith("bilinear") ? "bilinear" : "trilinear";
                return ResampleFunctions.interpolate(x, size, mode, align);
            };
        });
    }

    /** Builds the function under test from the fixture's name (the op) and its tensors (options). */
    private interface CaseFactory {
        Function<Map<String, Var>, Var> build(String name, Map<String, Tensor> fixture);
    }

    private static Stream<DynamicTest> family(String family, CaseFactory factory) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(TorchFixtures.family(family))) {
            files = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no fixtures in " + family);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            try (MemoryScope scope = MemoryScope.open()) {
                Map<String, Tensor> tensors = TorchFixtures.load(file);
                String name = file.getFileName().toString().replace(".safetensors", "");
                Function<Map<String, Var>, Var> f = factory.build(name, tensors);
                Map<String, Var> vars = new java.util.LinkedHashMap<>();
                List<String> differentiable = new ArrayList<>();
                for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                    String key = e.getKey();
                    if (key.equals("y") || key.equals("gy") || key.startsWith("g_") || key.startsWith("opt_")) {
                        continue;
                    }
                    vars.put(key, Var.parameter(e.getValue()));
                    differentiable.add(key);
                }
                Var out = f.apply(vars);
                assertClose(name + " output", tensors.get("y"), out.value());
                List<Var> inputs = differentiable.stream().map(vars::get).toList();
                List<Var> grads = Autograd.grad(List.of(out), List.of(Var.constant(tensors.get("gy"))), inputs, false, false);
                for (int i = 0; i < inputs.size(); i++) {
                    Tensor expected = tensors.get("g_" + differentiable.get(i));
                    assertClose(name + " gradient of " + differentiable.get(i), expected, grads.get(i).value());
                }
            }
        }));
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            worst = Math.max(worst, Math.abs(e[i] - a[i]));
        }
        assertTrue(worst <= TOLERANCE * scale, what + ": max abs error " + worst + " over max abs value " + scale
                + " = " + worst / scale + " > " + TOLERANCE);
    }
}
