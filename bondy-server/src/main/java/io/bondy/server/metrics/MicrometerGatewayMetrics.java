package io.bondy.server.metrics;

import io.bondy.gateway.api.GatewayMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API gateway's meters (Prometheus names):
 * <ul>
 *   <li>{@code bondy_http_gateway_requests_total{api,path,method,status}}: answered requests;</li>
 *   <li>{@code bondy_http_gateway_request_duration_seconds{api,path}}: a histogram, request complete to answer handed over;</li>
 *   <li>{@code bondy_http_gateway_retries_total{api,path,action}}: retried actions;</li>
 *   <li>{@code bondy_http_gateway_apis}: loaded API specifications.</li>
 * </ul>
 * {@code path} is the spec's path key ({@code /things/:id}), so the tags are bounded by the loaded specs.
 */
public final class MicrometerGatewayMetrics implements GatewayMetrics {

    private record RequestKey(String api, String path, String method, int status) {
    }

    private record PathKey(String api, String path) {
    }

    private final MeterRegistry registry;
    private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final Map<PathKey, Timer> latency = new ConcurrentHashMap<>();
    private final AtomicInteger apis = new AtomicInteger();

    public MicrometerGatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("bondy.http_gateway.apis", apis);
    }

    @Override
    public void requestAnswered(String api, String path, String method, int status, long nanos) {
        requests.computeIfAbsent(new RequestKey(api, path, method, status), k -> Counter
                .builder("bondy.http_gateway.requests").description("HTTP requests answered by the API gateway")
                .tags("api", k.api(), "path", k.path(), "method", k.method(), "status", Integer.toString(k.status()))
                .register(registry)).increment();
        latency.computeIfAbsent(new PathKey(api, path), k -> Timer.builder("bondy.http_gateway.request.duration")
                .description("From a complete request to its answer").tags("api", k.api(), "path", k.path())
                .publishPercentileHistogram().register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void actionRetried(String api, String path, String action) {
        registry.counter("bondy.http_gateway.retries", "api", api, "path", path, "action", action).increment();
    }

    @Override
    public void apisLoaded(int count) {
        apis.set(count);
    }
}
