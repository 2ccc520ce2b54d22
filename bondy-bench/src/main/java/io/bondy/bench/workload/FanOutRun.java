package io.bondy.bench.workload;

import io.bondy.bench.client.BenchConnection;
import io.bondy.bench.client.Endpoint;
import io.bondy.bench.client.FrameListener;
import io.bondy.bench.report.Latency;
import io.bondy.bench.wamp.BenchSession;
import io.bondy.core.message.Event;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.Serializers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * One fan-out run: {@code n} subscribers and one publisher on one server. Through a router they
 * SUBSCRIBE to a topic and the publisher PUBLISHes to it; on the echo server they all join
 * {@code /broadcast} and the publisher's PUBLISH frames are broadcast as they are.
 *
 * <p>The publisher keeps at most {@code window} publications undelivered (delivered = received by
 * all subscribers, estimated as received / n): a closed loop that runs at the rate the server
 * sustains without building queues. Each event carries its publish time; the receive time minus
 * that is the publish-to-delivery latency. Bounded by the run's duration; a run whose deliveries
 * make no progress for 2 s stops and counts what is missing as dropped.
 */
final class FanOutRun {

    private static final int CONNECT_LIMIT = 128;
    private static final long TICK_MICROS = 200;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final int n;
    private final LongAdder received = new LongAdder();
    private final Latency latency = new Latency();
    private final List<BenchSession> sessions = new ArrayList<>();
    private final List<BenchConnection> connections = new ArrayList<>();
    private volatile long base;
    private volatile long recordFrom = Long.MAX_VALUE;

    private FanOutRun(int n) {
        this.n = n;
    }

    record Result(double deliveriesPerSecond, Latency.Summary latency, long published, long expected,
                  long dropped, boolean stalled) {
    }

    static CallRuns.Outcome<Result> run(BenchContext ctx, Server server, Endpoint endpoint, int n, int window,
                                        Duration warmup, Duration measure) {
        FanOutRun run = new FanOutRun(n);
        try {
            return new CallRuns.Outcome<>(run.execute(ctx, server, endpoint, window, warmup, measure), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CallRuns.Outcome<>(null, "interrupted");
        } catch (Exception e) {
            return new CallRuns.Outcome<>(null, "failed: " + CallRuns.describe(e));
        } finally {
            run.closeAll();
        }
    }

    /** Leaves/closes everything and waits (10 s at most) until the server saw the connections close. */
    private void closeAll() {
        List<BenchConnection> all = new ArrayList<>();
        synchronized (sessions) {
            sessions.forEach(s -> {
                s.leave();
                all.add(s.connection());
            });
            connections.forEach(c -> {
                c.close();
                all.add(c);
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (BenchConnection c : all) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !c.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                break;
            }
        }
    }

    private void deliver(long t0) {
        received.increment();
        if (t0 >= 0 && base + t0 >= recordFrom) {
            latency.record(System.nanoTime() - (base + t0));
        }
    }

    private Result execute(BenchContext ctx, Server server, Endpoint endpoint, int window, Duration warmup,
                           Duration measure) throws Exception {
        String topic = ctx.freshUri("topic");
        var subscribers = Concurrently.open(n, CONNECT_LIMIT, 120, TimeUnit.SECONDS,
                i -> server.isEcho() ? broadcastMember(ctx, endpoint, this::deliver) : subscriber(ctx, endpoint, topic));
        if (subscribers.failures() > 0) {
            throw new IllegalStateException("subscribers: " + subscribers.failureText());
        }
        PublisherLoop publisher = server.isEcho() ? echoPublisher(ctx, endpoint, topic) : routerPublisher(ctx, endpoint,
                topic);
        return publisher.run(window, warmup.toNanos(), measure.toNanos());
    }

    private CompletableFuture<Object> subscriber(BenchContext ctx, Endpoint endpoint, String topic) {
        return BenchSession.join(ctx.connector(), endpoint, BenchContext.REALM, (s, m) -> {
            if (m instanceof Event e) {
                deliver(Args.t0(e.payload()));
            }
        }).thenCompose(s -> {
            synchronized (sessions) {
                sessions.add(s);
            }
            return s.subscribe(topic);
        }).thenApply(answer -> {
            if (!(answer instanceof Subscribed)) {
                throw new IllegalStateException("SUBSCRIBE refused: " + answer);
            }
            return answer;
        });
    }

    private CompletableFuture<Object> broadcastMember(BenchContext ctx, Endpoint endpoint, LongConsumer sink) {
        Serializer serializer = Serializers.of(endpoint.serializer());
        FrameListener listener = (conn, payload) -> {
            WampMessage m = serializer.decode(payload);
            if (m instanceof Publish p) {
                sink.accept(Args.t0(p.payload()));
            }
        };
        return ctx.connector().connect(endpoint, listener).thenApply(conn -> {
            synchronized (sessions) {
                connections.add(conn);
            }
            return conn;
        });
    }

    private PublisherLoop routerPublisher(BenchContext ctx, Endpoint endpoint, String topic) throws Exception {
        BenchSession s = BenchSession.join(ctx.connector(), endpoint, BenchContext.REALM, (x, m) -> { })
                .get(30, TimeUnit.SECONDS);
        synchronized (sessions) {
            sessions.add(s);
        }
        return new PublisherLoop(s.connection(),
                t0 -> s.send(new Publish(s.nextRequestId(), Map.of(), topic, Args.of(t0))));
    }

    private PublisherLoop echoPublisher(BenchContext ctx, Endpoint endpoint, String topic) throws Exception {
        Serializer serializer = Serializers.of(endpoint.serializer());
        BenchConnection conn = ctx.connector().connect(endpoint, (c, p) -> { }).get(30, TimeUnit.SECONDS);
        synchronized (sessions) {
            connections.add(conn);
        }
        long[] ids = {0};
        return new PublisherLoop(conn,
                t0 -> conn.send(serializer.encode(new Publish(++ids[0], Map.of(), topic, Args.of(t0)))));
    }

    /** Publishes on the publisher connection's event loop, ticked every {@value #TICK_MICROS} µs. */
    private final class PublisherLoop {

        private final BenchConnection connection;
        private final LongConsumer publish;
        private long published;
        private long lastReceived = -1;
        private long lastProgress;
        private long windowStartTime;
        private long windowStartReceived = -1;
        private long windowEndTime;
        private long windowEndReceived = -1;
        private boolean stalled;
        private boolean stopped;
        private volatile ScheduledFuture<?> ticker;
        private final CompletableFuture<Void> sendingDone = new CompletableFuture<>();

        PublisherLoop(BenchConnection connection, LongConsumer publish) {
            this.connection = connection;
            this.publish = publish;
        }

        Result run(int window, long warmupNanos, long measureNanos) throws Exception {
            base = System.nanoTime();
            long measureStart = base + warmupNanos;
            long end = measureStart + measureNanos;
            recordFrom = measureStart;
            lastProgress = base;
            ticker = connection.eventLoop().scheduleAtFixedRate(() -> tick(window, measureStart, end), 0,
                    TICK_MICROS, TimeUnit.MICROSECONDS);
            sendingDone.get(warmupNanos + measureNanos + TimeUnit.SECONDS.toNanos(10), TimeUnit.NANOSECONDS);
            // Let the last publications arrive: until all are in, or no progress for 2 s (10 s at most).
            long expected = published * n;
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long last = -1;
            long lastChange = System.nanoTime();
            while (received.sum() < expected && System.nanoTime() < waitUntil
                    && System.nanoTime() - lastChange < STALL_NANOS) {
                long now = received.sum();
                if (now != last) {
                    last = now;
                    lastChange = System.nanoTime();
                }
                Thread.sleep(20);
            }
            long delivered = windowEndReceived - windowStartReceived;
            double seconds = Math.max(1, windowEndTime - windowStartTime) / 1e9;
            return new Result(windowStartReceived < 0 || windowEndReceived < 0 ? 0 : delivered / seconds,
                    latency.summary(), published, expected, Math.max(0, expected - received.sum()), stalled);
        }

        private void tick(int window, long measureStart, long end) {
            if (stopped) {
                return;
            }
            long now = System.nanoTime();
            long got = received.sum();
            if (got != lastReceived) {
                lastReceived = got;
                lastProgress = now;
            }
            if (windowStartReceived < 0 && now >= measureStart) {
                windowStartReceived = got;
                windowStartTime = now;
            }
            boolean stop = now >= end;
            if (!stop && published > got / n && now - lastProgress > STALL_NANOS) {
                stalled = true;
                stop = true;
            }
            if (stop) {
                stopped = true;
                windowEndReceived = got;
                windowEndTime = now;
                if (windowStartReceived < 0) {
                    windowStartReceived = got;
                    windowStartTime = now;
                }
                if (ticker != null) {
                    ticker.cancel(false);
                }
                sendingDone.complete(null);
                return;
            }
            long complete = got / n;
            while (published - complete < window) {
                published++;
                publish.accept(now - base);
            }
        }
    }
}
