package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.security.admin.AdminWorkers;
import io.bondy.server.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: admin procedures that derive password keys run on the admin workers, not on the calling
 * client's event loop. The node has one event loop ({@code wamp.io_threads = 1}), so both clients'
 * connections share it, and an Argon2id cost that makes {@code bondy.user.add} take seconds.
 */
@Timeout(120)
class AdminWorkersTest {

    /** Argon2id passes over 8 KiB: seconds per password on this machine, nothing per login (WAMP-CRA here). */
    private static final String SLOW_SCRAM_ITERATIONS = "150000";

    @TempDir
    Path dataDir;

    private BondyServer start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0",
                "BONDY_WAMP_TCP_PORT", "0", "BONDY_ADMIN_API_HTTP_PORT", "0",
                "BONDY_PLATFORM_DATA_DIR", dataDir.toString(), "BONDY_ADMIN_PASSWORD", "admin-password-1",
                "BONDY_WAMP_IO_THREADS", "1", "BONDY_SECURITY_PASSWORD_SCRAM_MEMORY_KIB", "8",
                "BONDY_SECURITY_PASSWORD_SCRAM_ITERATIONS", SLOW_SCRAM_ITERATIONS));
        env.putAll(extra);
        BondyServer server = new BondyServer(new ConfigLoader(env).load(null));
        server.start();
        return server;
    }

    @Test
    void aSlowPasswordHashDoesNotHoldUpAnotherClientOnTheSameEventLoop() throws Exception {
        try (BondyServer server = start(Map.of());
             RawSocketClient hasher = RawSocketClient.connect(server.rawSocketPort());
             RawSocketClient other = RawSocketClient.connect(server.rawSocketPort())) {
            assertThat(hasher.joinAnonymous("realm1")).isInstanceOf(Welcome.class);
            assertThat(other.joinAnonymous("realm1")).isInstanceOf(Welcome.class);
            hasher.timeout(100_000);

            hasher.send(addUser(hasher.nextRequest(), "alice"));
            AtomicReference<Thread> hashing = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> hashingThread().map(t -> {
                        hashing.set(t);
                        return true;
                    }).orElse(false));
            assertThat(hashing.get().getName()).as("the thread deriving the password's keys")
                    .startsWith(AdminWorkers.THREAD_PREFIX).doesNotStartWith("bondy-io");

            // the other client's call is read, routed and answered on the shared event loop meanwhile
            assertThat(other.call("wamp.session.count")).isInstanceOf(Result.class);
            assertThat(hashingThread()).as("the hash of the first call is still running after the second call's RESULT")
                    .isPresent();

            assertThat(hasher.next()).as("the slow call is answered once its hash is done").isInstanceOf(Result.class);
        }
    }

    @Test
    void aCallFindingTheAdminQueueFullIsRefusedAtOnceAndCounted() throws Exception {
        try (BondyServer server = start(Map.of("BONDY_SECURITY_ADMIN_PROCEDURES_THREADS", "1",
                "BONDY_SECURITY_ADMIN_PROCEDURES_MAX_QUEUED_CALLS", "1"));
             RawSocketClient client = RawSocketClient.connect(server.rawSocketPort())) {
            assertThat(client.joinAnonymous("realm1")).isInstanceOf(Welcome.class);
            client.timeout(100_000);
            long running = client.nextRequest();
            long queued = client.nextRequest();
            long refused = client.nextRequest();
            client.send(addUser(running, "alice"));
            client.send(addUser(queued, "bob"));
            client.send(addUser(refused, "carol"));

            WampMessage first = client.next();
            assertThat(first).as("the third call finds the one worker busy and the queue of one full")
                    .isInstanceOfSatisfying(Error.class, e -> {
                        assertThat(e.requestId()).isEqualTo(refused);
                        assertThat(e.error()).isEqualTo(AdminWorkers.OVERLOADED);
                    });
            assertThat(List.of(client.next(), client.next())).allSatisfy(m -> assertThat(m).isInstanceOf(Result.class));
            assertThat(server.security().adminWorkers().refused()).isEqualTo(1);
            assertThat(client.call("bondy.user.get", "realm1", "carol")).as("the refused call did nothing")
                    .isInstanceOf(Error.class);
        }
    }

    private static Call addUser(long request, String name) {
        return new Call(request, Map.of(), "bondy.user.add", Payload.of(List.of("realm1",
                Map.of("username", name, "password", name + "-password"))));
    }

    /** A thread now deriving a password key (PBKDF2 or Argon2id), if any. */
    private static Optional<Thread> hashingThread() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> List.of(e.getValue()).stream().anyMatch(f -> f.getClassName().endsWith(".Kdf")
                        && (f.getMethodName().equals("argon2id") || f.getMethodName().equals("pbkdf2Sha256"))))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
