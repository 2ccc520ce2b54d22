package io.bondy.core.spi;

import java.util.Map;

/** Who a session is, as WELCOME announces it. */
public record AuthIdentity(String authid, String authrole, String authmethod, String authprovider,
                           Map<String, Object> authextra) {

    public AuthIdentity {
        authextra = authextra == null ? Map.of() : Map.copyOf(authextra);
    }
}
