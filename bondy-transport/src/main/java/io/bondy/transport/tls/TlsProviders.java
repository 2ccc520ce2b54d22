package io.bondy.transport.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;

/**
 * Which TLS implementation the listeners use: BoringSSL through netty-tcnative (faster handshakes and
 * records, less garbage) when its native library loads on this machine, the JDK's provider otherwise.
 * {@code tls.provider} ({@code auto}, {@code openssl}, {@code jdk}) can force one.
 */
public final class TlsProviders {

    /** The {@code tls.provider} setting. */
    public enum Choice {
        AUTO, OPENSSL, JDK;

        /** @throws IllegalArgumentException naming the allowed values */
        public static Choice parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tls.provider must be auto, openssl or jdk, got " + value, e);
            }
        }
    }

    private TlsProviders() {
    }

    /**
     * The provider for {@code choice}.
     *
     * @throws TlsConfigException when {@code openssl} is asked for and netty-tcnative does not load
     */
    public static SslProvider select(Choice choice) {
        return switch (choice) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new TlsConfigException("tls.provider = openssl but netty-tcnative (BoringSSL) does not load"
                            + " here: " + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /** For the start-up log, e.g. {@code BoringSSL (netty-tcnative)} or {@code JDK (... does not load)}. */
    public static String describe(SslProvider provider) {
        if (provider == SslProvider.JDK) {
            return OpenSsl.isAvailable() ? "the JDK's TLS provider (tls.provider = jdk)"
                    : "the JDK's TLS provider (netty-tcnative does not load: " + OpenSsl.unavailabilityCause() + ")";
        }
        return OpenSsl.versionString() + " (netty-tcnative)";
    }
}
