package io.bondy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void embeddedDefaultsGiveTheDocumentedPortsAndTheDevelopmentRealm() {
        ServerConfig c = new ConfigLoader(Map.of()).load(null);

        assertThat(c.transport().websocket().port()).isEqualTo(18080);
        assertThat(c.transport().websocket().host()).isEqualTo("127.0.0.1");
        assertThat(c.transport().websocket().path()).isEqualTo("/ws");
        assertThat(c.transport().rawsocket().port()).isEqualTo(18082);
        assertThat(c.transport().rawsocket().maxMessageLength()).isEqualTo(16 << 20);
        assertThat(c.router().realms()).singleElement().satisfies(r -> {
            assertThat(r.uri()).isEqualTo("realm1");
            assertThat(r.authmethods()).containsExactly("anonymous");
        });
        assertThat(c.source()).isEqualTo("embedded defaults");
    }

    @Test
    void dataDirectoryDefaultsToDataUnderTheWorkingDirectoryWithSyncedWrites() {
        ServerConfig c = new ConfigLoader(Map.of()).load(null);

        Path expected = Path.of(System.getProperty("user.dir"), "data").toAbsolutePath().normalize();
        assertThat(c.dataDir()).isEqualTo(expected).isDirectory();
        assertThat(c.store().directory()).isEqualTo(expected.resolve("store"));
        assertThat(c.store().syncWrites()).isTrue();
    }

    @Test
    void dataDirectoryIsCreatedIfMissingAndSyncWritesCanBeTurnedOff() {
        Path nested = dir.resolve("var/lib/bondy");
        ServerConfig c = new ConfigLoader(Map.of("BONDY_PLATFORM_DATA_DIR", nested.toString(),
                "BONDY_STORE_SYNC_WRITES", "off")).load(null);

        assertThat(nested).isDirectory();
        assertThat(c.dataDir()).isEqualTo(nested);
        assertThat(c.store().directory()).isEqualTo(nested.resolve("store"));
        assertThat(c.store().syncWrites()).isFalse();
    }

    @Test
    void unusableDataDirectoryIsNamedInTheError() throws IOException {
        Path file = write("not a directory");

        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_PLATFORM_DATA_DIR", file.resolve("data").toString()))
                .load(null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("platform_data_dir")
                .hasMessageContaining(file.resolve("data").toString());
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_PLATFORM_DATA_DIR", " ")).load(null))
                .hasMessageContaining("platform_data_dir");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_STORE_SYNC_WRITES", "sometimes")).load(null))
                .hasMessageContaining("store.sync_writes");
    }

    @Test
    void theShippedConfigFileLoadsAndMatchesTheDefaults() {
        Path shipped = Path.of(System.getProperty("user.dir")).getParent().resolve("config/bondy.conf");
        ServerConfig fromFile = new ConfigLoader(Map.of()).load(shipped);
        ServerConfig defaults = new ConfigLoader(Map.of()).load(null);

        assertThat(fromFile.transport()).isEqualTo(defaults.transport());
        assertThat(fromFile.router()).isEqualTo(defaults.router());
        assertThat(fromFile.dataDir()).isEqualTo(defaults.dataDir());
        assertThat(fromFile.store()).isEqualTo(defaults.store());
    }

    @Test
    void fileValuesOverrideDefaultsAndEnvironmentOverridesTheFile() throws IOException {
        Path file = write("wamp.tcp.port = 9100\nwamp.tcp.handshake_timeout = 3s\napi_gateway.http.port = 9200\n");
        ServerConfig c = new ConfigLoader(Map.of("BONDY_WAMP_TCP_PORT", "9300")).load(file);

        assertThat(c.transport().rawsocket().port()).isEqualTo(9300);
        assertThat(c.transport().rawsocket().handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.transport().websocket().port()).isEqualTo(9200);
        assertThat(c.source()).endsWith("+ environment");
    }

    @Test
    void environmentCanReplaceTheRealmList() {
        ServerConfig c = new ConfigLoader(Map.of("BONDY_REALMS",
                "[{uri = \"com.example\", authmethods = [\"anonymous\"]}]")).load(null);

        assertThat(c.router().realms()).singleElement().extracting(r -> r.uri()).isEqualTo("com.example");
    }

    @Test
    void unknownKeyInTheFileIsNamedInTheError() throws IOException {
        Path file = write("wamp.tcp.prot = 9100\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("wamp.tcp.prot");
    }

    @Test
    void unknownBondyEnvironmentVariableIsNamedInTheError() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_TCP_PROT", "1")).load(null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BONDY_WAMP_TCP_PROT");
    }

    @Test
    void wrongTypeIsNamedInTheError() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_TCP_PORT", "lots")).load(null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("wamp.tcp.port");
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheKey() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_TCP_PORT", "70000")).load(null))
                .hasMessageContaining("wamp.tcp.port");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_TCP_MAX_MESSAGE_LENGTH", "1000")).load(null))
                .hasMessageContaining("wamp.tcp.max_message_length").hasMessageContaining("power of two");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_URI_VALIDATION", "lax")).load(null))
                .hasMessageContaining("wamp.uri_validation");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_WEBSOCKET_PATH", "ws")).load(null))
                .hasMessageContaining("wamp.websocket.path");
    }

    @Test
    void badRealmDefinitionsAreRefused() throws IOException {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(write("realms = [{uri = \"a b\"}]")))
                .hasMessageContaining("realms[0].uri");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(write("realms = [{uri = a}, {uri = a}]")))
                .hasMessageContaining("defined twice");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(write("realms = [{uri = a, colour = red}]")))
                .hasMessageContaining("realms[0].colour");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(write("realms = [{uri = a, authmethods = [kerberos]}]")))
                .hasMessageContaining("kerberos");
    }

    @Test
    void securedRealmsAndEveryAuthMethodAreAccepted() throws IOException {
        ServerConfig config = new ConfigLoader(Map.of("BONDY_ADMIN_PASSWORD", "from-env")).load(write(
                "realms = [{uri = a, security_enabled = true, authmethods = [wampcra, ticket, cryptosign, trust,"
                        + " wamp-scram, oauth2, anonymous]}]\nsecurity.admin.password = from-file"));
        assertThat(config.router().realms().get(0).securityEnabled()).isTrue();
        assertThat(config.security().adminPassword()).isEqualTo("from-env");
        assertThat(config.security().settings().masterRealm()).isEqualTo("com.leapsight.bondy");
    }

    @Test
    void badSecuritySettingsAreRefusedByName() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_SECURITY_CONFIG_FILE", "/no/such/file.json")).load(null))
                .hasMessageContaining("security.config_file");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_SECURITY_PASSWORD_CRA_ITERATIONS", "10")).load(null))
                .hasMessageContaining("security.password.cra_iterations");
    }

    @Test
    void missingFileIsReported() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(dir.resolve("nope.conf")))
                .hasMessageContaining("nope.conf");
    }

    @Test
    void invalidHoconIsReportedWithTheFile() throws IOException {
        Path file = write("wamp.tcp.port = {{{\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining(file.getFileName().toString());
    }

    @Test
    void aRealmsRpcBlockSetsItsDealerSettings() throws IOException {
        Path file = write("""
                realms = [{ uri = "com.example", rpc {
                  max_pending_calls_per_session = 50
                  max_pending_calls_per_realm = 500
                  default_call_timeout = 30s
                  max_call_timeout = 2m
                  caller_disclosure = always
                  trustlevels { default = 1, by_authrole { admin = 3 } }
                  max_testaments_per_session = 4
                  progressive_results_require_canceling = true
                } }]
                """);
        io.bondy.core.config.RpcSettings rpc = new ConfigLoader(Map.of()).load(file).router().realms().get(0).rpc();

        assertThat(rpc.maxPendingCallsPerSession()).isEqualTo(50);
        assertThat(rpc.maxPendingCallsPerRealm()).isEqualTo(500);
        assertThat(rpc.defaultCallTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(rpc.maxCallTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(rpc.callerDisclosure()).isEqualTo(io.bondy.core.config.RpcSettings.CallerDisclosure.ALWAYS);
        assertThat(rpc.trustlevels()).isEqualTo(new io.bondy.core.config.RpcSettings.TrustLevels(true, 1,
                Map.of("admin", 3)));
        assertThat(rpc.maxTestamentsPerSession()).isEqualTo(4);
        assertThat(rpc.progressiveResultsRequireCanceling()).isTrue();
        assertThat(io.bondy.core.config.RpcSettings.DEFAULTS.progressiveResultsRequireCanceling()).isFalse();
    }

    @Test
    void aRealmWithoutAnRpcBlockGetsTheDefaults() {
        assertThat(new ConfigLoader(Map.of()).load(null).router().realms().get(0).rpc())
                .isEqualTo(io.bondy.core.config.RpcSettings.DEFAULTS);
    }

    @Test
    void badRpcSettingsFailTheStartNamingTheKey() throws IOException {
        Path unknown = write("realms = [{ uri = \"a.b\", rpc { max_timeout = 1s } }]\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(unknown))
                .hasMessageContaining("realms[0].rpc.max_timeout");
        Path negative = write("realms = [{ uri = \"a.b\", rpc { max_pending_calls_per_realm = 0 } }]\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(negative))
                .hasMessageContaining("realms[0].rpc.max_pending_calls_per_realm");
        Path policy = write("realms = [{ uri = \"a.b\", rpc { caller_disclosure = sometimes } }]\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(policy))
                .hasMessageContaining("realms[0].rpc.caller_disclosure");
        Path zero = write("realms = [{ uri = \"a.b\", rpc { max_call_timeout = 0s } }]\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(zero))
                .hasMessageContaining("realms[0].rpc.max_call_timeout");
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "bondy", ".conf");
        Files.writeString(file, content);
        return file;
    }
}
