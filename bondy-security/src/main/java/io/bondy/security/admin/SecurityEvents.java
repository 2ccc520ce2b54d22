package io.bondy.security.admin;

import java.util.List;

/** Where the admin API announces changes ({@code bondy.user.added}, ...). */
@FunctionalInterface
public interface SecurityEvents {

    SecurityEvents NONE = (realm, topic, args) -> { };

    /** Publishes {@code topic} with {@code args} about a change in {@code realm}. */
    void publish(String realm, String topic, List<Object> args);
}
