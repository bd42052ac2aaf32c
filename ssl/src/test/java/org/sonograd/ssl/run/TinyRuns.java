package org.sonograd.ssl.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sonograd.ssl.config.ConfigTree;

/** Small, fast configurations for runner tests: 4 clips of 16 frames at 16×16, a width-4 encoder. */
final class TinyRuns {
    private TinyRuns() {}

    static List<String> settings(String name, long steps, long checkpointEvery) {
        return new ArrayList<>(List.of("name=" + name, "data.clips=4", "data.frames=16", "data.size=16", "model.width=4",
                "model.groups=2", "model.hidden=16", "train.batch=2", "train.steps=" + steps, "train.warmupSteps=1",
                "train.checkpointEvery=" + checkpointEvery));
    }

    static ObjectNode tree(String name, long steps, long checkpointEvery, String... extra) throws IOException {
        List<String> s = settings(name, steps, checkpointEvery);
        s.addAll(List.of(extra));
        return ConfigTree.resolve(null, s);
    }
}
