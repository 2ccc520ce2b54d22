package io.bondy.transport.tls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up renewed certificates without a restart: every {@code tls.reload_interval} it compares the
 * files of each listener (and of the cluster's peer TLS, {@code cluster.tls}) with what it last read and
 * reloads the changed ones ({@link ReloadableTls#reloadIfChanged}); {@link #reloadAll} (the
 * {@code bondy.tls.reload} procedure) reloads every one at once. Connections accepted afterwards get the
 * new certificate; open ones keep theirs.
 *
 * <p>Threading: one daemon thread of its own (file reads block) runs the polls and {@link #reloadAllAsync};
 * {@link #reloadAll} runs on the caller's.
 */
public final class TlsReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TlsReloader.class);

    private final List<ReloadableTls> contexts = new CopyOnWriteArrayList<>();
    private final Duration interval;
    private final ScheduledExecutorService timer;
    private boolean started;

    /** @param interval how often files are checked; zero turns polling off */
    public TlsReloader(Duration interval) {
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bondy-tls-reload");
            t.setDaemon(true);
            return t;
        });
    }

    /** Adds a listener's context, or the cluster's (before or after {@link #start}). */
    public TlsReloader add(ReloadableTls context) {
        contexts.add(context);
        return this;
    }

    public List<ReloadableTls> contexts() {
        return List.copyOf(contexts);
    }

    /** Starts polling, unless the interval is zero or there is nothing to watch. */
    public synchronized void start() {
        if (started || interval.isZero() || contexts.isEmpty()) {
            return;
        }
        started = true;
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Reloads every listener's files now, changed or not. Blocking. */
    public List<TlsContext.Reload> reloadAll() {
        List<TlsContext.Reload> results = new ArrayList<>();
        for (ReloadableTls context : contexts) {
            results.add(context.reload());
        }
        return results;
    }

    /** {@link #reloadAll} on the reloader's thread (never an event loop's). */
    public CompletableFuture<List<TlsContext.Reload>> reloadAllAsync() {
        return CompletableFuture.supplyAsync(this::reloadAll, timer);
    }

    private void poll() {
        for (ReloadableTls context : contexts) {
            try {
                context.reloadIfChanged();
            } catch (RuntimeException e) {
                LOG.warn("TLS for {}: checking the files for changes failed: {}", context.listener(), e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }
}
