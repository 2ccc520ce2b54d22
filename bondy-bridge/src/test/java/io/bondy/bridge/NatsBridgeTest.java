package io.bondy.bridge;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The bridge against the local NATS server (127.0.0.1:4222) with JetStream: one file stream per test. */
class NatsBridgeTest extends BrokerBridgeContract {

    @Override
    String kind() {
        return "nats";
    }

    @Override
    int port() {
        return Brokers.NATS;
    }

    /** The streams this test class made (its tests' or its bridges'): only those are deleted after it. */
    private static final java.util.Set<String> STREAMS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static String stream(String u) {
        String name = "BONDYTEST_" + u;
        STREAMS.add(name);
        return name;
    }

    @Override
    Map<String, String> clientConfig(String u) {
        return Map.of("endpoints", "127.0.0.1:4222", "reconnect_interval", "500ms", "jetstream", "on",
                "stream", stream(u), "stream_subjects", "bondytest." + u + ".>");
    }

    @Override
    String outTopic(String u) {
        return "bondytest." + u + ".out";
    }

    @Override
    String inSource(String u) {
        return "bondytest." + u + ".in.>";
    }

    private static Connection connect() throws Exception {
        return Nats.connect(new Options.Builder().server("nats://127.0.0.1:4222").maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500)).build());
    }

    /**
     * Removes this class's test streams so the server does not restore them at every restart; never
     * another run's (a second build on the machine may be using its own BONDYTEST_* streams).
     */
    @org.junit.jupiter.api.AfterAll
    static void deleteTestStreams() throws Exception {
        try (Connection c = connect()) {
            for (String name : c.jetStreamManagement().getStreamNames()) {
                if (STREAMS.contains(name)) {
                    c.jetStreamManagement().deleteStream(name);
                }
            }
        }
    }

    private static void ensureStream(Connection c, String u) throws Exception {
        try {
            c.jetStreamManagement().getStreamInfo(stream(u));
        } catch (io.nats.client.JetStreamApiException missing) {
            c.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream(u))
                    .subjects("bondytest." + u + ".>").storageType(StorageType.File).build());
        }
    }

    /**
     * Reads the stream from its start at every call (so a broker restart loses nothing the stream kept),
     * on a connection of its own each time: one made before a restart may come back with JetStream not
     * answering its requests, and the test would then wait on its own consumer, not on the bridge.
     */
    @Override
    DirectConsumer consumeDirect(String u) throws Exception {
        try (Connection setUp = connect()) {
            ensureStream(setUp, u);
        }
        return new DirectConsumer() {
            @Override
            public List<byte[]> received() throws Exception {
                try (Connection c = connect()) {
                    return read(c);
                }
            }

            private List<byte[]> read(Connection c) throws Exception {
                List<byte[]> out = new ArrayList<>();
                JetStream js = c.jetStream();
                JetStreamSubscription sub = js.subscribe(outTopic(u), PullSubscribeOptions.builder()
                        .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.All)
                                .inactiveThreshold(Duration.ofSeconds(30)).build()).build());
                try {
                    while (true) {
                        List<Message> batch = sub.fetch(1000, Duration.ofMillis(500));
                        if (batch.isEmpty()) {
                            break;
                        }
                        for (Message m : batch) {
                            out.add(m.getData());
                            m.ack();
                        }
                    }
                } finally {
                    sub.unsubscribe();
                }
                return out;
            }

            @Override
            public void close() throws Exception {
                try (Connection c = connect()) {
                    c.jetStreamManagement().deleteStream(stream(u));
                }
            }
        };
    }

    @Override
    DirectProducer produceDirect(String u) throws Exception {
        Connection c = connect();
        ensureStream(c, u);
        JetStream js = c.jetStream();
        String subject = "bondytest." + u + ".in.a";
        return new DirectProducer() {
            private final List<CompletableFuture<?>> pending = new ArrayList<>();

            @Override
            public void send(byte[] value) throws Exception {
                pending.add(js.publishAsync(subject, value));
                if (pending.size() >= 500) {
                    drain();
                }
            }

            private void drain() throws Exception {
                for (CompletableFuture<?> f : pending) {
                    f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                }
                pending.clear();
            }

            @Override
            public void close() throws Exception {
                drain();
                c.close();
            }
        };
    }
}
