package io.bondy.transport.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * A TLS context built from certificate, key and CA files that can be read again while the node runs:
 * a listener's ({@link TlsContext}) or the cluster's peer TLS ({@code cluster.tls}). {@link TlsReloader}
 * polls every one and reloads them all for {@code bondy.tls.reload}; {@code bondy.tls.status} lists
 * them. Same contract for all: unchanged files are {@link TlsContext.Outcome#UNCHANGED}; files that
 * cannot be used are {@link TlsContext.Outcome#FAILED}, the old material stays in use and a WARN names
 * the file and why; a certificate expiring within {@link #EXPIRY_WARNING} is warned about at every load.
 *
 * <p>Threading: {@link #certificate} from any thread; the reload methods block on file reads and are
 * called off the event loops (the reloader's thread, or the caller's).
 */
public interface ReloadableTls {

    /** A certificate expiring sooner than this is warned about at every (re)load. */
    Duration EXPIRY_WARNING = Duration.ofDays(14);

    /** The name in logs and in {@code bondy.tls.*} results, e.g. {@code wamp.tls} or {@code cluster.tls}. */
    String listener();

    /** The files and settings it is built from. */
    TlsConfig config();

    /** The certificate new connections get. */
    X509Certificate certificate();

    /** Reloads when a file changed since the last attempt; otherwise {@link TlsContext.Outcome#UNCHANGED}. */
    TlsContext.Reload reloadIfChanged();

    /** Reloads the files whether they changed or not. */
    TlsContext.Reload reload();
}
