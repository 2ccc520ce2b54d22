package io.bondy.core.router;

/**
 * A CALL routed to a callee and not yet answered.
 *
 * @param caller        who called
 * @param callRequestId the CALL's request id (caller's scope)
 * @param callee        who was invoked
 * @param invocationId  the INVOCATION's request id (callee's scope)
 */
record PendingCall(WampSession caller, long callRequestId, WampSession callee, long invocationId,
                   Registration registration) {
}
