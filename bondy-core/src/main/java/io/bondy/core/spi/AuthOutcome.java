package io.bondy.core.spi;

import io.bondy.core.message.Authenticate;
import java.util.Map;
import java.util.function.Function;

/** The result of one authentication step. */
public sealed interface AuthOutcome {

    /** The session may join with this identity. */
    record Granted(AuthIdentity identity) implements AuthOutcome {
    }

    /** Send CHALLENGE; the client's AUTHENTICATE goes to {@code next}. */
    record Challenge(String authMethod, Map<String, Object> extra,
                     Function<Authenticate, AuthOutcome> next) implements AuthOutcome {
    }

    /** ABORT with {@code reason} (a {@code wamp.error.*} URI) and a message that gives nothing away. */
    record Denied(String reason, String message) implements AuthOutcome {
    }
}
