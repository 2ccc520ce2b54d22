package io.bondy.core.spi;

/** A read-only view of a session, for authorization and the meta API. */
public interface SessionInfo {

    long id();

    String realmUri();

    AuthIdentity identity();

    TransportInfo transport();
}
