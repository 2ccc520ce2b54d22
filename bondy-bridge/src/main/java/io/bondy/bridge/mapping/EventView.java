package io.bondy.bridge.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The {@code event} of an outbound mapping ({@link OutboundMapper#event}): a read-only map over one WAMP
 * event whose entries are looked up by name and listed only when iterated; {@link JsonWriter} writes it with
 * its keys encoded once.
 */
final class EventView extends AbstractMap<String, Object> {

    private final String realm;
    private final String topic;
    private final Event event;
    private final long ingestionMillis;

    EventView(String realm, String topic, Event event, long ingestionMillis) {
        this.realm = realm;
        Object actual = event.details().get("topic"); // a pattern subscription's event names the topic
        this.topic = actual instanceof String s ? s : topic;
        this.event = event;
        this.ingestionMillis = ingestionMillis;
    }

    @Override
    public Object get(Object key) {
        int i = KEYS.indexOf(key);
        return i < 0 ? null : valueAt(i);
    }

    /** The value of {@code KEYS.get(i)}. */
    private Object valueAt(int i) {
        return switch (i) {
            case 0 -> realm;
            case 1 -> topic;
            case 2 -> event.subscriptionId();
            case 3 -> event.publicationId();
            case 4 -> event.details();
            case PAYLOAD -> event.payload() instanceof Payload.Transparent t ? t.bytes() : null;
            case 6 -> event.payload() instanceof Payload.Arguments a ? a.argsOrEmpty() : List.of();
            case 7 -> event.payload() instanceof Payload.Arguments a ? a.kwargsOrEmpty() : Map.of();
            default -> ingestionMillis;
        };
    }

    /** Whether the entry {@code KEYS.get(i)} is there: {@code payload} only for a payload-passthrough event. */
    private boolean has(int i) {
        return i != PAYLOAD || event.payload() instanceof Payload.Transparent;
    }

    @Override
    public boolean containsKey(Object key) {
        int i = KEYS.indexOf(key);
        return i >= 0 && has(i);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) { // no entry objects
        for (int i = 0; i < KEYS.size(); i++) {
            if (has(i)) {
                action.accept(KEYS.get(i), valueAt(i));
            }
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        List<Entry<String, Object>> entries = new ArrayList<>(KEYS.size());
        forEach((key, value) -> entries.add(new SimpleImmutableEntry<>(key, value)));
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return java.util.Collections.unmodifiableList(entries).iterator();
            }

            @Override
            public int size() {
                return entries.size();
            }
        };
    }

    /** Writes the entries as JSON object members (the writer puts the braces around them). */
    void writeMembers(JsonWriter w, int depth, ObjectMapper mapper) {
        boolean first = true;
        for (int i = 0; i < KEYS.size(); i++) {
            if (has(i)) {
                w.member(KEYS_JSON[i], first);
                w.value(valueAt(i), depth + 1, mapper);
                first = false;
            }
        }
    }

    /** The keys, in their order; {@link #valueAt} answers by position. */
    private static final List<String> KEYS = List.of("realm", "topic", "subscription_id", "publication_id",
            "details", "payload", "args", "kwargs", "ingestion_timestamp");
    private static final int PAYLOAD = 5;
    /** {@code "key":} of each key, as JSON (plain ASCII names: no escapes). */
    private static final byte[][] KEYS_JSON = KEYS.stream()
            .map(k -> ("\"" + k + "\":").getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
}
