package io.bondy.server.tls;

import io.bondy.core.message.Payload;
import io.bondy.core.router.session.InternalSession;
import io.bondy.transport.tls.ReloadableTls;
import io.bondy.transport.tls.TlsContext;
import io.bondy.transport.tls.TlsMaterial;
import io.bondy.transport.tls.TlsReloader;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code bondy.tls.reload()} reloads every TLS listener's certificate, key and CA files now (changed or
 * not), and the cluster's peer TLS files ({@code cluster.tls}, when on), and returns one result per
 * listener: {@code {listener, outcome: "reloaded" | "failed", subject, expires, error}}; a failed
 * listener keeps serving its old certificate. {@code bondy.tls.status()} lists what each one serves.
 * Registered in the master realm only. The files are read on the reloader's thread, never an event loop.
 */
public final class TlsProcedures {

    private TlsProcedures() {
    }

    public static void register(InternalSession master, TlsReloader reloader) {
        master.registerDeferred("bondy.tls.reload", Map.of(), inv -> reloader.reloadAllAsync()
                .thenApply(results -> Payload.of(List.<Object>of(results.stream().map(TlsProcedures::toMap).toList()))));
        master.registerDeferred("bondy.tls.status", Map.of(), inv -> CompletableFuture.completedFuture(
                Payload.of(List.<Object>of(reloader.contexts().stream().map(TlsProcedures::status).toList()))));
    }

    static Map<String, Object> toMap(TlsContext.Reload r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("listener", r.listener());
        m.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
        m.put("subject", r.subject());
        m.put("expires", r.notAfter().toString());
        if (r.error() != null) {
            m.put("error", r.error());
        }
        return m;
    }

    private static Map<String, Object> status(ReloadableTls context) {
        X509Certificate cert = context.certificate();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("listener", context.listener());
        m.put("subject", TlsMaterial.subject(cert));
        m.put("expires", cert.getNotAfter().toInstant().toString());
        m.put("certfile", context.config().certFile().toString());
        m.put("keyfile", context.config().keyFile().toString());
        if (context.config().caCertFile() != null) {
            m.put("cacertfile", context.config().caCertFile().toString());
        }
        m.put("client_auth", context.config().clientAuth().name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }
}
