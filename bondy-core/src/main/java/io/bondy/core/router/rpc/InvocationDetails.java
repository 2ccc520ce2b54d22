package io.bondy.core.router.rpc;

import io.bondy.core.config.RpcSettings;
import io.bondy.core.message.Call;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.PptOptions;
import io.bondy.core.router.authz.RealmContext;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.AuthIdentity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds INVOCATION.Details: the concrete {@code procedure} of a pattern registration, the caller's
 * identity when disclosed, the {@code trustlevel}, the progressive and timeout flags the callee
 * supports, and the {@code ppt_*} options of a passthru payload.
 */
final class InvocationDetails {

    private final RpcSettings settings;

    InvocationDetails(RpcSettings settings) {
        this.settings = settings;
    }

    /** Whether the caller's identity goes to this callee, by the realm's policy and both sides' requests. */
    boolean discloses(Call call, Registration.Callee callee) {
        if (callee.session().isInternal()) {
            return true; // the router's own procedures (meta API) act on behalf of the caller
        }
        return switch (settings.callerDisclosure()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case ON_REQUEST -> Boolean.TRUE.equals(call.options().get("disclose_me")) || callee.discloseCaller();
        };
    }

    Map<String, Object> build(WampSession caller, Call call, Registration reg, Registration.Callee callee,
                              PendingCall pending, boolean progressiveInvocation, Duration forwardedTimeout) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (reg.match() != MatchPolicy.EXACT) {
            details.put("procedure", call.procedure());
        }
        AuthIdentity who = caller.identity();
        if (discloses(call, callee)) {
            details.put("caller", caller.id());
            if (who != null) {
                details.put("caller_authid", who.authid());
                details.put("caller_authrole", who.authrole());
            }
        }
        if (settings.trustlevels().enabled()) {
            details.put("trustlevel", settings.trustlevels().levelOf(who == null ? null : who.authrole()));
        }
        if (pending.receiveProgress()) {
            details.put("receive_progress", true);
        }
        if (progressiveInvocation) {
            details.put("progress", true);
        }
        if (!forwardedTimeout.isZero()) {
            details.put("timeout", forwardedTimeout.toMillis());
        }
        PptOptions.copyInto(call.options(), details);
        // The router's own procedures (admin API) decide by the caller's full identity.
        details.putAll(RealmContext.callerDetailsForInternalCallee(caller, callee.session()));
        return details;
    }
}
