package org.sonograd.ssl.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sonograd.ssl.run.RunFolder;

/** A report as a list of blocks (headings, paragraphs, tables, images), written as Markdown and as HTML. */
public final class Document {
    private final StringBuilder md = new StringBuilder();
    private final StringBuilder html = new StringBuilder();

    /** A document titled {@code title}. */
    public Document(String title) {
        md.append("# ").append(title).append("\n\n");
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px}</style></head><body>\n<h1>")
                .append(escape(title)).append("</h1>\n");
    }

    /** A second-level heading. */
    public Document heading(String text) {
        md.append("## ").append(text).append("\n\n");
        html.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    /** A paragraph of plain text. */
    public Document paragraph(String text) {
        md.append(text).append("\n\n");
        html.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A table with a header row. */
    public Document table(List<String> header, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> md.append("---|"));
        md.append("\n");
        html.append("<table><tr>");
        header.forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr>\n");
        for (List<String> r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
            html.append("<tr>");
            r.forEach(c -> html.append("<td>").append(escape(c)).append("</td>"));
            html.append("</tr>\n");
        }
        md.append("\n");
        html.append("</table>\n");
        return this;
    }

    /** An image at {@code relativePath} (relative to the report). */
    public Document image(String caption, String relativePath) {
        md.append("![").append(caption).append("](").append(relativePath).append(")\n\n");
        html.append("<figure><img src=\"").append(escape(relativePath)).append("\" alt=\"").append(escape(caption))
                .append("\"><figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    /** Writes {@code report.md} and {@code report.html} into {@code folder}; returns the HTML path. */
    public Path write(Path folder) throws IOException {
        RunFolder.writeAtomically(folder.resolve("report.md"), md.toString());
        RunFolder.writeAtomically(folder.resolve("report.html"), html + "</body></html>\n");
        return folder.resolve("report.html");
    }

    /** Rows builder shorthand. */
    public static List<List<String>> rows() {
        return new ArrayList<>();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
