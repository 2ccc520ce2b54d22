package io.bondy.gateway.api.spec;

/** A path's {@code security}: who may call it and as whom the gateway acts. */
public sealed interface Security {

    /** {@code {}}: anyone; the gateway acts as an anonymous user of the realm. */
    record None() implements Security {
    }

    /** {@code {"type": "oauth2", ...}}: a bearer access token the realm issued. */
    record OAuth2(String flow, String tokenPath, String revokeTokenPath, String description) implements Security {
    }

    /** {@code {"type": "basic"}}: a user's name and password (HTTP Basic). */
    record Basic() implements Security {
    }

    /** {@code {"type": "api_key"}}: accepted in a spec (Bondy's format) but refused per request (Bondy does too). */
    record ApiKey(String headerName) implements Security {
    }

    /** {@code {"type": "oidc"}}: accepted in a spec (Bondy's format); requests get 501 (no OIDC provider here). */
    record Oidc(String provider) implements Security {
    }
}
