package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.nn.checkpoint.Safetensors;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.model.Cnn3dEncoder;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.ssl.model.FrameEncoder;
import org.sonograd.ssl.model.ResNetEncoder;
import org.sonograd.ssl.model.VitEncoder;
import org.sonograd.ssl.run.RunFolder;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/** Where a transfer task's encoder comes from: {@code random} or a pretraining checkpoint. */
public final class Encoders {
    /** The architectures {@link #create} builds ({@code model.arch}). */
    public static final List<String> ARCHITECTURES = List.of("frame-cnn", "resnet18", "vit-micro", "vit-tiny", "vit-small",
            "vit-base", "cnn3d");

    private static final String PREFIX = "model.encoder.";

    private Encoders() {}

    /** A freshly initialised encoder of architecture {@code model.arch()}, keyed by {@code seed}. */
    public static Encoder create(ExperimentConfig.ModelConfig model, long seed) {
        return switch (model.arch()) {
            case "frame-cnn" -> new FrameEncoder(model.width(), model.groups(), new RandomStream(seed));
            case "resnet18" -> new ResNetEncoder(model.width(), new RandomStream(seed));
            case "cnn3d" -> new Cnn3dEncoder(model.width(), model.groups(), new RandomStream(seed));
            case "vit-micro", "vit-tiny", "vit-small", "vit-base" -> new VitEncoder(VitEncoder.size(model.arch()),
                    model.vit().inputSize(), model.vit().patch(), model.vit().tubelet(), model.vit().clipFrames(),
                    new RandomStream(seed));
            default -> throw new IllegalArgumentException("model.arch '" + model.arch() + "': choose one of " + ARCHITECTURES);
        };
    }

    /**
     * A fresh encoder: {@code random} with seed {@code seed} and the architecture of {@code model},
     * or the encoder of a checkpoint ({@code .safetensors} file, or a run folder: its latest
     * checkpoint; the architecture is read from the run's {@code config.json}).
     */
    public static Encoder load(String source, ExperimentConfig.ModelConfig model, long seed) throws IOException {
        if (source.equals("random")) {
            return create(model, seed);
        }
        Path file = Path.of(source);
        Path runRoot;
        if (Files.isDirectory(file)) {
            runRoot = file;
            file = new RunFolder(file).latestCheckpoint().orElseThrow(() -> new IllegalArgumentException(
                    "encoder " + source + ": the run folder has no checkpoint"));
        } else {
            runRoot = file.toAbsolutePath().getParent().getParent();
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("encoder '" + source + "': neither 'random', a checkpoint file nor a run folder");
        }
        ExperimentConfig.ModelConfig arch = ConfigTree.bind(ConfigTree.resolve(new RunFolder(runRoot).config(),
                List.of())).model();
        Encoder encoder = create(arch, seed);
        try (MemoryScope scope = MemoryScope.open()) {
            Map<String, Tensor> state = new LinkedHashMap<>();
            Safetensors.read(file).tensors().forEach((k, v) -> {
                if (k.startsWith(PREFIX)) {
                    state.put(k.substring(PREFIX.length()), v);
                }
            });
            if (state.isEmpty()) {
                throw new IllegalArgumentException(file + ": no tensor named " + PREFIX + "* (not a pretraining checkpoint?)");
            }
            encoder.loadStateDict(state);
        }
        return encoder;
    }

    /**
     * The side of the frames the encoder of {@code source} was pretrained on (its run's
     * {@code data.inputSize()}), or {@code fallback} for {@code random}.
     */
    public static int inputSize(String source, int fallback) throws IOException {
        if (source.equals("random")) {
            return fallback;
        }
        Path file = Path.of(source);
        Path runRoot = Files.isDirectory(file) ? file : file.toAbsolutePath().getParent().getParent();
        return ConfigTree.bind(ConfigTree.resolve(new RunFolder(runRoot).config(), List.of())).data().inputSize();
    }
}
