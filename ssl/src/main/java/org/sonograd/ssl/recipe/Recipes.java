package org.sonograd.ssl.recipe;

import java.util.List;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.data.Videos;

/** The recipes by name. */
public final class Recipes {
    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("reorder-transform", "video-speech", "meta-uscl", "uscl", "discovr");

    private Recipes() {}

    /** The recipe {@code config.recipe()} over {@code data}. */
    public static Recipe create(ExperimentConfig config, Videos data) {
        return switch (config.recipe()) {
            case "reorder-transform" -> new ReorderTransform(config, data);
            case "video-speech" -> new VideoSpeech(config, data);
            case "meta-uscl", "uscl" -> new MetaUscl(config, data);
            case "discovr" -> new Discovr(config, data);
            default -> throw new IllegalArgumentException("unknown recipe '" + config.recipe() + "'; choose one of " + NAMES);
        };
    }
}
