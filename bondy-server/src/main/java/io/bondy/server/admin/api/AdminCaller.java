package io.bondy.server.admin.api;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.Realm;
import io.bondy.core.router.Router;
import io.bondy.core.spi.Action;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.SessionInfo;
import io.bondy.core.spi.TransportInfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes an admin call for an authenticated user through a session of the master realm acting as that
 * user (transport {@value #TRANSPORT}): the dealer authorizes it with the user's grants and the admin
 * procedure sees the user as the caller, exactly as for a WAMP client. Meta procedures of another
 * realm (which act on the caller's realm) are first authorized the same way in the master realm, then
 * called through that realm's trusted internal session, as a master-realm session may administer any
 * realm.
 */
final class AdminCaller {

    static final String TRANSPORT = "http";

    private final Router router;
    private final Authorizer authorizer;
    private final String masterRealm;
    private final Duration timeout;

    AdminCaller(Router router, Authorizer authorizer, String masterRealm, Duration timeout) {
        this.router = router;
        this.authorizer = authorizer;
        this.masterRealm = masterRealm;
        this.timeout = timeout;
    }

    /**
     * @return the RESULT payload
     * @throws ApplicationError with the WAMP error of a refused or failed call
     */
    Payload call(AuthIdentity who, InetSocketAddress remote, WampCall call) {
        Realm master = realm(masterRealm);
        TransportInfo transport = new TransportInfo(TRANSPORT, null, remote);
        if (call.targetRealm() != null && !call.targetRealm().equals(masterRealm)) {
            Realm target = realm(call.targetRealm());
            if (authorizer.isEnforced(master.config())
                    && !authorizer.isAllowed(new Caller(who, masterRealm, transport), Action.CALL, call.procedure())) {
                throw new ApplicationError(WampErrors.NOT_AUTHORIZED,
                        "'" + who.authid() + "' is not authorized to call '" + call.procedure() + "'");
            }
            return callThrough(InternalSession.join(router, target, who), call);
        }
        return callThrough(InternalSession.actingFor(router, master, who, transport), call);
    }

    private Payload callThrough(InternalSession session, WampCall call) {
        try {
            return session.call(call.procedure(), Payload.of(call.args()), Map.of())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof ApplicationError error) {
                throw error;
            }
            throw new IllegalStateException("admin call " + call.procedure() + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new ApplicationError(WampErrors.TIMEOUT, "no answer from " + call.procedure() + " in " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplicationError(WampErrors.CANCELED, "interrupted");
        } finally {
            session.leave();
        }
    }

    private Realm realm(String uri) {
        return router.realm(uri).orElseThrow(() -> new ApplicationError(WampErrors.NO_SUCH_REALM,
                "no realm '" + uri + "'"));
    }

    /** The acting user as the authorizer sees a session. */
    private record Caller(AuthIdentity identity, String realmUri, TransportInfo transport) implements SessionInfo {

        @Override
        public long id() {
            return 0;
        }
    }
}
