package io.bondy.core.router.pubsub;

import io.bondy.core.message.Publish;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.AuthIdentity;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may receive one publication: publisher exclusion ({@code exclude_me}) and subscriber
 * black/white listing by session id, authid and authrole. A subscriber receives the event if and
 * only if every list present admits it (the spec's six rules, combined with AND).
 *
 * <p>Immutable; built once per publication, asked once per subscriber.
 */
final class EventFilter {

    private final long excludedPublisher;
    private final Set<Long> exclude;
    private final Set<Long> eligible;
    private final Set<String> excludeAuthid;
    private final Set<String> eligibleAuthid;
    private final Set<String> excludeAuthrole;
    private final Set<String> eligibleAuthrole;

    private EventFilter(long excludedPublisher, Map<String, Object> options) {
        this.excludedPublisher = excludedPublisher;
        this.exclude = ids(options.get("exclude"));
        this.eligible = ids(options.get("eligible"));
        this.excludeAuthid = strings(options.get("exclude_authid"));
        this.eligibleAuthid = strings(options.get("eligible_authid"));
        this.excludeAuthrole = strings(options.get("exclude_authrole"));
        this.eligibleAuthrole = strings(options.get("eligible_authrole"));
    }

    /** The filter of {@code m} published by the session {@code publisherId} ({@code exclude_me} already read). */
    static EventFilter of(Publish m, boolean excludeMe, long publisherId) {
        return new EventFilter(excludeMe ? publisherId : 0, m.options());
    }

    /** Whether the session may receive the event. */
    boolean admits(long sessionId, AuthIdentity identity) {
        if (sessionId == excludedPublisher) {
            return false;
        }
        if ((exclude != null && exclude.contains(sessionId)) || (eligible != null && !eligible.contains(sessionId))) {
            return false;
        }
        String authid = identity == null ? null : identity.authid();
        String authrole = identity == null ? null : identity.authrole();
        return admitted(authid, excludeAuthid, eligibleAuthid) && admitted(authrole, excludeAuthrole, eligibleAuthrole);
    }

    boolean admits(WampSession session) {
        return admits(session.id(), session.identity());
    }

    /** Whether the publisher restricted its receivers by session id (ephemeral: such events are not kept in history). */
    boolean listsSessions() {
        return exclude != null || eligible != null;
    }

    /** Whether any black or white list is present. */
    boolean isRestricted() {
        return listsSessions() || excludeAuthid != null || eligibleAuthid != null || excludeAuthrole != null
                || eligibleAuthrole != null;
    }

    private static boolean admitted(String value, Set<String> excluded, Set<String> eligible) {
        if (excluded != null && value != null && excluded.contains(value)) {
            return false;
        }
        return eligible == null || (value != null && eligible.contains(value));
    }

    /** The option's ids; null when absent (the codec has checked the types; anything else is skipped). */
    private static Set<Long> ids(Object list) {
        if (!(list instanceof List<?> l)) {
            return null;
        }
        Set<Long> out = new HashSet<>();
        for (Object o : l) {
            if (o instanceof Number n) {
                out.add(n.longValue());
            }
        }
        return out;
    }

    private static Set<String> strings(Object list) {
        if (!(list instanceof List<?> l)) {
            return null;
        }
        Set<String> out = new HashSet<>();
        for (Object o : l) {
            if (o instanceof String str) {
                out.add(str);
            }
        }
        return out;
    }
}
