package io.bondy.server.config;

/** A configuration that cannot be used; the message names the bad key and says what is expected. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
