package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.server.backup.BackupException;
import io.bondy.server.config.ConfigLoader;
import io.bondy.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Realms created through the admin API survive restarts, and a backup restored on an empty node brings them back. */
@Timeout(60)
class RealmPersistenceTest {

    private static final Map<String, Object> APP = Map.of("uri", "com.example.app", "authmethods", List.of("wampcra"),
            "groups", List.of(Map.of("name", "staff")),
            "users", List.of(Map.of("username", "alice", "password", "alice-password", "groups", List.of("staff"))),
            "sources", List.of(Map.of("usernames", "all", "authmethod", "wampcra", "cidr", "0.0.0.0/0")),
            "grants", List.of(Map.of("roles", List.of("staff"), "permissions", List.of("wamp.call"),
                    "resources", List.of("any"))));

    @TempDir
    Path dir;

    @Test
    void apiRealmsAndTheirIdentitiesSurviveARestart() {
        try (BondyServer node = new BondyServer(config(dir.resolve("a"), "off"))) {
            node.start();
            node.security().realms().create(APP);
            node.security().realms().create(Map.of("uri", "com.example.proto", "is_prototype", true));
        }
        try (BondyServer node = new BondyServer(config(dir.resolve("a"), "off"))) {
            node.start();
            assertThat(node.router().realm("com.example.app")).isPresent();
            assertThat(node.router().realm("com.example.proto")).isEmpty();
            assertThat(node.security().realms().get("com.example.proto")).containsEntry("is_prototype", true);
            assertEverythingOfAppIsThere(node);
        }
    }

    @Test
    void aBackupRestoredIntoAnEmptyNodeReproducesEveryRealmAndIdentity() {
        Path backups = dir.resolve("backups");
        String file;
        try (BondyServer source = new BondyServer(config(dir.resolve("source"), "off", backups))) {
            source.start();
            source.security().realms().create(APP);
            file = (String) source.backups().create("before.jsonl").get("filename");
            assertThat(source.backups().status()).containsEntry("status", "backup_finished");
        }
        assertThat(backups.resolve(file)).exists();
        try (BondyServer empty = new BondyServer(config(dir.resolve("empty"), "off", backups))) {
            empty.start();
            assertThat(empty.router().realm("com.example.app")).isEmpty();

            Map<String, Object> restored = empty.backups().restore(file);

            assertThat((Long) restored.get("applied")).isPositive();
            assertThat(empty.router().realm("com.example.app")).isPresent();
            assertEverythingOfAppIsThere(empty);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBackupProceduresTakeBondysDictArguments() throws Exception {
        Path backups = dir.resolve("backups");
        try (BondyServer node = new BondyServer(config(dir.resolve("d"), "off", backups))) {
            node.start();
            io.bondy.core.router.session.InternalSession admin = io.bondy.core.router.session.InternalSession.actingFor(
                    node.router(), node.router().realm("com.leapsight.bondy").orElseThrow(),
                    new io.bondy.core.spi.AuthIdentity("admin", "user", "wampcra", "bondy", Map.of()),
                    new io.bondy.core.spi.TransportInfo("test", null, null));
            try {
                io.bondy.core.message.Payload created = admin.call("bondy.backup.create",
                        io.bondy.core.message.Payload.of(List.of(Map.of("path", "bondy-shape.jsonl"))), Map.of())
                        .get(20, java.util.concurrent.TimeUnit.SECONDS);
                assertThat((Map<String, Object>) ((io.bondy.core.message.Payload.Arguments) created).args().get(0))
                        .containsEntry("filename", "bondy-shape.jsonl");
                io.bondy.core.message.Payload restored = admin.call("bondy.backup.restore",
                        io.bondy.core.message.Payload.of(List.of(Map.of("filename", "bondy-shape.jsonl"))), Map.of())
                        .get(20, java.util.concurrent.TimeUnit.SECONDS);
                assertThat((Map<String, Object>) ((io.bondy.core.message.Payload.Arguments) restored).args().get(0))
                        .containsEntry("status", "restore_finished");
            } finally {
                admin.leave();
            }
            assertThat(backups.resolve("bondy-shape.jsonl")).exists();
        }
    }

    @Test
    void backupNamesAndFilesAreChecked() throws Exception {
        Path backups = dir.resolve("backups");
        Files.createDirectories(backups);
        Files.writeString(backups.resolve("junk.jsonl"), "not a backup\n");
        try (BondyServer node = new BondyServer(config(dir.resolve("n"), "off", backups))) {
            node.start();
            assertThatThrownBy(() -> node.backups().create("../escape")).isInstanceOf(BackupException.class)
                    .extracting(e -> ((BackupException) e).uri()).isEqualTo("wamp.error.invalid_argument");
            assertThatThrownBy(() -> node.backups().restore("missing.jsonl")).isInstanceOf(BackupException.class)
                    .extracting(e -> ((BackupException) e).uri()).isEqualTo("bondy.error.not_found");
            assertThatThrownBy(() -> node.backups().restore("junk.jsonl")).isInstanceOf(BackupException.class)
                    .extracting(e -> ((BackupException) e).uri()).isEqualTo("bondy.error.invalid_data");
        }
    }

    @Test
    void helloToAnUnknownRealmCreatesItOnlyWhenConfigured() {
        try (BondyServer node = new BondyServer(config(dir.resolve("auto"), "on"))) {
            node.start();
            assertThat(node.router().realm("com.example.auto")).isEmpty();
            assertThat(node.security().realms().createOnHello("com.example.auto")).isPresent();
            assertThat(node.store().get("realm/com.example.auto")).isPresent();
        }
    }

    private static void assertEverythingOfAppIsThere(BondyServer node) {
        String realm = "com.example.app";
        assertThat(node.store().get("security/" + realm + "/users/alice")).isPresent();
        assertThat(node.store().get("security/" + realm + "/groups/staff")).isPresent();
        long[] counts = new long[2];
        node.store().scan("security/" + realm + "/sources/", e -> counts[0]++);
        node.store().scan("security/" + realm + "/grants/", e -> counts[1]++);
        assertThat(counts).containsExactly(1, 1);
        assertThat(node.security().realms().get(realm)).containsEntry("authmethods", List.of("wampcra"));
    }

    private static ServerConfig config(Path data, String auto) {
        return config(data, auto, data.resolve("backups"));
    }

    private static ServerConfig config(Path data, String auto, Path backups) {
        return new ConfigLoader(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0", "BONDY_WAMP_TCP_PORT", "0",
                "BONDY_ADMIN_API_HTTP_PORT", "0", "BONDY_PLATFORM_DATA_DIR", data.toString(),
                "BONDY_AUTOMATICALLY_CREATE_REALMS", auto, "BONDY_BACKUP_DIR", backups.toString(),
                "BONDY_SECURITY_PASSWORD_CRA_ITERATIONS", "1000")).load(null);
    }
}
