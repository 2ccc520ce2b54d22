package io.bondy.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTest {

    private final StringWriter text = new StringWriter();

    @Test
    void tablesAlignColumnsAndJoinLists() {
        new Output(new PrintWriter(text), false).table(List.of(
                Map.of("username", "alice", "groups", List.of("ops", "dev")),
                Map.of("username", "bob", "groups", List.of())), "username", "groups");
        assertThat(text.toString().lines()).containsExactly(
                "USERNAME  GROUPS",
                "alice     ops,dev",
                "bob");
    }

    @Test
    void emptyTablesSayNone() {
        new Output(new PrintWriter(text), false).table(List.of(), "name");
        assertThat(text.toString()).isEqualTo("(none)" + System.lineSeparator());
    }

    @Test
    void jsonModePrintsTheValue() {
        new Output(new PrintWriter(text), true).table(List.of(Map.of("name", "ops")), "name");
        assertThat(text.toString()).contains("\"name\" : \"ops\"");
    }
}
