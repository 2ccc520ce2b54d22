package io.bondy.bench.workload;

import io.bondy.bench.client.Connector;
import io.bondy.bench.report.Latency;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 keep-alive POSTs in a closed loop: {@code connections} connections, one request in flight
 * each, the next sent when the response arrives, until the deadline. The body is
 * {@code {"n":SEQ}}; a response counts as ok when it is {@code 200} with exactly the request's body.
 * Latency is request sent → response received. Connections are opened once and reused across
 * {@link #run} calls, so a warm-up and the measured rounds share them.
 */
final class HttpClosedLoop implements AutoCloseable {

    private static final long CONNECT_SECONDS = 10;
    private static final long DRAIN_SECONDS = 10;

    private final String host;
    private final int port;
    private final String path;
    private final List<Conn> conns = new ArrayList<>();

    /** What one {@link #run} measured. */
    record Result(long ok, long bad, long lost, double seconds, double perSecond, Latency.Summary latency, String firstBad) {
    }

    HttpClosedLoop(Connector connector, String host, int port, String path, int connections) throws Exception {
        this.host = host;
        this.port = port;
        this.path = path;
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Conn c = new Conn();
            conns.add(c);
            CompletableFuture<Void> f = new CompletableFuture<>();
            opened.add(f);
            new Bootstrap().group(connector.group()).channel(connector.channelClass())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TimeUnit.SECONDS.toMillis(CONNECT_SECONDS))
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec());
                            ch.pipeline().addLast(new HttpObjectAggregator(1024 * 1024));
                            ch.pipeline().addLast(c);
                        }
                    })
                    .connect(host, port).addListener((io.netty.channel.ChannelFuture done) -> {
                        if (done.isSuccess()) {
                            c.channel = done.channel();
                            f.complete(null);
                        } else {
                            f.completeExceptionally(done.cause());
                        }
                    });
        }
        try {
            CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(CONNECT_SECONDS + 5, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /**
     * Runs the loop for {@code duration}; records latency into {@code latency} when it is not null (the
     * result's summary is then null: the caller summarizes its recorder once, after all its rounds).
     */
    Result run(Duration duration, Latency latency) throws InterruptedException {
        Latency own = latency != null ? latency : new Latency();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        AtomicLong ok = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        StringBuffer firstBad = new StringBuffer();
        List<CompletableFuture<Void>> finished = new ArrayList<>();
        for (Conn c : conns) {
            finished.add(c.start(deadline, own, ok, bad, firstBad));
        }
        long lost = 0;
        for (int i = 0; i < conns.size(); i++) {
            try {
                finished.get(i).get(duration.toSeconds() + DRAIN_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                lost++; // no answer to its last request within the drain time, or the connection closed
                conns.get(i).abandon();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(ok.get(), bad.get(), lost, seconds, ok.get() / seconds, latency != null ? null : own.summary(),
                firstBad.length() == 0 ? null : firstBad.toString());
    }

    @Override
    public void close() {
        for (Conn c : conns) {
            c.closeChannel();
        }
    }

    /** One connection's loop. Threading: its event loop, except {@link #start} and {@link #abandon}. */
    private final class Conn extends SimpleChannelInboundHandler<FullHttpResponse> {

        private volatile Channel channel;
        private long deadline;
        private Latency latency;
        private AtomicLong ok;
        private AtomicLong bad;
        private StringBuffer firstBad;
        private CompletableFuture<Void> done;
        private long seq;
        private String body;
        private long sentAt;

        CompletableFuture<Void> start(long deadline, Latency latency, AtomicLong ok, AtomicLong bad,
                                      StringBuffer firstBad) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            channel.eventLoop().execute(() -> {
                this.deadline = deadline;
                this.latency = latency;
                this.ok = ok;
                this.bad = bad;
                this.firstBad = firstBad;
                this.done = f;
                send();
            });
            return f;
        }

        private void send() {
            body = "{\"n\":" + (++seq) + "}";
            byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                    Unpooled.wrappedBuffer(bytes));
            request.headers()
                    .set(HttpHeaderNames.HOST, host + ":" + port)
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            sentAt = System.nanoTime();
            channel.writeAndFlush(request, channel.voidPromise());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            long now = System.nanoTime();
            if (done == null || done.isDone()) {
                return; // a late answer after the run gave up on this connection
            }
            String got = response.content().toString(StandardCharsets.UTF_8);
            if (response.status().code() == 200 && got.equals(body)) {
                ok.incrementAndGet();
                latency.record(now - sentAt);
            } else {
                if (bad.getAndIncrement() == 0) {
                    firstBad.append(response.status().code()).append(' ').append(got, 0, Math.min(200, got.length()));
                }
            }
            if (now < deadline) {
                send();
            } else {
                done.complete(null);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (done != null) {
                done.completeExceptionally(new IllegalStateException("connection closed"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        void abandon() {
            closeChannel();
        }

        void closeChannel() {
            Channel ch = channel;
            if (ch != null) {
                ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
    }
}
