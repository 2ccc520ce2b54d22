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
        if (!(key instanceof String k)) {
            return null;
        }
        return switch (k) {
            case "realm" -> realm;
            case "topic" -> topic;
            case "subscription_id" -> event.subscriptionId();
            case "publication_id" -> event.publicationId();
            case "details" -> event.details();
            case "args" -> event.payload() instanceof Payload.Arguments a ? a.argsOrEmpty() : List.of();
            case "kwargs" -> event.payload() instanceof Payload.Arguments a ? a.kwargsOrEmpty() : Map.of();
            case "payload" -> event.payload() instanceof Payload.Transparent t ? t.bytes() : null;
            case "ingestion_timestamp" -> ingestionMillis;
            default -> null;
        };
    }

    @Override
    public boolean containsKey(Object key) {
        return keys().contains(key);
    }

    /** The keys, in order: {@code payload} only for a payload-passthrough event. */
    private List<String> keys() {
        return event.payload() instanceof Payload.Transparent ? KEYS : KEYS_WITHOUT_PAYLOAD;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) { // no entry objects
        for (String key : keys()) {
            action.accept(key, get(key));
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
        boolean transparent = event.payload() instanceof Payload.Transparent;
        List<String> keys = transparent ? KEYS : KEYS_WITHOUT_PAYLOAD;
        byte[][] json = transparent ? KEYS_JSON : KEYS_WITHOUT_PAYLOAD_JSON;
        for (int i = 0; i < keys.size(); i++) {
            w.member(json[i], i == 0);
            w.value(get(keys.get(i)), depth + 1, mapper);
        }
    }

    private static final List<String> KEYS = List.of("realm", "topic", "subscription_id", "publication_id",
            "details", "payload", "args", "kwargs", "ingestion_timestamp");
    private static final List<String> KEYS_WITHOUT_PAYLOAD = KEYS.stream().filter(k -> !k.equals("payload")).toList();
    /** {@code "key":} of each key of the list of the same name, as JSON (plain ASCII names: no escapes). */
    private static final byte[][] KEYS_JSON = json(KEYS);
    private static final byte[][] KEYS_WITHOUT_PAYLOAD_JSON = json(KEYS_WITHOUT_PAYLOAD);

    private static byte[][] json(List<String> keys) {
        return keys.stream().map(k -> ("\"" + k + "\":").getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    }
}
