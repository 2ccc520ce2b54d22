package io.bondy.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.store.Store;
import io.bondy.gateway.api.http.ApiGatewayHandler;
import io.bondy.gateway.api.http.GatewayServices;
import io.bondy.gateway.api.spec.ApiSpec;
import io.bondy.gateway.api.spec.ApiSpecException;
import io.bondy.gateway.api.spec.ApiSpecParser;
import io.netty.channel.ChannelHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API gateway of one node: the loaded API specifications ({@link ApiRegistry}, kept in the
 * replicated store), the handler that serves them on the API gateway's HTTP port ({@link #newHandler}),
 * its admin procedures and meta events. Start it after the store and the router; close it after the
 * transport.
 *
 * <p>Meta events, published in the master realm by the node where the change was made:
 * {@value #LOADED}{@code (id)} and {@value #DELETED}{@code (id)}.
 *
 * <p>Threads: requests run on the transport's event loops; credential checks on
 * {@code bondy-gateway-auth-N} (bounded queue); the forward client on {@code bondy-gateway-http-N};
 * the store's writer thread swaps in new routes.
 */
public final class ApiGateway implements AutoCloseable {

    public static final String LOADED = "bondy.http_gateway.api.loaded";
    public static final String DELETED = "bondy.http_gateway.api.deleted";

    private static final Logger LOG = LoggerFactory.getLogger(ApiGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewaySettings settings;
    private final ApiRegistry registry;
    private final ThreadPoolExecutor authExecutor;
    private final ExecutorService forwardExecutor;
    private final ForwardClient forward;
    private final GatewayServices services;
    private final GatewayMetrics metrics;
    private volatile InternalSession events;

    public ApiGateway(GatewaySettings settings, Store store, WampPort wamp, HttpAuthenticator authenticator,
                      GatewayMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics == null ? GatewayMetrics.NOOP : metrics;
        this.registry = new ApiRegistry(store, new ApiSpecParser(settings.reservedPaths()));
        this.authExecutor = new ThreadPoolExecutor(settings.authThreads(), settings.authThreads(), 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.maxQueuedAuth()), threads("bondy-gateway-auth-"));
        this.forwardExecutor = Executors.newFixedThreadPool(settings.forwardThreads(), threads("bondy-gateway-http-"));
        this.forward = new ForwardClient(forwardExecutor, settings.maxForwardResponseBytes());
        this.services = new GatewayServices(settings, wamp, forward, authenticator, authExecutor, this.metrics);
        registry.addListener((id, spec) -> this.metrics.apisLoaded(registry.all().size()));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Serves the stored specs, then loads {@code api_gateway.config_file} when set.
     *
     * @throws IllegalStateException naming the file and the first error of a bad spec in it
     */
    public void start() {
        registry.start();
        metrics.apisLoaded(registry.all().size());
        if (settings.configFile() != null) {
            loadFile(settings.configFile());
        }
    }

    /** Publishes the meta events through {@code master} (the master realm's internal session). */
    public void publishEventsThrough(InternalSession master) {
        this.events = master;
    }

    /** A handler for one connection of the API gateway's port. */
    public ChannelHandler newHandler() {
        return new ApiGatewayHandler(registry::table, services);
    }

    public ApiRegistry registry() {
        return registry;
    }

    public GatewaySettings settings() {
        return settings;
    }

    /**
     * Validates and stores a spec (every node serves it); publishes {@value #LOADED}.
     *
     * @throws ApiSpecException naming the JSON path of the first error
     */
    public ApiSpec load(Object document) {
        ApiSpec spec = registry.load(document);
        LOG.info("API {} ({}) loaded for realm {}", spec.id(), spec.name(), spec.realmUri());
        publish(LOADED, spec.id());
        return spec;
    }

    /** Deletes a spec on every node; publishes {@value #DELETED}. False when it is not loaded. */
    public boolean delete(String id) {
        boolean deleted = registry.delete(id);
        if (deleted) {
            LOG.info("API {} deleted", id);
            publish(DELETED, id);
        }
        return deleted;
    }

    private void publish(String topic, String id) {
        InternalSession s = events;
        if (s != null) {
            try {
                s.publish(topic, Payload.of(List.of(id)), Map.of());
            } catch (RuntimeException e) {
                LOG.warn("Could not publish {} for API {}", topic, id, e);
            }
        }
    }

    private void loadFile(Path file) {
        Object document;
        try {
            document = JSON.readValue(Files.readAllBytes(file), Object.class);
        } catch (IOException e) {
            throw new IllegalStateException("api_gateway.config_file " + file + " cannot be read as JSON: "
                    + e.getMessage(), e);
        }
        List<?> specs = document instanceof List<?> l ? l : List.of(document);
        for (int i = 0; i < specs.size(); i++) {
            Object spec = specs.get(i);
            try {
                if (spec instanceof Map<?, ?> m && m.get("id") instanceof String id
                        && registry.get(id).map(s -> s.source().equals(m)).orElse(false)) {
                    continue; // stored already, unchanged
                }
                load(spec);
            } catch (ApiSpecException e) {
                String at = specs.size() > 1 ? " (spec " + i + ")" : "";
                throw new IllegalStateException("api_gateway.config_file " + file + at + ": " + e.getMessage(), e);
            }
        }
        LOG.info("Loaded {} API specification(s) from {}", specs.size(), file);
    }

    @Override
    public void close() {
        authExecutor.shutdownNow();
        forward.close();
        forwardExecutor.shutdownNow();
    }
}
