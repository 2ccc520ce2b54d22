package io.bondy.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.core.store.Entry;
import io.bondy.core.store.Store;
import io.bondy.gateway.api.spec.ApiSpec;
import io.bondy.gateway.api.spec.ApiSpecException;
import io.bondy.gateway.api.spec.ApiSpecParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded API specifications of this node and the {@link RouteTable} serving them. Specs live in
 * the {@link Store} under {@value #PREFIX}{@code <id>} as the JSON document that was loaded (the parsed
 * form is rebuilt from it on every node), so a spec loaded on one node is served by every node: the
 * store's listener fires here for local and replicated changes alike and swaps in a new table.
 *
 * <p>Threading: thread-safe. Readers ({@link #table()}) take no lock; changes are serialized.
 */
public final class ApiRegistry {

    /** Store prefix of the specs (Bondy keeps them under {@code {api_gateway, api_specs}}). */
    public static final String PREFIX = "api_gateway/api_specs/";

    private static final Logger LOG = LoggerFactory.getLogger(ApiRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final ApiSpecParser parser;
    private final Map<String, ApiSpec> specs = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, ApiSpec>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile RouteTable table = RouteTable.EMPTY;

    public ApiRegistry(Store store, ApiSpecParser parser) {
        this.store = store;
        this.parser = parser;
    }

    /** Reads every stored spec and follows the store's changes from now on. Call once. */
    public void start() {
        store.addListener(this::changed);
        List<Entry> entries = new ArrayList<>();
        store.scan(PREFIX, entries::add);
        synchronized (this) {
            for (Entry e : entries) {
                apply(e);
            }
            rebuild();
        }
        LOG.info("API gateway serves {} API specification(s) from the store", specs.size());
    }

    /**
     * Called when a spec was added, replaced ({@code spec} set) or deleted ({@code spec} null), on
     * whichever node the change was made (the store's writer thread: be quick).
     */
    public void addListener(BiConsumer<String, ApiSpec> listener) {
        listeners.add(listener);
    }

    /** The current routes (lock-free). */
    public RouteTable table() {
        return table;
    }

    /**
     * Parses, checks against the other loaded APIs and stores {@code document}; every node serves it
     * once the write reaches it (this node at once).
     *
     * @throws ApiSpecException naming the first error; nothing is stored
     */
    public ApiSpec load(Object document) {
        ApiSpec spec = parser.parse(document);
        RouteTable.checkConflicts(spec, specs.values());
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(spec.source());
        } catch (IOException e) {
            throw new ApiSpecException("", "cannot be stored as JSON: " + e.getMessage());
        }
        store.put(PREFIX + spec.id(), bytes);
        return spec;
    }

    /** Deletes API {@code id} on every node; false when it is not loaded. */
    public boolean delete(String id) {
        if (store.get(PREFIX + id).isEmpty()) {
            return false;
        }
        store.delete(PREFIX + id);
        return true;
    }

    public Optional<ApiSpec> get(String id) {
        return Optional.ofNullable(specs.get(id));
    }

    public Collection<ApiSpec> all() {
        List<ApiSpec> out = new ArrayList<>(specs.values());
        out.sort(java.util.Comparator.comparing(ApiSpec::id));
        return out;
    }

    private void changed(Entry entry) {
        if (!entry.key().startsWith(PREFIX)) {
            return;
        }
        ApiSpec applied;
        synchronized (this) {
            applied = apply(entry);
            rebuild();
        }
        String id = entry.key().substring(PREFIX.length());
        for (BiConsumer<String, ApiSpec> l : listeners) {
            try {
                l.accept(id, applied);
            } catch (RuntimeException e) {
                LOG.warn("API spec listener failed for {}", id, e);
            }
        }
    }

    /** Applies one stored entry; returns the spec now loaded under its id, or null. */
    private ApiSpec apply(Entry entry) {
        String id = entry.key().substring(PREFIX.length());
        if (entry.isTombstone() || entry.value() == null) {
            if (specs.remove(id) != null) {
                LOG.info("API {} deleted: no longer served", id);
            }
            return null;
        }
        try {
            ApiSpec spec = parser.parse(JSON.readValue(entry.value(), Object.class));
            specs.put(id, spec);
            LOG.info("API {} ({}) loaded: realm {}, {} version(s)", id, spec.name(), spec.realmUri(),
                    spec.versions().size());
            return spec;
        } catch (IOException | ApiSpecException e) {
            // refused at load on the writing node; this node may run other code (a rolling upgrade)
            LOG.error("Stored API spec {} cannot be served here: {}", id, e.getMessage());
            specs.remove(id);
            return null;
        }
    }

    private void rebuild() {
        table = RouteTable.build(specs.values());
    }
}
