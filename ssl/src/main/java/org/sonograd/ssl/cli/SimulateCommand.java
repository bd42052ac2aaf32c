package org.sonograd.ssl.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.io.sim.ClipWriter;
import org.sonograd.io.sim.SceneKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sonograd simulate}: writes simulated ultrasound clips as mp4, png masks, wav narration and labels. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Write simulated ultrasound clips (mp4, png masks, wav narration, csv/json labels).")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--scene", required = true, description = "fetal, lung, breast or echo")
    private String scene;

    @Option(names = "--videos", defaultValue = "4", description = "number of clips (default ${DEFAULT-VALUE})")
    private int videos;

    @Option(names = "--out", required = true, description = "output folder")
    private Path out;

    @Option(names = "--seed", defaultValue = "1", description = "dataset seed (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--frames", defaultValue = "64", description = "frames per clip (default ${DEFAULT-VALUE})")
    private int frames;

    @Option(names = "--size", defaultValue = "128", description = "frame height and width (default ${DEFAULT-VALUE})")
    private int size;

    @Option(names = "--fps", defaultValue = "15", description = "frames per second (default ${DEFAULT-VALUE})")
    private double fps;

    @Option(names = "--no-audio", description = "skip the narration wav files (fetal)")
    private boolean noAudio;

    @Override
    public Integer call() {
        SceneKind kind = SceneKind.parse(scene);
        long start = System.nanoTime();
        List<String> stems = ClipWriter.write(out, kind, seed, videos, new ClipSpec(frames, size, size, fps), !noAudio);
        System.out.printf("wrote %d %s clips of %d frames %dx%d to %s in %.1f s%n", stems.size(),
                kind.name().toLowerCase(), frames, size, size, out, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
