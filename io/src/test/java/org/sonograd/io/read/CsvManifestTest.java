package org.sonograd.io.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvManifestTest {
    @Test
    void pathsResolveAgainstTheCsvFolderAndLabelsNumberSortedNames(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/img"));
        for (String n : new String[] {"a.png", "b.png", "c.png"}) {
            Files.write(data.resolve(n), new byte[] {1});
        }
        Path elsewhere = Files.write(dir.resolve("abs.png"), new byte[] {1});
        Path csv = dir.resolve("data/manifest.csv");
        Files.writeString(csv, "split,label,path,note\n"
                + "train,zebra,img/a.png,x\n"
                + "val,ant,img/b.png,\n"
                + "\n"
                + "train,ant," + elsewhere + ",y\n"
                + "train,moth,img/c.png,z\n");
        List<DatasetEntry> all = Datasets.csvManifest(csv, null);
        assertEquals(4, all.size());
        assertEquals(data.resolve("a.png"), all.get(0).file());
        assertEquals(elsewhere, all.get(2).file());
        // labels sorted: ant 0, moth 1, zebra 2
        assertEquals(List.of(2, 0, 0, 1), all.stream().map(DatasetEntry::label).toList());
        assertEquals("zebra", all.get(0).className());
        List<DatasetEntry> val = Datasets.csvManifest(csv, "val");
        assertEquals(1, val.size());
        assertEquals(0, val.getFirst().label());
        assertEquals(data.resolve("b.png"), val.getFirst().file());
        assertEquals(3, Datasets.csvManifest(csv, "train").size());
    }

    @Test
    void missingColumnShortRowAndMissingFileNameTheCsvLine(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.png"), new byte[] {1});
        Path noLabel = dir.resolve("nolabel.csv");
        Files.writeString(noLabel, "path,class\na.png,x\n");
        SampleException e1 = assertThrows(SampleException.class, () -> Datasets.csvManifest(noLabel, null));
        assertTrue(e1.getMessage().startsWith(noLabel + ": line 1: no 'label' column"), e1.getMessage());

        Path noSplit = dir.resolve("nosplit.csv");
        Files.writeString(noSplit, "path,label\na.png,x\n");
        assertEquals(1, Datasets.csvManifest(noSplit, null).size());
        SampleException e2 = assertThrows(SampleException.class, () -> Datasets.csvManifest(noSplit, "train"));
        assertTrue(e2.getMessage().contains("no 'split' column"), e2.getMessage());

        Path missing = dir.resolve("missing.csv");
        Files.writeString(missing, "path,label\na.png,x\ngone.png,y\n");
        SampleException e3 = assertThrows(SampleException.class, () -> Datasets.csvManifest(missing, null));
        assertTrue(e3.getMessage().startsWith(missing + ": line 3: no such file"), e3.getMessage());
        assertTrue(e3.getMessage().contains("gone.png"), e3.getMessage());

        Path shortRow = dir.resolve("short.csv");
        Files.writeString(shortRow, "label,path\nx,a.png\ny\n");
        SampleException e4 = assertThrows(SampleException.class, () -> Datasets.csvManifest(shortRow, null));
        assertTrue(e4.getMessage().startsWith(shortRow + ": line 3 has 1 fields, need 2"), e4.getMessage());
    }

    @Test
    void quotedFieldsHoldCommasDoubledQuotesAndLineBreaks(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a,b.png"), new byte[] {1});
        Files.write(dir.resolve("c.png"), new byte[] {1});
        Path csv = dir.resolve("quoted.csv");
        // RFC 4180: CRLF records, a quoted comma, "" for a quote, a line break inside quotes
        Files.writeString(csv, "\uFEFFpath,label,note\r\n"
                + "\"a,b.png\",\"cat \"\"tabby\"\"\",plain\r\n"
                + "c.png,dog,\"two\nlines, one note\"\r\n"
                + "gone.png,dog,\n");
        SampleException e = assertThrows(SampleException.class, () -> Datasets.csvManifest(csv, null));
        assertTrue(e.getMessage().startsWith(csv + ": line 5: no such file"), "the quoted line break counts: " + e.getMessage());
        Files.write(dir.resolve("gone.png"), new byte[] {1});
        List<DatasetEntry> all = Datasets.csvManifest(csv, null);
        assertEquals(List.of(dir.resolve("a,b.png"), dir.resolve("c.png"), dir.resolve("gone.png")),
                all.stream().map(DatasetEntry::file).toList());
        assertEquals("cat \"tabby\"", all.getFirst().className());
        // sorted labels: 'cat "tabby"' 0, dog 1
        assertEquals(List.of(0, 1, 1), all.stream().map(DatasetEntry::label).toList());
    }

    @Test
    void tableParsesByTheRfcAndQuotesWhatNeedsIt() {
        List<CsvTable.Row> rows = CsvTable.parse("a,\"b,c\",\"\"\"q\"\"\"\n,\n\"x\ny\",z", Path.of("t.csv"));
        assertEquals(List.of("a", "b,c", "\"q\""), rows.get(0).fields());
        assertEquals(List.of("", ""), rows.get(1).fields());
        assertEquals(List.of("x\ny", "z"), rows.get(2).fields());
        assertEquals(List.of(1, 2, 3), rows.stream().map(CsvTable.Row::line).toList());
        for (String v : new String[] {"plain", "a,b", "say \"hi\"", "two\nlines", ""}) {
            assertEquals(List.of(v, "end"), CsvTable.parse(CsvTable.field(v) + ",end", Path.of("t.csv")).getFirst().fields(),
                    "round trip of " + v);
        }
        SampleException open = assertThrows(SampleException.class,
                () -> CsvTable.parse("path,label\n\"a.png,x\n", Path.of("t.csv")));
        assertTrue(open.getMessage().startsWith("t.csv: line 2: quoted field not closed"), open.getMessage());
        SampleException stray = assertThrows(SampleException.class,
                () -> CsvTable.parse("path,label\na\"b.png,x\n", Path.of("t.csv")));
        assertTrue(stray.getMessage().startsWith("t.csv: line 2: a quote inside an unquoted field"), stray.getMessage());
    }
}
