package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.server.config.ConfigLoader;
import io.bondy.server.config.ServerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connection caps above the file descriptor limit are named at start. */
class FileDescriptorCheckTest {

    private final ServerConfig defaults = new ConfigLoader(Map.of()).load(null);

    @Test
    void capsAboveTheLimitAreNamedWithTheLimit() {
        String warning = FileDescriptorCheck.check(defaults.transport(), defaults.admin(), 1024);

        assertThat(warning).contains("20256 connections").contains("api_gateway.http.max_connections = 10000")
                .contains("wamp.tcp.max_connections = 10000").contains("admin_api.http.max_connections = 256")
                .contains("only 1024 files");
    }

    @Test
    void capsUnderTheLimitSayNothing() {
        assertThat(FileDescriptorCheck.check(defaults.transport(), defaults.admin(), 1_048_576)).isNull();
    }
}
