package org.sonograd.ssl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTreeTest {
    @TempDir
    Path dir;

    @Test
    void defaultsBindToEveryField() {
        ExperimentConfig c = ConfigTree.bind(ConfigTree.defaults());
        assertEquals("reorder-transform", c.recipe());
        assertEquals("parallel", c.reorderTransform().variant());
        assertEquals(30.0, c.reorderTransform().rotation());
    }

    @Test
    void yamlFileThenSetOverridesWinInOrder() throws Exception {
        Path yaml = dir.resolve("c.yaml");
        Files.writeString(yaml, "seed: 5\ntrain:\n  steps: 77\n  lr: 0.01\n");
        ExperimentConfig c = ConfigTree.bind(ConfigTree.resolve(yaml, List.of("train.lr=0.5", "reorderTransform.variant=sequential")));
        assertEquals(5, c.seed());
        assertEquals(77, c.train().steps());
        assertEquals(0.5, c.train().lr());
        assertEquals("sequential", c.reorderTransform().variant());
        assertEquals(8, c.train().batch(), "untouched keys keep their defaults");
    }

    @Test
    void jsonFilesWorkToo() throws Exception {
        Path json = dir.resolve("c.json");
        Files.writeString(json, "{\"name\": \"x\", \"model\": {\"width\": 12}}");
        ExperimentConfig c = ConfigTree.bind(ConfigTree.resolve(json, List.of()));
        assertEquals("x", c.name());
        assertEquals(12, c.model().width());
    }

    @Test
    void unknownKeysAreErrorsThatNameTheKey() throws Exception {
        Path yaml = dir.resolve("typo.yaml");
        Files.writeString(yaml, "train:\n  stpes: 3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigTree.resolve(yaml, List.of()));
        assertTrue(e.getMessage().contains("train.stpes") && e.getMessage().contains("typo.yaml"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigTree.resolve(null, List.of("train.lrr=1")));
        assertTrue(e.getMessage().contains("lrr"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigTree.resolve(null, List.of("train=1")));
        assertTrue(e.getMessage().contains("section"), e.getMessage());
    }

    @Test
    void aValueOfTheWrongTypeFailsBinding() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> ConfigTree.bind(ConfigTree.resolve(null, List.of("train.steps=many"))));
    }

    @Test
    void theSavedJsonResolvesToTheSameConfig() throws Exception {
        var tree = ConfigTree.resolve(null, List.of("seed=9", "data.size=48"));
        Path saved = dir.resolve("config.json");
        Files.writeString(saved, ConfigTree.toJson(tree));
        assertEquals(ConfigTree.bind(tree), ConfigTree.bind(ConfigTree.resolve(saved, List.of())));
    }
}
