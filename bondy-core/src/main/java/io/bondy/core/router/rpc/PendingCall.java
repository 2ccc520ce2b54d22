package io.bondy.core.router.rpc;

import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.Scheduler;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A CALL routed to a callee and not yet answered. It is answered exactly once: the first of
 * {@link #answer} and {@link #abandon} wins, later ones do nothing; progressive results are sent
 * only before that, in the order the callee sent them.
 *
 * <p>Threading: touched by the caller's thread (CALL, CANCEL), the callee's (YIELD, ERROR) and the
 * timer's; every state change and every message to the caller happens under this object's lock,
 * which is held only for a {@code Peer.send} (a non-blocking hand-off).
 */
final class PendingCall {

    private final WampSession caller;
    private final long callRequestId;
    private final WampSession callee;
    private final long invocationId;
    private final Registration registration;
    private final boolean receiveProgress;
    private final Duration timeout;
    private final boolean progressiveInvocation;
    private boolean done;
    private boolean streamingInvocation;
    private boolean interrupted;
    private Scheduler.Cancellable timer = Scheduler.Cancellable.NONE;
    private final long startedNanos = System.nanoTime();

    /**
     * @param timeout             the router-run timeout (zero: none), restarted by each progressive result
     * @param streamingInvocation whether the caller will send more progressive CALLs
     */
    PendingCall(WampSession caller, long callRequestId, WampSession callee, long invocationId,
                Registration registration, boolean receiveProgress, Duration timeout, boolean streamingInvocation) {
        this.caller = caller;
        this.callRequestId = callRequestId;
        this.callee = callee;
        this.invocationId = invocationId;
        this.registration = registration;
        this.receiveProgress = receiveProgress;
        this.timeout = timeout;
        this.streamingInvocation = streamingInvocation;
        this.progressiveInvocation = streamingInvocation;
    }

    WampSession caller() {
        return caller;
    }

    /** When the dealer accepted the CALL ({@link System#nanoTime()}). */
    long startedNanos() {
        return startedNanos;
    }

    long callRequestId() {
        return callRequestId;
    }

    WampSession callee() {
        return callee;
    }

    long invocationId() {
        return invocationId;
    }

    Registration registration() {
        return registration;
    }

    boolean receiveProgress() {
        return receiveProgress;
    }

    Duration timeout() {
        return timeout;
    }

    /** Sends the final RESULT or ERROR unless the call is already answered; returns whether it did. */
    synchronized boolean answer(WampMessage finalMessage) {
        if (done) {
            return false;
        }
        done = true;
        timer.cancel();
        caller.send(finalMessage);
        return true;
    }

    /** Ends the call without a word to the caller (it left); returns whether this ended it. */
    synchronized boolean abandon() {
        if (done) {
            return false;
        }
        done = true;
        timer.cancel();
        return true;
    }

    /** Sends a progressive RESULT and restarts the timeout; false if the call is already answered. */
    synchronized boolean progress(Result progressive, Supplier<Scheduler.Cancellable> restartTimer) {
        if (done) {
            return false;
        }
        caller.send(progressive);
        if (!timeout.isZero()) {
            timer.cancel();
            timer = restartTimer.get();
        }
        return true;
    }

    /** Starts the timeout unless the call is already answered (an internal callee answers at once). */
    synchronized void startTimer(Supplier<Scheduler.Cancellable> start) {
        if (!done && !timeout.isZero()) {
            timer = start.get();
        }
    }

    /** Whether the caller started this call with a progressive CALL. */
    boolean isProgressiveInvocation() {
        return progressiveInvocation;
    }

    synchronized boolean isDone() {
        return done;
    }

    /** Records a CALL continuation; {@code more} false ends the caller's stream. False if already answered. */
    synchronized boolean continueInvocation(boolean more) {
        if (done || !streamingInvocation) {
            return false;
        }
        streamingInvocation = more;
        return true;
    }

    /** Marks the call interrupted (CANCEL mode kill); true the first time. */
    synchronized boolean markInterrupted() {
        if (done || interrupted) {
            return false;
        }
        interrupted = true;
        return true;
    }

    @Override
    public String toString() {
        return "PendingCall[" + caller.id() + "/" + callRequestId + " -> " + callee.id() + "/" + invocationId + "]";
    }
}
