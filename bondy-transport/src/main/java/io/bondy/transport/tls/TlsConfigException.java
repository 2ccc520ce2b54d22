package io.bondy.transport.tls;

/**
 * A listener's certificate, key or CA file is unusable: missing, unreadable, not PEM, expired, or a key
 * that does not match the certificate. The message names the configuration key, the file and what is
 * wrong.
 */
public final class TlsConfigException extends RuntimeException {

    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
