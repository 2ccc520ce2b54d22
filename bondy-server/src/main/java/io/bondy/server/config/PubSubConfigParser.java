package io.bondy.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.config.PubSubSettings;
import io.bondy.core.uri.UriValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses a realm's optional {@code pubsub { ... }} block into {@link PubSubSettings}. Every key is
 * optional (the defaults are {@link PubSubSettings#DEFAULTS}); an unknown key or a bad value fails
 * the start with a message naming the key, e.g. {@code realms[0].pubsub.retention.ttl}.
 */
final class PubSubConfigParser {

    private static final Set<String> KEYS = Set.of("slow_subscriber", "retention", "history", "trust_levels");
    private static final Set<String> RETENTION_KEYS = Set.of("max_events", "max_bytes", "ttl");
    private static final Set<String> HISTORY_KEYS = Set.of("topic", "match", "max_events", "max_age");
    private static final Set<String> TRUST_KEYS = Set.of("topic_prefix", "authrole", "level");
    /** Upper bound of one topic's history, so a typo cannot reserve unbounded memory. */
    static final int MAX_HISTORY_EVENTS = 1_000_000;

    private PubSubConfigParser() {
    }

    /** The realm's settings; {@code at} names the realm in errors ({@code realms[0]}). */
    static PubSubSettings parse(Config realm, String at) {
        if (!realm.hasPath("pubsub")) {
            return PubSubSettings.DEFAULTS;
        }
        String here = at + ".pubsub";
        ConfigObject block = object(realm, "pubsub", here);
        onlyKeys(block, KEYS, here);
        Config c = block.toConfig();
        PubSubSettings.SlowSubscriberPolicy policy = PubSubSettings.DEFAULTS.slowSubscriber();
        if (c.hasPath("slow_subscriber")) {
            String v = c.getString("slow_subscriber");
            try {
                policy = PubSubSettings.SlowSubscriberPolicy.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(here + ".slow_subscriber must be drop or close, got '" + v + "'");
            }
        }
        return new PubSubSettings(retention(c, here), history(c, here), policy, trustLevels(c, here));
    }

    private static PubSubSettings.Retention retention(Config c, String at) {
        PubSubSettings.Retention d = PubSubSettings.Retention.DEFAULTS;
        if (!c.hasPath("retention")) {
            return d;
        }
        String here = at + ".retention";
        ConfigObject block = object(c, "retention", here);
        onlyKeys(block, RETENTION_KEYS, here);
        Config r = block.toConfig();
        long maxEvents = r.hasPath("max_events") ? r.getLong("max_events") : d.maxEvents();
        if (maxEvents < 0 || maxEvents > Integer.MAX_VALUE) {
            throw new ConfigException(here + ".max_events must be between 0 (off) and " + Integer.MAX_VALUE
                    + ", got " + maxEvents);
        }
        long maxBytes = r.hasPath("max_bytes") ? r.getBytes("max_bytes") : d.maxBytes();
        if (maxBytes < 0) {
            throw new ConfigException(here + ".max_bytes must not be negative, got " + maxBytes);
        }
        Duration ttl = r.hasPath("ttl") ? positive(r, "ttl", here + ".ttl") : d.ttl();
        return new PubSubSettings.Retention((int) maxEvents, maxBytes, ttl);
    }

    private static List<PubSubSettings.HistoryTopic> history(Config c, String at) {
        List<PubSubSettings.HistoryTopic> out = new ArrayList<>();
        if (!c.hasPath("history")) {
            return out;
        }
        List<? extends ConfigObject> list = list(c, "history", at + ".history");
        for (int i = 0; i < list.size(); i++) {
            String here = at + ".history[" + i + "]";
            onlyKeys(list.get(i), HISTORY_KEYS, here);
            Config h = list.get(i).toConfig();
            if (!h.hasPath("topic") || !h.hasPath("max_events") || !h.hasPath("max_age")) {
                throw new ConfigException(here + " needs topic, max_events and max_age");
            }
            MatchPolicy match = MatchPolicy.EXACT;
            if (h.hasPath("match")) {
                String m = h.getString("match");
                try {
                    match = MatchPolicy.valueOf(m.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(here + ".match must be exact, prefix or wildcard, got '" + m + "'");
                }
            }
            String topic = h.getString("topic");
            boolean valid = match == MatchPolicy.WILDCARD ? UriValidator.LOOSE.isValidPattern(topic)
                    : UriValidator.LOOSE.isValid(topic);
            if (!valid) {
                throw new ConfigException(here + ".topic '" + topic + "' is not a valid " + match.wireName() + " topic");
            }
            long maxEvents = h.getLong("max_events");
            if (maxEvents < 1 || maxEvents > MAX_HISTORY_EVENTS) {
                throw new ConfigException(here + ".max_events must be between 1 and " + MAX_HISTORY_EVENTS
                        + ", got " + maxEvents);
            }
            out.add(new PubSubSettings.HistoryTopic(topic, match, (int) maxEvents,
                    positive(h, "max_age", here + ".max_age")));
        }
        return out;
    }

    private static List<PubSubSettings.TrustLevelRule> trustLevels(Config c, String at) {
        List<PubSubSettings.TrustLevelRule> out = new ArrayList<>();
        if (!c.hasPath("trust_levels")) {
            return out;
        }
        List<? extends ConfigObject> list = list(c, "trust_levels", at + ".trust_levels");
        for (int i = 0; i < list.size(); i++) {
            String here = at + ".trust_levels[" + i + "]";
            onlyKeys(list.get(i), TRUST_KEYS, here);
            Config t = list.get(i).toConfig();
            if (!t.hasPath("level")) {
                throw new ConfigException(here + ".level is missing");
            }
            int level = t.getInt("level");
            if (level < 0) {
                throw new ConfigException(here + ".level must not be negative, got " + level);
            }
            out.add(new PubSubSettings.TrustLevelRule(t.hasPath("topic_prefix") ? t.getString("topic_prefix") : null,
                    t.hasPath("authrole") ? t.getString("authrole") : null, level));
        }
        return out;
    }

    private static ConfigObject object(Config c, String key, String at) {
        try {
            return c.getObject(key);
        } catch (com.typesafe.config.ConfigException.WrongType e) {
            throw new ConfigException(at + " must be an object { ... }");
        }
    }

    private static List<? extends ConfigObject> list(Config c, String key, String at) {
        try {
            return c.getObjectList(key);
        } catch (com.typesafe.config.ConfigException.WrongType e) {
            throw new ConfigException(at + " must be a list of objects [ { ... } ]");
        }
    }

    private static void onlyKeys(ConfigObject block, Set<String> known, String at) {
        for (String key : block.keySet()) {
            if (!known.contains(key)) {
                throw new ConfigException("unknown key " + at + "." + key + " (known: " + known + ")");
            }
        }
    }

    private static Duration positive(Config c, String key, String at) {
        Duration d;
        try {
            d = c.getDuration(key);
        } catch (com.typesafe.config.ConfigException.BadValue | com.typesafe.config.ConfigException.WrongType e) {
            throw new ConfigException(at + " must be a duration such as 10s or 1h");
        }
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(at + " must be a positive duration such as 10s or 1h, got " + d);
        }
        return d;
    }
}
