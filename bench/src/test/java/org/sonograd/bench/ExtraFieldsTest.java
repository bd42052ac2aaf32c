package org.sonograd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtraFieldsTest {
    @Test
    void recordedFieldsAreReadBackUnderTheCaseKeyWhateverTheParameterOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("extra.tsv");
        String previous = System.getProperty(ExtraFields.PROPERTY);
        System.setProperty(ExtraFields.PROPERTY, file.toString());
        try {
            ExtraFields.record(ExtraFieldsTest.class, Map.of("model", "a", "threads", "2"), "peak_offheap_mib", 12.5);
            ExtraFields.record(ExtraFieldsTest.class, Map.of("model", "b", "threads", "2"), "peak_offheap_mib", 7.0);
            ExtraFields.record(ExtraFieldsTest.class, Map.of("model", "a", "threads", "2"), "peak_offheap_mib", 13.0);
        } finally {
            if (previous == null) {
                System.clearProperty(ExtraFields.PROPERTY);
            } else {
                System.setProperty(ExtraFields.PROPERTY, previous);
            }
        }
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("threads", "2");
        reordered.put("model", "a");
        Map<String, Map<String, Double>> fields = ExtraFields.read(file);
        assertEquals(Map.of("peak_offheap_mib", 13.0), fields.get(ExtraFields.caseKey(ExtraFieldsTest.class.getName(), reordered)));
        assertEquals(Map.of("peak_offheap_mib", 7.0),
                fields.get(ExtraFields.caseKey(ExtraFieldsTest.class.getName(), Map.of("model", "b", "threads", "2"))));
        assertTrue(ExtraFields.read(dir.resolve("absent.tsv")).isEmpty());
    }
}
