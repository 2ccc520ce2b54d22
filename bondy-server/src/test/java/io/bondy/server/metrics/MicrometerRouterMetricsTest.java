package io.bondy.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.MessageType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The meters of the reliability counters: names and tags as docs/operations.md lists them. */
class MicrometerRouterMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerRouterMetrics metrics = new MicrometerRouterMetrics(registry);

    @Test
    void undeliverableCallMessagesAreCountedByRealmAndType() {
        metrics.callUndeliverable("realm1", MessageType.INVOCATION);
        metrics.callUndeliverable("realm1", MessageType.INVOCATION);
        metrics.callUndeliverable("realm1", MessageType.RESULT);

        assertThat(registry.get("bondy.calls.undeliverable").tag("realm", "realm1").tag("type", "invocation")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("bondy.calls.undeliverable").tag("type", "result").counter().count()).isEqualTo(1);
    }

    @Test
    void refusedPublicationsAreCountedByRealmAndReason() {
        metrics.publishRefused("realm1", "reserved_topic");

        assertThat(registry.get("bondy.publications.refused").tag("realm", "realm1").tag("reason", "reserved_topic")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void transportErrorsAreCountedByTransportAndKind() {
        metrics.transportError("websocket", "premature_close");
        metrics.transportError("websocket", "premature_close");

        assertThat(registry.get("bondy.transport.errors").tag("transport", "websocket").tag("kind", "premature_close")
                .counter().count()).isEqualTo(2);
    }
}
