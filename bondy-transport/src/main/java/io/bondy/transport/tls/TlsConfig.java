package io.bondy.transport.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The TLS settings of one listener ({@code wamp.tls.*}, {@code api_gateway.https.*},
 * {@code admin_api.https.*}).
 *
 * @param keyPrefix  the listener's configuration prefix (e.g. {@code wamp.tls}), named in errors
 * @param certFile   the PEM certificate chain, the server's certificate first
 * @param keyFile    the PEM private key of that certificate (PKCS#8 {@code PRIVATE KEY} or PKCS#1
 *                   {@code RSA PRIVATE KEY}), not encrypted
 * @param caCertFile PEM certificates of the CAs whose client certificates are accepted; null when
 *                   {@code clientAuth} is {@link ClientAuth#NONE}
 * @param versions   the TLS versions offered: {@code 1.2}, {@code 1.3}
 * @param ciphers    the TLS 1.2 and 1.3 cipher suites (IANA names), most preferred first; empty for
 *                   {@link #DEFAULT_CIPHERS}
 * @param clientAuth whether a client certificate is asked for, and whether it is required
 */
public record TlsConfig(String keyPrefix, Path certFile, Path keyFile, Path caCertFile, List<String> versions,
                        List<String> ciphers, ClientAuth clientAuth) {

    /** TLS 1.3 and 1.2 AEAD suites with forward secrecy (Mozilla's "intermediate" list). */
    public static final List<String> DEFAULT_CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** TLS 1.2 and 1.3. */
    public static final List<String> DEFAULT_VERSIONS = List.of("1.2", "1.3");

    /** Whether the listener asks for a client certificate. */
    public enum ClientAuth {
        /** no client certificate is asked for */
        NONE,
        /** one is asked for; a client without one may still connect (and authenticate otherwise) */
        OPTIONAL,
        /** a client without a certificate the CA signed is refused during the handshake */
        REQUIRED
    }

    public TlsConfig {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(certFile, keyPrefix + ".certfile");
        Objects.requireNonNull(keyFile, keyPrefix + ".keyfile");
        versions = List.copyOf(versions == null || versions.isEmpty() ? DEFAULT_VERSIONS : versions);
        ciphers = List.copyOf(ciphers == null || ciphers.isEmpty() ? DEFAULT_CIPHERS : ciphers);
        clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
        for (String v : versions) {
            if (!v.equals("1.2") && !v.equals("1.3")) {
                throw new IllegalArgumentException(keyPrefix + ".versions may hold 1.2 and 1.3, got " + v);
            }
        }
        if (clientAuth != ClientAuth.NONE && caCertFile == null) {
            throw new IllegalArgumentException(keyPrefix + ".client_auth = " + clientAuth.name().toLowerCase()
                    + " needs " + keyPrefix + ".cacertfile (the CAs whose client certificates are accepted)");
        }
    }

    /** A listener with the default versions and ciphers and no client certificates. */
    public static TlsConfig of(String keyPrefix, Path certFile, Path keyFile) {
        return new TlsConfig(keyPrefix, certFile, keyFile, null, null, null, ClientAuth.NONE);
    }

    /** The same settings asking for client certificates signed by {@code caCertFile}. */
    public TlsConfig withClientAuth(ClientAuth auth, Path caCerts) {
        return new TlsConfig(keyPrefix, certFile, keyFile, caCerts, versions, ciphers, auth);
    }

    /** The JSSE protocol names of {@link #versions}, e.g. {@code TLSv1.3}. */
    public String[] protocols() {
        return versions.stream().map(v -> "TLSv" + v).toArray(String[]::new);
    }
}
