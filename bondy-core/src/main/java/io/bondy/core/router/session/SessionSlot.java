package io.bondy.core.router.session;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Per-session state that belongs to another package (the dealer's call tables, the broker's
 * subscriptions), kept on the session without the session knowing its type: each slot is an index
 * into a small array every session carries, created on first use. So a session does not hand out
 * routing tables, and the packages that own them read them without a map lookup.
 *
 * <p>Declare slots as {@code static final} fields; at most {@value #MAX} exist.
 *
 * @param <T> the state's type; it must be thread-safe if more than one thread uses it
 */
public final class SessionSlot<T> {

    static final int MAX = 8;
    private static final AtomicInteger COUNT = new AtomicInteger();

    final int index;
    private final Supplier<T> initial;

    private SessionSlot(int index, Supplier<T> initial) {
        this.index = index;
        this.initial = initial;
    }

    /** A new slot whose value is made by {@code initial} the first time a session's slot is read. */
    public static <T> SessionSlot<T> of(Supplier<T> initial) {
        int index = COUNT.getAndIncrement();
        if (index >= MAX) {
            throw new IllegalStateException("more than " + MAX + " session slots");
        }
        return new SessionSlot<>(index, initial);
    }

    /** {@code session}'s value, created if this is the first use. Any thread. */
    public T of(WampSession session) {
        return session.slot(this);
    }

    /** {@code session}'s value, or null if it was never created. Any thread. */
    public T peek(WampSession session) {
        return session.peekSlot(this);
    }

    T create() {
        return initial.get();
    }
}
