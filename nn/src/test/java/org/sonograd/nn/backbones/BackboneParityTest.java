package org.sonograd.nn.backbones;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Fixtures;
import org.sonograd.nn.Module;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Whole-network parity with PyTorch 1.13 (tests/fixtures/gen_backbone_fixtures.py, torchvision's
 * architectures at reduced width): the PyTorch state dict loads by name; eval logits, train logits,
 * the gradients of sum(logits·C) and the updated running statistics agree to 1e-3 in F32 (the issue's
 * bound; summation orders differ) and to 1e-9 in F64.
 */
class BackboneParityTest {
    @Test
    void resnet18MatchesPyTorch() {
        check("backbones/resnet18_w8.safetensors", () -> ResNet.resnet18(10, 8, new RandomStream(1)));
    }

    @Test
    void r3d18MatchesPyTorch() {
        check("backbones/r3d18_w4.safetensors", () -> VideoResNet.r3d18(10, 4, new RandomStream(1)));
    }

    @Test
    void r2plus1d18MatchesPyTorch() {
        check("backbones/r2plus1d18_w4.safetensors", () -> VideoResNet.r2plus1d18(10, 4, new RandomStream(1)));
    }

    private static void check(String resource, Supplier<Module> make) {
        try (MemoryScope scope = MemoryScope.open()) {
            Map<String, Tensor> all = Fixtures.read(resource);
            Map<String, Tensor> state = new LinkedHashMap<>();
            all.forEach((k, v) -> {
                if (!k.startsWith("fixture.")) {
                    state.put(k, v);
                }
            });
            for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                double tolerance = dtype == DType.F32 ? 1e-3 : 1e-9;
                String tag = "fixture." + dtype + ".";
                try (Module model = make.get()) {
                    model.loadStateDict(state);
                    model.to(dtype);
                    Tensor input = all.get("fixture.input").to(dtype);

                    model.eval();
                    Fixtures.assertClose(all.get(tag + "logits_eval"), model.forward(Var.constant(input)).value(), tolerance,
                            resource + " " + dtype + " eval logits");

                    model.train(true);
                    Var x = Var.parameter(input);
                    Var logits = model.forward(x);
                    Fixtures.assertClose(all.get(tag + "logits_train"), logits.value(), tolerance,
                            resource + " " + dtype + " train logits");
                    logits.mul(Var.constant(all.get("fixture.cotangent").to(dtype))).sum().backward();
                    Map<String, Tensor> grads = Fixtures.withPrefix(all, tag + "grad.");
                    Fixtures.assertClose(grads.remove("input"), x.grad().value(), tolerance, resource + " " + dtype + " input grad");
                    grads.forEach((name, expected) -> Fixtures.assertClose(expected,
                            model.namedParameters().get(name).grad().value(), tolerance, resource + " " + dtype + " grad " + name));
                    Fixtures.withPrefix(all, tag + "after.").forEach((name, expected) -> Fixtures.assertClose(expected,
                            model.stateDict().get(name), tolerance, resource + " " + dtype + " " + name + " after the train step"));
                    model.zeroGrad();
                }
            }
        }
    }
}
