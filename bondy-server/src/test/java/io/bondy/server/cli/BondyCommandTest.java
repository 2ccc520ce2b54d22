package io.bondy.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.TransportInfo;
import io.bondy.server.BondyServer;
import io.bondy.server.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bondy admin …} in this JVM against a node on random ports: output, JSON, exit codes. */
@Timeout(60)
class BondyCommandTest {

    private static final String PASSWORD = "cli-admin-pw";
    private static final String MASTER = "com.leapsight.bondy";

    @TempDir
    static Path dataDir;
    private static BondyServer server;

    /** One run's exit code and output. */
    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void start() {
        server = new BondyServer(new ConfigLoader(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0", "BONDY_WAMP_TCP_PORT", "0",
                "BONDY_ADMIN_API_HTTP_PORT", "0", "BONDY_PLATFORM_DATA_DIR", dataDir.toString(),
                "BONDY_ADMIN_PASSWORD", PASSWORD, "BONDY_SECURITY_THROTTLE_MAX_FAILURES", "1000",
                "BONDY_SECURITY_THROTTLE_AUTHID_MAX_FAILURES", "1000")).load(null));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void userAddListGetDeleteWithTablesAndJson() throws Exception {
        Run add = admin("user", "add", MASTER, "carol", "--new-password", "carol-pw-1");
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).contains("username:").contains("carol");

        Run table = admin("user", "list", MASTER);
        assertThat(table.code()).isZero();
        assertThat(table.out().lines().findFirst()).hasValueSatisfying(h -> assertThat(h).startsWith("USERNAME"));
        assertThat(table.out()).containsPattern("(?m)^carol\\s+");

        Run json = admin("user", "list", MASTER, "--json");
        assertThat(json.code()).isZero();
        List<?> users = new ObjectMapper().readValue(json.out(), List.class);
        assertThat(users).anySatisfy(u -> assertThat(((Map<?, ?>) u).get("username")).isEqualTo("carol"));

        assertThat(admin("user", "get", MASTER, "carol").out()).contains("enabled:");
        Run delete = admin("user", "delete", MASTER, "carol");
        assertThat(delete.code()).isZero();
        assertThat(delete.out()).contains("deleted user carol");
    }

    @Test
    void wampErrorsExitOneWithTheErrorUri() {
        Run missing = admin("user", "get", MASTER, "nobody-here");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("bondy.error.not_found");
    }

    @Test
    void grantCreateAndListAndGroupAndSource() {
        assertThat(admin("user", "add", MASTER, "dave", "--new-password", "dave-pw-12").code()).isZero();
        Run grant = admin("grant", "create", MASTER, "--permission", "wamp.call", "--uri", "com.example.",
                "--match", "prefix", "--role", "dave");
        assertThat(grant.code()).as(grant.err()).isZero();
        assertThat(admin("grant", "list", MASTER).out()).contains("com.example.");
        assertThat(admin("grant", "revoke", MASTER, "--permission", "wamp.call", "--uri", "com.example.",
                "--match", "prefix", "--role", "dave").code()).isZero();

        assertThat(admin("group", "add", MASTER, "ops").code()).isZero();
        assertThat(admin("group", "list", MASTER).out()).containsPattern("(?m)^ops");
        Run source = admin("source", "add", MASTER, "--usernames", "dave", "--authmethod", "password",
                "--cidr", "127.0.0.0/8");
        assertThat(source.code()).as(source.err()).isZero();
        assertThat(admin("source", "list", MASTER).out()).contains("127.0.0.0/8");
    }

    @Test
    void sessionListShowsTheCliItselfAndClusterSaysNotClusteredYet() {
        Run sessions = admin("session", "list");
        assertThat(sessions.code()).as(sessions.err()).isZero();
        assertThat(sessions.out()).startsWith("SESSION").contains("admin");

        Run cluster = admin("cluster", "members");
        assertThat(cluster.code()).isZero();
        assertThat(cluster.out()).contains("not clustered yet");
    }

    @Test
    void realmListShowsTheMasterRealm() {
        Run list = admin("realm", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains(MASTER);
    }

    @Test
    void badArgumentsExitTwo() {
        assertThat(admin("user", "add").code()).isEqualTo(2);
        assertThat(run(List.of("admin", "frobnicate")).code()).isEqualTo(2);
        Run noPassword = run(List.of("admin", "user", "list", MASTER, "--url", url()));
        assertThat(noPassword.code()).isEqualTo(2);
        assertThat(noPassword.err()).contains("BONDY_ADMIN_PASSWORD");
    }

    @Test
    void wrongPasswordAndNoServerExitThree() throws Exception {
        Run wrong = run(List.of("admin", "user", "list", MASTER, "--url", url(), "--password", "wrong-one"));
        assertThat(wrong.code()).isEqualTo(3);
        assertThat(wrong.err()).contains("wamp.error.authentication_failed");

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Run nobody = run(List.of("admin", "user", "list", MASTER, "--url", "ws://127.0.0.1:" + closedPort + "/ws",
                "--password", PASSWORD, "--timeout", "3"));
        assertThat(nobody.code()).isEqualTo(3);
        assertThat(nobody.err()).contains("no Bondy node at ws://127.0.0.1:" + closedPort + "/ws (connection refused)")
                .doesNotContain("Exception");
    }

    @Test
    void theUrlComesFromBondyUrlWhenNoOptionGivesIt() {
        List<String> args = List.of("admin", "user", "list", MASTER, "--password", PASSWORD);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BondyCommand.execute(args.toArray(String[]::new), Map.of("BONDY_URL", url()),
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("USERNAME");
    }

    @Test
    void passwordFromTheEnvironment() {
        List<String> args = List.of("admin", "user", "list", MASTER, "--url", url());
        StringWriter out = new StringWriter();
        int code = BondyCommand.execute(args.toArray(String[]::new), Map.of("BONDY_ADMIN_PASSWORD", PASSWORD),
                new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("USERNAME");
    }

    @Test
    void ticketAuthenticationWorksToo() throws Exception {
        InternalSession session = InternalSession.actingFor(server.router(), server.router().realm(MASTER).orElseThrow(),
                new AuthIdentity("admin", "user", "wampcra", "bondy", Map.of()), new TransportInfo("test", null, null));
        String ticket;
        try {
            Payload result = session.call("bondy.ticket.issue", Payload.NONE, Map.of()).get(10, TimeUnit.SECONDS);
            ticket = (String) ((Map<?, ?>) ((Payload.Arguments) result).args().get(0)).get("ticket");
        } finally {
            session.leave();
        }
        Run run = run(List.of("admin", "session", "list", "--url", url(), "--ticket", ticket));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("ticket");
    }

    @Test
    void noSubcommandMeansStart() {
        assertThat(BondyCommand.withDefaultCommand(new String[0])).containsExactly("start");
        assertThat(BondyCommand.withDefaultCommand(new String[] {"--config", "x.conf"}))
                .containsExactly("start", "--config", "x.conf");
        assertThat(BondyCommand.withDefaultCommand(new String[] {"admin", "user"})).containsExactly("admin", "user");
    }

    private static String url() {
        return "ws://127.0.0.1:" + server.webSocketPort() + "/ws";
    }

    private static Run admin(String... args) {
        List<String> all = new ArrayList<>(List.of("admin"));
        all.addAll(List.of(args));
        all.addAll(List.of("--url", url(), "--password", PASSWORD));
        return run(all);
    }

    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BondyCommand.execute(args.toArray(String[]::new), Map.of(), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }
}
