package io.bondy.security.bench;

import io.bondy.core.spi.Action;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.SessionInfo;
import io.bondy.core.spi.TransportInfo;
import io.bondy.core.store.MemoryStore;
import io.bondy.security.admin.GrantAdmin;
import io.bondy.security.admin.GroupAdmin;
import io.bondy.security.admin.SecurityEvents;
import io.bondy.security.admin.UserAdmin;
import io.bondy.security.authz.RbacAuthorizer;
import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.PasswordPolicy;
import io.bondy.security.store.SecurityStore;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One authorization decision in a realm holding 1,000 grants, all of which apply to the session's
 * user (through the user, two nested groups and {@code all}): 400 exact, 300 prefix and 300 wildcard
 * resources. Run: see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuthorizationBenchmark {

    private static final String REALM = "com.example.bench";

    private RbacAuthorizer authorizer;
    private SessionInfo session;

    @Setup
    public void setup() {
        SecurityState state = new SecurityState(new SecurityStore(new MemoryStore("bench")));
        GroupAdmin groups = new GroupAdmin(state, SecurityEvents.NONE);
        groups.add(REALM, Map.of("name", "staff"));
        groups.add(REALM, Map.of("name", "editors", "groups", List.of("staff")));
        new UserAdmin(state, PasswordPolicy.DEFAULTS, SecurityEvents.NONE).add(REALM,
                Map.of("username", "alice", "groups", List.of("editors")));
        GrantAdmin grants = new GrantAdmin(state);
        String[] roles = {"user/alice", "group/editors", "group/staff", "all"};
        for (int i = 0; i < 1000; i++) {
            String match = i < 400 ? "exact" : i < 700 ? "prefix" : "wildcard";
            String uri = switch (match) {
                case "exact" -> "com.example.app" + i + ".proc";
                case "prefix" -> "com.example.svc" + i + ".";
                default -> "com.example..w" + i;
            };
            grants.create(REALM, Map.of("roles", List.of(roles[i % 4]), "permissions", List.of("wamp.call"),
                    "resources", List.of(Map.of("uri", uri, "match", match))));
        }
        authorizer = new RbacAuthorizer(state);
        AuthIdentity id = new AuthIdentity("alice", "editors", "wampcra", "bondy", Map.of());
        TransportInfo transport = new TransportInfo("websocket", null, new InetSocketAddress("127.0.0.1", 1));
        session = new SessionInfo() {
            @Override
            public long id() {
                return 1;
            }

            @Override
            public String realmUri() {
                return REALM;
            }

            @Override
            public AuthIdentity identity() {
                return id;
            }

            @Override
            public TransportInfo transport() {
                return transport;
            }
        };
        if (!allowedExact() || !allowedPrefix() || !allowedWildcard() || denied()) {
            throw new IllegalStateException("benchmark setup does not decide as expected");
        }
    }

    @Benchmark
    public boolean allowedExact() {
        return authorizer.isAllowed(session, Action.CALL, "com.example.app123.proc");
    }

    @Benchmark
    public boolean allowedPrefix() {
        return authorizer.isAllowed(session, Action.CALL, "com.example.svc555.do.something");
    }

    @Benchmark
    public boolean allowedWildcard() {
        return authorizer.isAllowed(session, Action.CALL, "com.example.anything.w901");
    }

    @Benchmark
    public boolean denied() {
        return authorizer.isAllowed(session, Action.CALL, "org.other.namespace.proc");
    }
}
