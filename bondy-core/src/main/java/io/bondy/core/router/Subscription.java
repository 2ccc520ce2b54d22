package io.bondy.core.router;

import io.bondy.core.message.MatchPolicy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One (topic, match) with the sessions subscribed to it; one id shared by all its subscribers. */
final class Subscription {

    private final long id;
    private final String topic;
    private final MatchPolicy match;
    private final Set<WampSession> subscribers = ConcurrentHashMap.newKeySet();

    Subscription(long id, String topic, MatchPolicy match) {
        this.id = id;
        this.topic = topic;
        this.match = match;
    }

    long id() {
        return id;
    }

    String topic() {
        return topic;
    }

    MatchPolicy match() {
        return match;
    }

    Set<WampSession> subscribers() {
        return subscribers;
    }
}
