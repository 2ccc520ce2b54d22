package io.bondy.bench.report;

import java.util.ArrayList;
import java.util.List;

/** A titled Markdown table with optional notes underneath. */
public final class Table {

    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Table(String title, String... header) {
        this.title = title;
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "" : cell.toString());
        }
        while (row.size() < header.size()) {
            row.add("");
        }
        rows.add(row);
        return this;
    }

    public Table note(String note) {
        notes.add(note);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("#### ").append(title).append("\n\n");
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        line(sb, header, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(Math.max(3, width)));
        }
        line(sb, rule, widths);
        for (List<String> row : rows) {
            line(sb, row, widths);
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
            for (String note : notes) {
                sb.append("- ").append(note).append('\n');
            }
        }
        return sb.append('\n').toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths) {
        sb.append('|');
        for (int i = 0; i < widths.length; i++) {
            String cell = i < cells.size() ? cells.get(i) : "";
            sb.append(' ').append(cell).append(" ".repeat(Math.max(0, widths[i] - cell.length()))).append(" |");
        }
        sb.append('\n');
    }
}
