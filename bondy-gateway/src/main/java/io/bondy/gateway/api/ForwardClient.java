package io.bondy.gateway.api;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;

/**
 * The {@code forward} action's HTTP client: the JDK's non-blocking {@link HttpClient} (HTTP/1.1), a
 * per-request timeout for the response, a connect timeout per client (clients are kept per distinct
 * connect timeout, a few at most), and a bound on the response body ({@code maxResponseBytes}; more
 * fails the exchange). Hop-by-hop headers and those the client sets itself are not forwarded.
 *
 * <p>Threading: thread-safe; futures complete on {@code executor}'s threads.
 */
public final class ForwardClient implements AutoCloseable {

    /** An upstream answer: status, headers (lower-case names, values joined with ","), body. */
    public record Response(int status, Map<String, Object> headers, Object body, String location) {
    }

    /** Headers never forwarded (hop-by-hop, or set by the client itself). */
    static final Set<String> DROPPED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "http2-settings");
    private static final int MAX_CLIENTS = 8;

    private final ExecutorService executor;
    private final long maxResponseBytes;
    private final Map<Long, HttpClient> clients = new ConcurrentHashMap<>();

    public ForwardClient(ExecutorService executor, long maxResponseBytes) {
        this.executor = executor;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Sends one request.
     *
     * @param url complete URL (host + path + query)
     */
    public CompletableFuture<Response> send(String method, String url, Map<String, String> headers, byte[] body,
                                            Duration timeout, Duration connectTimeout) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        headers.forEach((k, v) -> {
            if (!DROPPED.contains(k.toLowerCase(Locale.ROOT))) {
                try {
                    b.header(k, v);
                } catch (IllegalArgumentException ignored) {
                    // a header the JDK client refuses to send (restricted): dropped
                }
            }
        });
        String m = method.toUpperCase(Locale.ROOT);
        HttpRequest.BodyPublisher publisher = body == null || body.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        b.method(m, publisher);
        return client(connectTimeout).sendAsync(b.build(), info -> new Limited(maxResponseBytes))
                .thenApply(ForwardClient::response);
    }

    private HttpClient client(Duration connectTimeout) {
        long key = connectTimeout.toMillis();
        HttpClient c = clients.get(key);
        if (c != null) {
            return c;
        }
        if (clients.size() >= MAX_CLIENTS) {
            return clients.values().iterator().next();
        }
        return clients.computeIfAbsent(key, k -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build());
    }

    private static Response response(HttpResponse<byte[]> r) {
        Map<String, Object> headers = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        byte[] bytes = r.body();
        Object body;
        try {
            body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            body = bytes;
        }
        return new Response(r.statusCode(), headers, body, r.headers().firstValue("location").orElse(""));
    }

    @Override
    public void close() {
        clients.clear();
    }

    /** Collects a body up to a limit; more fails the exchange. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {

        private final long max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Limited(long max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (out.size() + (long) b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new ResponseTooLarge(max));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }

    /** The upstream's body exceeded the gateway's limit. */
    public static final class ResponseTooLarge extends RuntimeException {
        ResponseTooLarge(long max) {
            super("the upstream response body exceeds " + max + " bytes", null, false, false);
        }
    }
}
