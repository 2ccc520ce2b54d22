package io.bondy.core.router.rpc;

import io.bondy.core.message.MatchPolicy;
import io.bondy.core.router.session.WampSession;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A procedure (or pattern) and the callees attached to it. One registration, with one id, per
 * (URI, match policy), shared by every callee of a shared registration, as the spec says.
 *
 * <p>Threading: the callee list is copy-on-write: the dealer reads it without a lock; it is changed
 * only by {@link RegistrationTable} under the index's lock.
 */
public final class Registration {

    private final long id;
    private final String procedure;
    private final MatchPolicy match;
    private final InvokePolicy invoke;
    private final Instant created = Instant.now();
    private final List<Callee> callees = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextRoundRobin = new AtomicInteger();

    Registration(long id, String procedure, MatchPolicy match, InvokePolicy invoke) {
        this.id = id;
        this.procedure = procedure;
        this.match = match;
        this.invoke = invoke;
    }

    public long id() {
        return id;
    }

    public String procedure() {
        return procedure;
    }

    public MatchPolicy match() {
        return match;
    }

    public InvokePolicy invoke() {
        return invoke;
    }

    public Instant created() {
        return created;
    }

    /** The attached callees in the order they registered (a snapshot). */
    public List<Callee> callees() {
        return List.copyOf(callees);
    }

    /** The callees connected to this node (without the stubs of other nodes' callees). */
    public List<Callee> localCallees() {
        return callees.stream().filter(c -> !c.session().isNodeStub()).toList();
    }

    /** Whether the router's own sessions hold it (hidden from the registration meta API). */
    public boolean isInternal() {
        List<Callee> now = callees();
        return !now.isEmpty() && now.get(0).session().isInternal();
    }

    Callee calleeOf(WampSession session) {
        for (Callee c : callees) {
            if (c.session() == session) {
                return c;
            }
        }
        return null;
    }

    int nextRoundRobin() {
        return nextRoundRobin.getAndIncrement();
    }

    void attach(Callee callee) {
        callees.add(callee);
    }

    boolean detach(WampSession session) {
        return callees.removeIf(c -> c.session() == session);
    }

    boolean isEmpty() {
        return callees.isEmpty();
    }

    @Override
    public String toString() {
        return "Registration[" + id + " " + procedure + " " + match.wireName() + " " + invoke.wireName() + "]";
    }

    /**
     * One callee's attachment.
     *
     * @param session        the callee
     * @param discloseCaller whether it asked for the caller's identity ({@code disclose_caller})
     * @param forwardTimeout whether it handles call timeouts itself ({@code forward_timeout})
     */
    public record Callee(WampSession session, boolean discloseCaller, boolean forwardTimeout) {
    }
}
