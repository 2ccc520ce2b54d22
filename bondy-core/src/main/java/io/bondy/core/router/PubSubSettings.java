package io.bondy.core.router;

/**
 * A realm's PubSub settings (the {@code pubsub { ... }} block of a realm in the configuration).
 * Fields are added with the features that need them.
 */
public record PubSubSettings() {

    public static final PubSubSettings DEFAULTS = new PubSubSettings();
}
