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
 * which is held only for a {@code Peer.offer} (a non-blocking hand-off that may refuse).
 */
final class PendingCall {

    /** What {@link #answer} or {@link #progress} did with a message to the caller. */
    enum Delivery {
        /** Nothing: the call had ended before. */
        ENDED_BEFORE,
        /** Queued to the caller. */
        QUEUED,
        /** Not queued: the caller's outbound queue is full ({@link WampSession#offer} said no). */
        REFUSED
    }

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

    /**
     * Ends the call with its final RESULT or ERROR unless it has ended already. The call ends whether
     * or not the caller's queue takes the message ({@link Delivery#REFUSED}: the dealer then tells
     * what it can and counts it).
     */
    synchronized Delivery answer(WampMessage finalMessage) {
        if (done) {
            return Delivery.ENDED_BEFORE;
        }
        done = true;
        timer.cancel();
        return caller.offer(finalMessage) ? Delivery.QUEUED : Delivery.REFUSED;
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

    /**
     * Sends a progressive RESULT and restarts the timeout. {@link Delivery#REFUSED}: the caller's queue
     * is full and the stream has a gap, so the dealer ends the call (the call is still open here).
     */
    synchronized Delivery progress(Result progressive, Supplier<Scheduler.Cancellable> restartTimer) {
        if (done) {
            return Delivery.ENDED_BEFORE;
        }
        if (!caller.offer(progressive)) {
            return Delivery.REFUSED;
        }
        if (!timeout.isZero()) {
            timer.cancel();
            timer = restartTimer.get();
        }
        return Delivery.QUEUED;
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
