package io.bondy.core.router.pubsub;

import io.bondy.core.config.PubSubSettings;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.AuthIdentity;
import java.util.List;

/**
 * Publication trust levels: the realm's rules ({@link PubSubSettings#trustLevels()}) assign
 * {@code EVENT.Details.trustlevel} by topic prefix and publisher authrole; the first matching rule
 * wins. Publishers cannot set it themselves.
 */
final class TrustLevels {

    private final List<PubSubSettings.TrustLevelRule> rules;

    TrustLevels(List<PubSubSettings.TrustLevelRule> rules) {
        this.rules = rules;
    }

    /** The level for an event of {@code publisher} on {@code topic}, or null when no rule applies. */
    Integer levelFor(String topic, WampSession publisher) {
        if (rules.isEmpty()) {
            return null;
        }
        AuthIdentity who = publisher.identity();
        String role = who == null ? null : who.authrole();
        for (PubSubSettings.TrustLevelRule rule : rules) {
            if (rule.matches(topic, role)) {
                return rule.level();
            }
        }
        return null;
    }
}
