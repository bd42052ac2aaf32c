package org.sonograd.io.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated values as RFC 4180 defines them: records end at CRLF, LF or CR; a field wrapped in
 * double quotes may hold commas, line breaks and doubled quotes ({@code ""} stands for one {@code "}).
 * A leading byte-order mark is dropped and blank lines are skipped. Errors name the file and the line.
 */
public final class CsvTable {
    private CsvTable() {
    }

    /**
     * One record.
     *
     * @param line   1-based line of the file on which the record starts (for error messages)
     * @param fields the fields, unquoted
     */
    public record Row(int line, List<String> fields) {
        /** Number of fields. */
        public int size() {
            return fields.size();
        }

        /** Field {@code i}. */
        public String get(int i) {
            return fields.get(i);
        }
    }

    /** Reads and parses {@code csv} (UTF-8). */
    public static List<Row> read(Path csv) {
        String text;
        try {
            text = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SampleException(csv, "cannot read", e);
        }
        return parse(text, csv);
    }

    /** Parses {@code text}; {@code source} names it in errors. */
    public static List<Row> parse(String text, Path source) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && !(i + 1 < text.length() && text.charAt(i + 1) == '\n'))) {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                if (!field.isEmpty() || wasQuoted) {
                    throw new SampleException(source, "line " + line + ": a quote inside an unquoted field"
                            + " (quote the whole field and double the quote)");
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                endRecord(rows, fields, field, wasQuoted, recordLine);
                wasQuoted = false;
                line++;
                recordLine = line;
            } else {
                if (wasQuoted) {
                    throw new SampleException(source, "line " + line + ": text after the closing quote of a field");
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw new SampleException(source, "line " + recordLine + ": quoted field not closed before the end of the file");
        }
        endRecord(rows, fields, field, wasQuoted, recordLine);
        return rows;
    }

    private static void endRecord(List<Row> rows, List<String> fields, StringBuilder field, boolean wasQuoted, int line) {
        boolean blank = fields.isEmpty() && field.toString().isBlank() && !wasQuoted;
        if (!blank) {
            fields.add(field.toString());
            rows.add(new Row(line, List.copyOf(fields)));
        }
        fields.clear();
        field.setLength(0);
    }

    /** {@code value} as a CSV field: quoted, with quotes doubled, when it holds a comma, quote or line break. */
    public static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
