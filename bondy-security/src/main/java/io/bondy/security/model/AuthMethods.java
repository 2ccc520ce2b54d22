package io.bondy.security.model;

import java.util.List;
import java.util.Set;

/** The authentication method names, as WAMP and Bondy spell them. */
public final class AuthMethods {

    public static final String ANONYMOUS = "anonymous";
    public static final String TRUST = "trust";
    public static final String TICKET = "ticket";
    public static final String WAMPCRA = "wampcra";
    public static final String CRYPTOSIGN = "cryptosign";
    public static final String SCRAM = "wamp-scram";
    public static final String OAUTH2 = "oauth2";
    /** A verified TLS client certificate (Crossbar's name). */
    public static final String TLS = "tls";
    /** Bondy's name for "either password method" (wampcra or wamp-scram) in sources. */
    public static final String PASSWORD = "password";

    public static final Set<String> ALL = Set.of(ANONYMOUS, TRUST, TICKET, WAMPCRA, CRYPTOSIGN, SCRAM, OAUTH2,
            TLS);

    private AuthMethods() {
    }

    /** The methods a source's authmethod stands for. */
    public static List<String> expand(String sourceMethod) {
        return PASSWORD.equals(sourceMethod) ? List.of(WAMPCRA, SCRAM) : List.of(sourceMethod);
    }

    public static String check(String method) {
        if (!ALL.contains(method) && !PASSWORD.equals(method)) {
            throw new SecurityError(SecurityError.INVALID_DATA, "unknown authmethod '" + method + "' (known: "
                    + ALL + " and 'password')");
        }
        return method;
    }
}
