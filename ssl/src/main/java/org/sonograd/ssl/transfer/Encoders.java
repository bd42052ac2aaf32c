package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sonograd.nn.checkpoint.Safetensors;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.model.FrameEncoder;
import org.sonograd.ssl.run.RunFolder;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/** Where a transfer task's encoder comes from: {@code random} or a pretraining checkpoint. */
public final class Encoders {
    private static final String PREFIX = "model.encoder.";

    private Encoders() {}

    /**
     * A fresh encoder: {@code random} with seed {@code seed} and the architecture of {@code model},
     * or the encoder of a checkpoint ({@code .safetensors} file, or a run folder: its latest
     * checkpoint; the architecture is read from the run's {@code config.json}).
     */
    public static FrameEncoder load(String source, ExperimentConfig.ModelConfig model, long seed) throws IOException {
        if (source.equals("random")) {
            return new FrameEncoder(model.width(), model.groups(), new RandomStream(seed));
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
                java.util.List.of())).model();
        FrameEncoder encoder = new FrameEncoder(arch.width(), arch.groups(), new RandomStream(seed));
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
}
