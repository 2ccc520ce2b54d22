package io.bondy.core.router.rpc;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.Error;
import io.bondy.core.message.Interrupt;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.WampSession;
import java.util.List;
import java.util.Map;

/**
 * Ends calls before the callee answers: CANCEL in the spec's modes, the router's timeout, and the
 * caller leaving. With a callee that did not announce {@code call_canceling} every mode is
 * {@code skip} (no INTERRUPT), as the spec says.
 *
 * <ul>
 *   <li>{@code skip}: ERROR to the caller now; the callee's later answer is dropped.</li>
 *   <li>{@code kill}: INTERRUPT to the callee; the caller gets whatever the callee answers.</li>
 *   <li>{@code killnowait} (the default): ERROR to the caller now and INTERRUPT to the callee, whose
 *       answer is dropped.</li>
 * </ul>
 * A message of the call that a full outbound queue refused ends it the same way ({@link #undeliverable}).
 *
 * <p>Threading: any thread; each call ends once (see {@link PendingCall}).
 */
final class CallCanceler {

    enum Mode {
        SKIP, KILL, KILLNOWAIT;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final PendingCalls pending;

    CallCanceler(PendingCalls pending) {
        this.pending = pending;
    }

    /** CANCEL from the caller; a CANCEL for a call already answered (or unknown) is ignored. */
    void cancel(WampSession caller, Cancel m) {
        PendingCall call = CallTables.of(caller).calls.get(m.requestId());
        if (call == null) {
            return;
        }
        Object mode = m.options().get("mode");
        Mode requested = mode == null ? Mode.KILLNOWAIT : Mode.valueOf(mode.toString().toUpperCase(java.util.Locale.ROOT));
        end(call, requested, WampErrors.CANCELED, "the call was canceled by the caller");
    }

    /** The router's timeout: {@code killnowait}, or {@code skip} for a callee that cannot cancel. */
    void timedOut(PendingCall call) {
        end(call, Mode.KILLNOWAIT, WampErrors.TIMEOUT, "the call timed out after " + call.timeout().toMillis() + " ms");
    }

    /** The caller left: INTERRUPT {@code killnowait} to a callee that can cancel; nothing to answer. */
    void callerLeft(PendingCall call) {
        if (pending.abandon(call) && Dealer.supportsCanceling(call.callee()) && call.callee().isEstablished()) {
            call.callee().send(new Interrupt(call.invocationId(), Map.of("mode", Mode.KILLNOWAIT.wireName())));
        }
    }

    /**
     * A message of the call could not be queued ({@code type}: INVOCATION to the callee, a progressive
     * RESULT to the caller): counted, and the call ends as {@code killnowait} would end it (ERROR
     * {@code wamp.error.canceled} to the caller, INTERRUPT to a callee that can cancel) or, when the
     * callee never got the invocation ({@code calleeHasIt} false), as {@code skip}.
     */
    void undeliverable(PendingCall call, MessageType type, boolean calleeHasIt) {
        String side = type == MessageType.INVOCATION ? "callee" : "caller";
        pending.undeliverable(call, type, side);
        end(call, calleeHasIt ? Mode.KILLNOWAIT : Mode.SKIP, WampErrors.CANCELED, "the call's " + type
                + " could not be queued: the " + side + "'s outbound queue is full (it does not read fast enough)");
    }

    private void end(PendingCall call, Mode requested, String errorUri, String message) {
        boolean interruptible = Dealer.supportsCanceling(call.callee());
        Mode mode = interruptible ? requested : Mode.SKIP;
        if (mode == Mode.KILL) {
            if (call.markInterrupted()) {
                call.callee().send(new Interrupt(call.invocationId(), Map.of("mode", mode.wireName(), "reason", errorUri)));
            }
            return;
        }
        Error error = new Error(MessageType.CALL.code(), call.callRequestId(), Map.of(), errorUri,
                Payload.of(List.of(message)));
        if (pending.answer(call, error) && mode == Mode.KILLNOWAIT) {
            call.callee().send(new Interrupt(call.invocationId(), Map.of("mode", mode.wireName(), "reason", errorUri)));
        }
    }
}
