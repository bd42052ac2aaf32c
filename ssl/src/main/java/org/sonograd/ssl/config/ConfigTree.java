package org.sonograd.ssl.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Resolves an experiment configuration in four layers, each overriding the one before:
 * <ol>
 *   <li>the built-in defaults ({@code defaults.yaml} next to this class), which name every hyper-parameter;</li>
 *   <li>the chosen recipe's defaults ({@code recipes/<recipe>.yaml}), where the recipe has any;</li>
 *   <li>a user file, JSON or YAML (chosen by its extension);</li>
 *   <li>command-line overrides {@code key.path=value}, the value parsed as a YAML scalar.</li>
 * </ol>
 * A key that the defaults do not have is an error naming the key and the file, so a typo never
 * silently falls back to a default. The resolved tree is what a run saves as {@code config.json}.
 */
public final class ConfigTree {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigTree() {}

    /** The built-in defaults. */
    public static ObjectNode defaults() {
        try (InputStream in = ConfigTree.class.getResourceAsStream("defaults.yaml")) {
            if (in == null) {
                throw new IllegalStateException("ConfigTree: resource defaults.yaml is missing from the ssl jar");
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("ConfigTree: cannot read defaults.yaml", e);
        }
    }

    /**
     * Defaults, then the chosen recipe's own defaults ({@code recipes/<recipe>.yaml} next to this
     * class, when the recipe has one), then {@code file} (may be null), then each {@code key=value}
     * of {@code overrides}. The recipe is the one the file and the overrides choose.
     */
    public static ObjectNode resolve(Path file, List<String> overrides) throws IOException {
        ObjectNode chosen = layer(defaults(), file, overrides);
        String recipe = chosen.get("recipe").asText();
        String overlay = "recipes/" + recipe + ".yaml";
        try (InputStream in = ConfigTree.class.getResourceAsStream(overlay)) {
            if (in == null) {
                return chosen;
            }
            ObjectNode tree = defaults();
            merge(tree, YAML.readTree(in), "", overlay);
            return layer(tree, file, overrides);
        }
    }

    private static ObjectNode layer(ObjectNode tree, Path file, List<String> overrides) throws IOException {
        if (file != null) {
            merge(tree, read(file), "", file.toString());
        }
        for (String o : overrides) {
            set(tree, o);
        }
        return tree;
    }

    /** Reads a JSON ({@code .json}) or YAML ({@code .yaml}, {@code .yml}) file. */
    public static JsonNode read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase();
        ObjectMapper mapper = name.endsWith(".json") ? JSON : YAML;
        if (!name.endsWith(".json") && !name.endsWith(".yaml") && !name.endsWith(".yml")) {
            throw new IllegalArgumentException("config " + file + ": expected a .json, .yaml or .yml file");
        }
        JsonNode node = mapper.readTree(Files.readString(file));
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("config " + file + ": the top level must be a mapping of keys to values");
        }
        return node;
    }

    /** Applies one override {@code a.b.c=value}; the key must exist in {@code tree}. */
    public static void set(ObjectNode tree, String override) throws IOException {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set '" + override + "': expected key.path=value");
        }
        String[] path = override.substring(0, eq).trim().split("\\.");
        JsonNode value = YAML.readTree(override.substring(eq + 1));
        if (value == null || value.isMissingNode()) {
            value = JSON.getNodeFactory().textNode("");
        }
        ObjectNode parent = tree;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = parent.get(path[i]);
            if (child == null || !child.isObject()) {
                throw new IllegalArgumentException("--set '" + override + "': no section '" + String.join(".", List.of(path).subList(0, i + 1))
                        + "' (sections: " + sectionNames(parent) + ")");
            }
            parent = (ObjectNode) child;
        }
        String leaf = path[path.length - 1];
        JsonNode old = parent.get(leaf);
        if (old == null) {
            throw new IllegalArgumentException("--set '" + override + "': unknown key '" + leaf + "' (keys here: "
                    + sectionNames(parent) + ")");
        }
        if (old.isObject() && !value.isObject()) {
            throw new IllegalArgumentException("--set '" + override + "': '" + leaf + "' is a section; set one of its keys");
        }
        // a text setting takes the text as written (YAML would read "off" or "no" as a boolean)
        parent.set(leaf, old.isTextual() ? JSON.getNodeFactory().textNode(override.substring(eq + 1).trim()) : value);
    }

    private static void merge(ObjectNode into, JsonNode from, String prefix, String source) {
        Iterator<Map.Entry<String, JsonNode>> it = from.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = into.get(e.getKey());
            String key = prefix + e.getKey();
            if (old == null) {
                throw new IllegalArgumentException("config " + source + ": unknown key '" + key + "' (keys here: "
                        + sectionNames(into) + ")");
            }
            if (old.isObject()) {
                if (!e.getValue().isObject()) {
                    throw new IllegalArgumentException("config " + source + ": '" + key + "' must be a section");
                }
                merge((ObjectNode) old, e.getValue(), key + ".", source);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        }
    }

    private static String sectionNames(ObjectNode node) {
        return String.join(", ", (Iterable<String>) node::fieldNames);
    }

    /** Binds the resolved tree to the typed configuration, failing on any mismatch. */
    public static ExperimentConfig bind(ObjectNode tree) {
        try {
            return JSON.treeToValue(tree, ExperimentConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("config: " + e.getMessage(), e);
        }
    }

    /** The tree as indented JSON (what {@code config.json} holds). */
    public static String toJson(JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tree without the settings that cannot change a run's numbers (its {@code name} and
     * {@code train.threads}, since results are bit-identical for any thread count): what a
     * checkpoint's {@code config_sha256} covers, so two runs that must agree bit for bit do.
     */
    public static ObjectNode resultDefining(ObjectNode tree) {
        ObjectNode copy = tree.deepCopy();
        copy.remove("name");
        ((ObjectNode) copy.get("train")).remove("threads");
        return copy;
    }

    /** Parses JSON text into a tree. */
    public static ObjectNode parseJson(String text) throws IOException {
        return (ObjectNode) JSON.readTree(text);
    }

    /** The shared JSON mapper (indented output, strict binding). */
    public static ObjectMapper json() {
        return JSON;
    }
}
