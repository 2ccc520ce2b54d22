package io.bondy.core.router;

import io.bondy.core.message.MatchPolicy;

/** A procedure and the callee that registered it. */
record Registration(long id, String procedure, MatchPolicy match, WampSession callee) {
}
