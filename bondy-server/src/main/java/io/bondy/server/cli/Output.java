package io.bondy.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Prints results for people (aligned tables, key/value lines) or for scripts ({@code --json}). */
final class Output {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final boolean json;

    Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** A list of objects as a table of {@code columns} (or JSON). */
    void table(Object value, String... columns) {
        if (json) {
            json(value);
            return;
        }
        List<Map<?, ?>> rows = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                rows.add(o instanceof Map<?, ?> m ? m : Map.of(columns[0], o));
            }
        }
        if (rows.isEmpty()) {
            out.println("(none)");
            out.flush();
            return;
        }
        int[] widths = new int[columns.length];
        List<String[]> cells = new ArrayList<>();
        String[] header = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            header[i] = columns[i].toUpperCase(java.util.Locale.ROOT);
        }
        cells.add(header);
        for (Map<?, ?> row : rows) {
            String[] line = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                line[i] = text(row.get(columns[i]));
            }
            cells.add(line);
        }
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                b.append(i == line.length - 1 ? line[i] : String.format("%-" + (widths[i] + 2) + "s", line[i]));
            }
            out.println(b.toString().stripTrailing());
        }
        out.flush();
    }

    /** One object as {@code key: value} lines (or JSON). */
    void object(Object value) {
        if (json || !(value instanceof Map<?, ?> m)) {
            json(value);
            return;
        }
        int width = m.keySet().stream().mapToInt(k -> String.valueOf(k).length()).max().orElse(0);
        m.forEach((k, v) -> out.println(String.format("%-" + (width + 1) + "s %s", k + ":", text(v))));
        out.flush();
    }

    /** A confirmation for people; {@code {"ok": true}} for scripts. */
    void done(String message) {
        if (json) {
            json(Map.of("ok", true));
        } else {
            out.println(message);
            out.flush();
        }
    }

    void json(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print the result as JSON: " + e.getOriginalMessage(), e);
        }
        out.flush();
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Collection<?> c) {
            return String.join(",", c.stream().map(Output::text).toList());
        }
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return "";
            }
            try {
                return new ObjectMapper().writeValueAsString(m);
            } catch (JsonProcessingException e) {
                return m.toString();
            }
        }
        return String.valueOf(v);
    }
}
