package io.bondy.core.router.pubsub;

import io.bondy.core.message.MatchPolicy;

/**
 * Whether one concrete topic matches one subscription pattern, by the spec's PubSub rules: prefix
 * is a plain string prefix, wildcard is an empty component matching any one component. For the
 * few places that test a single pair (retained events); matching a topic against all
 * subscriptions uses the {@link SubscriptionTable}'s index.
 */
final class TopicPattern {

    private TopicPattern() {
    }

    static boolean matches(String pattern, MatchPolicy match, String topic) {
        return switch (match) {
            case EXACT -> pattern.equals(topic);
            case PREFIX -> topic.startsWith(pattern);
            case WILDCARD -> wildcardMatches(pattern, topic);
        };
    }

    private static boolean wildcardMatches(String pattern, String topic) {
        String[] p = pattern.split("\\.", -1);
        String[] t = topic.split("\\.", -1);
        if (p.length != t.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!p[i].isEmpty() && !p[i].equals(t[i])) {
                return false;
            }
        }
        return true;
    }
}
