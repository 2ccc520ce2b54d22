package io.bondy.server.metrics;

import io.bondy.core.message.MessageType;
import io.bondy.core.spi.RouterMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RouterMetrics} on Micrometer. Counters per message type are created up front, so the hot
 * path is one array-backed lookup and an atomic increment.
 *
 * <p>Meters: {@code bondy.messages.received|sent{type}}, {@code bondy.sessions.opened|closed{realm}},
 * {@code bondy.sessions.active{realm}}, {@code bondy.errors.sent{uri}},
 * {@code bondy.protocol.violations}, {@code bondy.outbound.dropped{type}},
 * {@code bondy.events.dropped{realm}}, {@code bondy.slow_subscribers.closed{realm}},
 * {@code bondy.call.duration{realm,outcome}} (a histogram), {@code bondy.transport.received|sent{transport}} (bytes),
 * {@code bondy.calls.undeliverable{realm,type}}, {@code bondy.publications.refused{realm,reason}},
 * {@code bondy.transport.errors{transport,kind}},
 * {@code bondy.connections.refused{listener}}, {@code bondy.connections.timed_out{listener,deadline}}.
 */
public final class MicrometerRouterMetrics implements RouterMetrics {

    private final MeterRegistry registry;
    private final Map<MessageType, Counter> received = new EnumMap<>(MessageType.class);
    private final Map<MessageType, Counter> sent = new EnumMap<>(MessageType.class);
    private final Map<MessageType, Counter> dropped = new EnumMap<>(MessageType.class);
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, RealmMeters> realms = new ConcurrentHashMap<>();
    private final Counter violations;
    private final Map<String, Counter> bytesIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> bytesOut = new ConcurrentHashMap<>();
    private final Map<String, Timer[]> calls = new ConcurrentHashMap<>();
    private final Map<String, Counter> undeliverable = new ConcurrentHashMap<>();
    private final Map<String, Counter> lateAnswers = new ConcurrentHashMap<>();
    private final Map<String, Counter> publishRefused = new ConcurrentHashMap<>();
    private final Map<String, Counter> transportErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Counter> timedOut = new ConcurrentHashMap<>();
    private final Map<String, Counter> tlsFailures = new ConcurrentHashMap<>();

    public MicrometerRouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (MessageType t : MessageType.values()) {
            String type = t.name().toLowerCase(Locale.ROOT);
            received.put(t, Counter.builder("bondy.messages.received").tag("type", type)
                    .description("WAMP messages received from clients").register(registry));
            sent.put(t, Counter.builder("bondy.messages.sent").tag("type", type)
                    .description("WAMP messages sent to clients").register(registry));
            dropped.put(t, Counter.builder("bondy.outbound.dropped").tag("type", type)
                    .description("messages not delivered because a connection's outbound queue was full or the message too long")
                    .register(registry));
        }
        violations = Counter.builder("bondy.protocol.violations")
                .description("sessions aborted for a protocol violation").register(registry);
    }

    @Override
    public void sessionOpened(String realm) {
        RealmMeters m = realm(realm);
        m.opened.increment();
        m.active.incrementAndGet();
    }

    @Override
    public void sessionClosed(String realm) {
        RealmMeters m = realm(realm);
        m.closed.increment();
        m.active.decrementAndGet();
    }

    @Override
    public void messageReceived(MessageType type) {
        received.get(type).increment();
    }

    @Override
    public void messageSent(MessageType type) {
        sent.get(type).increment();
    }

    @Override
    public void errorSent(String errorUri) {
        errors.computeIfAbsent(errorUri, uri -> Counter.builder("bondy.errors.sent").tag("uri", uri)
                .description("ERROR and ABORT replies by URI").register(registry)).increment();
    }

    @Override
    public void protocolViolation() {
        violations.increment();
    }

    @Override
    public void outboundDropped(MessageType type) {
        dropped.get(type).increment();
    }

    @Override
    public void eventDropped(String realm) {
        realm(realm).eventsDropped.increment();
    }

    @Override
    public void slowSubscriberClosed(String realm) {
        realm(realm).slowClosed.increment();
    }

    @Override
    public void transportError(String transport, String kind) {
        transportErrors.computeIfAbsent(transport + '\u0000' + kind, k -> Counter.builder("bondy.transport.errors")
                .tag("transport", transport).tag("kind", kind)
                .description("connections closed after a transport error (logged at DEBUG; unexpected ones at WARN)")
                .register(registry)).increment();
    }

    @Override
    public void publishRefused(String realm, String reason) {
        publishRefused.computeIfAbsent(realm + '\u0000' + reason, k -> Counter.builder("bondy.publications.refused")
                .tag("realm", realm).tag("reason", reason)
                .description("PUBLISH refused (answered with ERROR when acknowledged, dropped when not)")
                .register(registry)).increment();
    }

    @Override
    public void callUndeliverable(String realm, MessageType type) {
        undeliverable.computeIfAbsent(realm + '\u0000' + type, k -> Counter.builder("bondy.calls.undeliverable")
                .tag("realm", realm).tag("type", type.name().toLowerCase(Locale.ROOT))
                .description("INVOCATIONs, RESULTs and ERRORs of calls refused by a full outbound queue; the call was ended")
                .register(registry)).increment();
    }

    @Override
    public void lateAnswerDropped(String realm) {
        lateAnswers.computeIfAbsent(realm, k -> Counter.builder("bondy.calls.late_answers")
                .tag("realm", realm)
                .description("YIELDs and ERRORs for invocations that no longer wait (the caller left, canceled or timed out); dropped")
                .register(registry)).increment();
    }

    @Override
    public void callCompleted(String realm, long nanos, boolean ok) {
        calls.computeIfAbsent(realm, r -> new Timer[] {callTimer(r, "result"), callTimer(r, "error")})[ok ? 0 : 1]
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void bytesReceived(String transport, int bytes) {
        bytes(bytesIn, "bondy.transport.received", transport).increment(bytes);
    }

    @Override
    public void bytesSent(String transport, int bytes) {
        bytes(bytesOut, "bondy.transport.sent", transport).increment(bytes);
    }

    @Override
    public void connectionRefused(String listener) {
        refused.computeIfAbsent(listener, l -> Counter.builder("bondy.connections.refused").tag("listener", l)
                .description("connections refused because the listener had its maximum number").register(registry))
                .increment();
    }

    @Override
    public void connectionTimedOut(String listener, String deadline) {
        timedOut.computeIfAbsent(listener + '/' + deadline, k -> Counter.builder("bondy.connections.timed_out")
                .tag("listener", listener).tag("deadline", deadline)
                .description("connections closed by a deadline (handshake, request, idle)").register(registry))
                .increment();
    }

    @Override
    public void tlsHandshakeFailed(String listener, String reason) {
        tlsFailures.computeIfAbsent(listener + '/' + reason, k -> Counter.builder("bondy.tls.handshake.failures")
                .tag("listener", listener).tag("reason", reason)
                .description("TLS handshakes that failed (not_tls, certificate, certificate_expired, protocol)")
                .register(registry)).increment();
    }

    private Counter bytes(Map<String, Counter> cache, String name, String transport) {
        Counter c = cache.get(transport);
        return c != null ? c : cache.computeIfAbsent(transport, t -> Counter.builder(name).baseUnit("bytes")
                .tag("transport", t).description("bytes of WAMP messages").register(registry));
    }

    private Timer callTimer(String realm, String outcome) {
        return Timer.builder("bondy.call.duration").tag("realm", realm).tag("outcome", outcome)
                .description("from the CALL accepted by the dealer to its final RESULT or ERROR")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
    }

    private RealmMeters realm(String realm) {
        return realms.computeIfAbsent(realm, r -> new RealmMeters(registry, r));
    }

    private static final class RealmMeters {
        final Counter opened;
        final Counter closed;
        final Counter eventsDropped;
        final Counter slowClosed;
        final AtomicLong active = new AtomicLong();

        RealmMeters(MeterRegistry registry, String realm) {
            opened = Counter.builder("bondy.sessions.opened").tag("realm", realm).register(registry);
            closed = Counter.builder("bondy.sessions.closed").tag("realm", realm).register(registry);
            eventsDropped = Counter.builder("bondy.events.dropped").tag("realm", realm)
                    .description("events not delivered to a slow subscriber (slow_subscriber = drop)").register(registry);
            slowClosed = Counter.builder("bondy.slow_subscribers.closed").tag("realm", realm)
                    .description("sessions closed as slow subscribers (slow_subscriber = close)").register(registry);
            Gauge.builder("bondy.sessions.active", active, AtomicLong::get).tag("realm", realm)
                    .description("sessions currently joined").register(registry);
        }
    }
}
