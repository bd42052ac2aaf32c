package org.sonograd.nn.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Fixtures;
import org.sonograd.nn.Module;
import org.sonograd.nn.checkpoint.Safetensors;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * A tiny video ViT (full and tube-masked) and the DINO head against PyTorch 1.13, and the
 * R(2+1)D-18 state-dict names and shapes against torchvision's (tests/fixtures/gen_vit_fixtures.py).
 */
class TransformerParityTest {
    private static final String FILE = "backbones/vit_dino.safetensors";
    private static final double TOL = 1e-4;

    private static void check(Map<String, Tensor> all, String prefix, Module module, Var output, Var input) {
        Fixtures.assertClose(all.get(prefix + "output"), output.value(), TOL, prefix + "output");
        output.mul(Var.constant(all.get(prefix + "cotangent"))).sum().backward();
        Map<String, Tensor> grads = Fixtures.withPrefix(all, prefix + "grad.");
        Fixtures.assertClose(grads.remove("input"), input.grad().value(), TOL, prefix + "input grad");
        grads.forEach((name, expected) -> Fixtures.assertClose(expected, module.namedParameters().get(name).grad().value(),
                TOL, prefix + "grad " + name));
        module.zeroGrad();
    }

    @Test
    void videoVisionTransformerMatchesPyTorchWithAndWithoutTubeMasking() {
        try (VisionTransformer vit = new VisionTransformer(new VisionTransformer.Size(16, 2, 2), 3, new long[] {4, 8, 8},
                new int[] {2, 4, 4}, VisionTransformer.Positions.LEARNED, new RandomStream(1));
             MemoryScope scope = MemoryScope.open()) {
            Map<String, Tensor> all = Fixtures.read(FILE);
            vit.loadStateDict(Fixtures.withPrefix(all, "vit.state."));
            Var x = Var.parameter(all.get("vit.input"));
            check(all, "vit.full.", vit, vit.forward(x), x);
            x.zeroGrad();
            check(all, "vit.masked.", vit, vit.forward(x, all.get("vit.masked.keep")), x);
        }
    }

    @Test
    void dinoHeadMatchesPyTorch() {
        try (DinoHead head = new DinoHead(16, 10, 32, 8, new RandomStream(1)); MemoryScope scope = MemoryScope.open()) {
            Map<String, Tensor> all = Fixtures.read(FILE);
            head.loadStateDict(Fixtures.withPrefix(all, "dino.state."));
            Var h = Var.parameter(all.get("dino.input"));
            check(all, "dino.", head, head.forward(h), h);
        }
    }

    @Test
    void r2plus1d18HasTorchvisionNamesAndShapes() throws Exception {
        String expected;
        try (MemoryScope scope = MemoryScope.open()) {
            expected = Safetensors.read(Path.of(getClass().getResource("/fixtures/" + FILE).toURI())).metadata()
                    .get("r2plus1d18_w4_state");
        }
        try (VideoResNet model = VideoResNet.r2plus1d18(10, 4, new RandomStream(1))) {
            List<String> lines = new ArrayList<>();
            model.stateDict().forEach((name, t) -> {
                StringBuilder shape = new StringBuilder();
                for (long d : t.shape()) {
                    shape.append(shape.isEmpty() ? "" : "x").append(d);
                }
                lines.add(name + ":" + shape);
            });
            assertEquals(expected, String.join("\n", lines));
        }
    }
}
