package io.bondy.core.router.rpc;

import io.bondy.core.WampErrors;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.uri.UriIndex;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The dealer's registrations: by (URI, match policy) in a {@link UriIndex} for routing by the spec's
 * precedence, and by id. Attaching and detaching callees is atomic per entry.
 *
 * <p>Threading: lookups take no lock; changes are serialized by the index.
 */
public final class RegistrationTable {

    private final UriIndex<Registration> index = new UriIndex<>(true);
    private final Map<Long, Registration> byId = new ConcurrentHashMap<>();
    private final IdOf ids;
    private final LongSupplier fallback;

    /** The id a new registration of (procedure, match) gets. */
    @FunctionalInterface
    interface IdOf {
        long of(String procedure, MatchPolicy match);
    }

    /**
     * Registrations get the id {@code ids} gives them (the same on every node of a cluster), or one of
     * {@code fallback} if another registration of this table has it already (a collision of the hash).
     */
    RegistrationTable(IdOf ids, LongSupplier fallback) {
        this.ids = ids;
        this.fallback = fallback;
    }


    /** What {@link #attach} did. */
    sealed interface Outcome {
    }

    /** The callee is attached; {@code created} when the registration is new. */
    record Attached(Registration registration, boolean created) implements Outcome {
    }

    /** The callee is refused with ERROR {@code error}. */
    record Refused(String error, String message) implements Outcome {
    }

    /**
     * Attaches {@code callee} to the registration of (procedure, match), creating it if absent. A
     * second callee is refused unless both ask for the same shared invocation policy.
     */
    Outcome attach(String procedure, MatchPolicy match, InvokePolicy invoke, Registration.Callee callee) {
        return attach(procedure, match, invoke, callee, r -> { });
    }

    /**
     * As {@link #attach(String, MatchPolicy, InvokePolicy, Registration.Callee)}; {@code beforeVisible} runs
     * with the registration once the callee is accepted and before a caller can be routed to it: the
     * registrar queues REGISTERED there, so no INVOCATION routed by another thread overtakes it.
     */
    Outcome attach(String procedure, MatchPolicy match, InvokePolicy invoke, Registration.Callee callee,
                   java.util.function.Consumer<Registration> beforeVisible) {
        Outcome[] outcome = new Outcome[1];
        index.update(procedure, match, existing -> {
            if (existing == null) {
                Registration fresh = new Registration(ids.of(procedure, match), procedure, match, invoke);
                fresh.attach(callee);
                if (byId.putIfAbsent(fresh.id(), fresh) != null) {
                    fresh = new Registration(fallback.getAsLong(), procedure, match, invoke);
                    fresh.attach(callee);
                    byId.put(fresh.id(), fresh);
                }
                beforeVisible.accept(fresh); // not routable before this lambda returns
                outcome[0] = new Attached(fresh, true);
                return fresh;
            }
            if (existing.calleeOf(callee.session()) != null) {
                outcome[0] = new Refused(WampErrors.PROCEDURE_ALREADY_EXISTS,
                        "this session has already registered '" + procedure + "' (" + match.wireName() + ")");
            } else if (existing.invoke() == InvokePolicy.SINGLE || existing.invoke() != invoke) {
                outcome[0] = new Refused(WampErrors.PROCEDURE_ALREADY_EXISTS, "procedure '" + procedure
                        + "' is already registered with invoke '" + existing.invoke().wireName() + "'"
                        + (existing.invoke() == InvokePolicy.SINGLE ? "" : "; a shared registration needs the same policy"));
            } else {
                beforeVisible.accept(existing);
                existing.attach(callee);
                outcome[0] = new Attached(existing, false);
            }
            return existing;
        });
        return outcome[0];
    }

    /** Detaches {@code session}; returns whether the registration was deleted (its last callee left). */
    boolean detach(Registration reg, WampSession session) {
        Registration after = index.update(reg.procedure(), reg.match(), existing -> {
            if (existing != reg) {
                return existing;
            }
            existing.detach(session);
            return existing.isEmpty() ? null : existing;
        });
        if (after == null) {
            byId.remove(reg.id(), reg);
            return true;
        }
        return false;
    }

    /** The registration a call to {@code uri} goes to: exact, else longest prefix, else best wildcard. */
    public Optional<Registration> match(String uri) {
        return index.bestMatch(uri);
    }

    public Registration get(long id) {
        return byId.get(id);
    }

    public Registration lookup(String procedure, MatchPolicy match) {
        return index.get(procedure, match);
    }

    public List<Registration> all() {
        return List.copyOf(byId.values());
    }
}
