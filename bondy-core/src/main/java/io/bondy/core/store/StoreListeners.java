package io.bondy.core.store;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one {@link Store}, for its implementations. A listener that throws is logged and
 * the others still run: the change is already applied, so neither they nor the writer should see the
 * failure.
 *
 * <p>Threading: thread-safe; listeners run on the thread that calls {@link #changed(Entry)}.
 */
public final class StoreListeners {

    private static final Logger LOG = LoggerFactory.getLogger(StoreListeners.class);

    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    public void add(Consumer<Entry> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Tells every listener about an applied change. */
    public void changed(Entry entry) {
        for (Consumer<Entry> listener : listeners) {
            try {
                listener.accept(entry);
            } catch (RuntimeException e) {
                LOG.warn("Store listener {} failed on {}", listener, entry, e);
            }
        }
    }
}
