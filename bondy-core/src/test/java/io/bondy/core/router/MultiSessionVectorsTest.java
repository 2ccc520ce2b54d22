package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.testing.TestSuiteFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Plays the official multi-session vectors ({@code wamp-testsuite/multisession}) against the router:
 * client steps are sent, router steps are expected in order. IDs the router assigns are bound on
 * first sight (the vectors' numbers are placeholders) and must stay consistent afterwards.
 */
class MultiSessionVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyMultiSessionVectorPlaysAgainstTheRouter() {
        List<Path> files = TestSuiteFiles.jsonFiles("multisession");
        assertThat(files).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> play(f)));
    }

    @SuppressWarnings("unchecked")
    private void play(Path file) throws IOException {
        Map<String, Object> vector = JSON.readValue(file.toFile(), Map.class);
        RouterFixture fixture = new RouterFixture();
        Map<String, RouterFixture.Client> sessions = new HashMap<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) vector.get("sessions")) {
            String realm = (String) s.getOrDefault("realm", "realm1");
            sessions.put((String) s.get("session_id"), fixture.join(realm));
        }
        Map<Long, Long> boundIds = new HashMap<>();
        for (Map<String, Object> step : (List<Map<String, Object>>) vector.get("sequence")) {
            Map<String, Object> m = (Map<String, Object>) step.get("message");
            String what = "step " + step.get("step") + " (" + step.get("description") + ")";
            if ("router".equals(step.get("to"))) {
                sessions.get((String) step.get("from")).send(clientMessage(m));
            } else {
                WampMessage got = sessions.get((String) step.get("to")).peer().next();
                assertThat(got.type().name()).as(what).isEqualTo(m.get("type"));
                checkRouterMessage(got, m, boundIds, what);
            }
        }
        for (RouterFixture.Client c : sessions.values()) {
            assertThat(c.peer().drain()).as("no message beyond the sequence").isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    private static WampMessage clientMessage(Map<String, Object> m) {
        long request = ((Number) m.get("request_id")).longValue();
        Map<String, Object> options = (Map<String, Object>) m.getOrDefault("options", Map.of());
        return switch ((String) m.get("type")) {
            case "SUBSCRIBE" -> new Subscribe(request, options, (String) m.get("topic"));
            case "PUBLISH" -> new Publish(request, options, (String) m.get("topic"),
                    new Payload.Arguments((List<Object>) m.get("args"), (Map<String, Object>) m.get("kwargs")));
            default -> throw new AssertionError("the player does not know client message " + m.get("type") + " yet");
        };
    }

    @SuppressWarnings("unchecked")
    private static void checkRouterMessage(WampMessage got, Map<String, Object> m, Map<Long, Long> bound, String what) {
        if (got instanceof Subscribed s) {
            assertThat(s.requestId()).as(what).isEqualTo(((Number) m.get("request_id")).longValue());
            bind(bound, m.get("subscription_id"), s.subscriptionId(), what);
        } else if (got instanceof Event e) {
            bind(bound, m.get("subscription_id"), e.subscriptionId(), what);
            Payload.Arguments args = (Payload.Arguments) e.payload();
            assertThat(args.argsOrEmpty()).as(what).isEqualTo(m.getOrDefault("args", List.of()));
            assertThat(args.kwargsOrEmpty()).as(what).isEqualTo(m.getOrDefault("kwargs", Map.of()));
        } else {
            throw new AssertionError("the player does not know router message " + got.type() + " yet");
        }
    }

    private static void bind(Map<Long, Long> bound, Object placeholder, long actual, String what) {
        long key = ((Number) placeholder).longValue();
        Long previous = bound.putIfAbsent(key, actual);
        assertThat(previous == null ? actual : previous).as(what + ": id " + key + " used consistently").isEqualTo(actual);
    }
}
