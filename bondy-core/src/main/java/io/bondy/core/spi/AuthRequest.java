package io.bondy.core.spi;

import io.bondy.core.config.RealmConfig;
import io.bondy.core.message.Hello;

/** A HELLO to authenticate, with the realm it asks for and where it came from. */
public record AuthRequest(RealmConfig realm, long sessionId, Hello hello, TransportInfo transport) {
}
