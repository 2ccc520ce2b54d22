package io.bondy.core.router.session;

import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;

/**
 * A procedure implemented inside the router (meta API, admin API). It runs on the caller's
 * thread, so it must be quick and must not block.
 */
@FunctionalInterface
public interface Procedure {

    /**
     * @return the result payload
     * @throws ApplicationError to answer with an ERROR
     */
    Payload invoke(Invocation invocation);
}
