package io.bondy.core.router.pubsub;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.ApplicationError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filters of {@code wamp.subscription.get_events} (all combined with AND): {@code reverse},
 * {@code limit}, {@code from_time}/{@code after_time}/{@code before_time}/{@code until_time}
 * (RFC 3339), {@code topic}, and {@code from_publication}/{@code after_publication}/
 * {@code before_publication}/{@code until_publication}. A bad argument is an
 * {@link ApplicationError} {@code wamp.error.invalid_argument} naming it.
 */
public final class HistoryQuery {

    private final Map<String, Object> kw;

    public HistoryQuery(Map<String, Object> kwargs) {
        this.kw = kwargs;
    }

    /** The matching events of {@code history} (oldest first), as the spec's event objects. */
    public List<Map<String, Object>> run(Subscription sub, List<EventHistory.Stored> history) {
        int from = 0;
        int to = history.size(); // exclusive
        from = Math.max(from, positionOf("from_publication", history, 0));
        from = Math.max(from, positionOf("after_publication", history, 1));
        to = Math.min(to, positionOf("before_publication", history, 0, to));
        to = Math.min(to, positionOf("until_publication", history, 1, to));
        Long fromTime = time("from_time");
        Long afterTime = time("after_time");
        Long beforeTime = time("before_time");
        Long untilTime = time("until_time");
        String topic = string("topic");
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            EventHistory.Stored s = history.get(i);
            long t = s.atMillis();
            if ((fromTime != null && t < fromTime) || (afterTime != null && t <= afterTime)
                    || (beforeTime != null && t >= beforeTime) || (untilTime != null && t > untilTime)
                    || (topic != null && !topic.equals(s.publication().topic()))) {
                continue;
            }
            out.add(describe(sub, s));
        }
        if (bool("reverse")) {
            Collections.reverse(out);
        }
        Long limit = number("limit");
        if (limit != null) {
            if (limit <= 0) {
                throw invalid("limit must be a positive integer");
            }
            if (out.size() > limit) {
                out = new ArrayList<>(out.subList(0, (int) Math.min(limit, Integer.MAX_VALUE)));
            }
        }
        return out;
    }

    private static Map<String, Object> describe(Subscription sub, EventHistory.Stored s) {
        Publication p = s.publication();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("timestamp", Instant.ofEpochMilli(s.atMillis()).toString());
        e.put("subscription", sub.id());
        e.put("publication", p.id());
        e.put("details", p.eventFor(sub).details());
        if (p.payload() instanceof Payload.Arguments a) {
            e.put("args", a.argsOrEmpty());
            e.put("kwargs", a.kwargsOrEmpty());
        } else if (p.payload() instanceof Payload.Transparent t) {
            e.put("args", List.of(t.bytes()));
        }
        return e;
    }

    /** Index where a {@code *_publication} bound starts (or ends): the event's index + {@code shift}. */
    private int positionOf(String key, List<EventHistory.Stored> history, int shift) {
        return positionOf(key, history, shift, 0);
    }

    private int positionOf(String key, List<EventHistory.Stored> history, int shift, int absent) {
        Long id = number(key);
        if (id == null) {
            return absent;
        }
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).publication().id() == id) {
                return i + shift;
            }
        }
        throw invalid(key + ": publication " + id + " is not in the history (expired or never stored)");
    }

    private Long time(String key) {
        String s = string(key);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw invalid(key + " must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z, got '" + s + "'");
        }
    }

    private Long number(String key) {
        Object v = kw.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw invalid(key + " must be an integer");
    }

    private String string(String key) {
        Object v = kw.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw invalid(key + " must be a string");
    }

    private boolean bool(String key) {
        Object v = kw.get(key);
        if (v == null || v instanceof Boolean) {
            return v != null && (Boolean) v;
        }
        throw invalid(key + " must be a boolean");
    }

    private static ApplicationError invalid(String message) {
        return new ApplicationError(WampErrors.INVALID_ARGUMENT, message);
    }
}
