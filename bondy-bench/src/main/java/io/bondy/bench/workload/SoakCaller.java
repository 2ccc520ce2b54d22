package io.bondy.bench.workload;

import io.bondy.bench.wamp.BenchSession;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests of one soak session that the router must answer: CALLs (RESULT or ERROR) and
 * acknowledged PUBLISHes (PUBLISHED or ERROR). Each is tracked from sending until its answer; what is
 * left when the run has drained, on a connection the router kept open, was never answered.
 *
 * <p>Threading: {@link #call} and {@link #publish} from any thread, answers on the connection's loop.
 */
final class SoakCaller {

    final AtomicLong results = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    final ConcurrentMap<String, AtomicLong> errorUris;
    private final ConcurrentMap<Long, String> pending = new ConcurrentHashMap<>();
    private volatile BenchSession session;

    SoakCaller(ConcurrentMap<String, AtomicLong> errorUris) {
        this.errorUris = errorUris;
    }

    void attach(BenchSession session) {
        this.session = session;
    }

    BenchSession session() {
        return session;
    }

    boolean isOpen() {
        BenchSession s = session;
        return s != null && s.connection().isActive();
    }

    int inFlight() {
        return pending.size();
    }

    /** What is still unanswered: request id to what it was. */
    Map<Long, String> unanswered() {
        return Map.copyOf(pending);
    }

    void call(String procedure, Map<String, Object> options) {
        BenchSession s = session;
        long id = s.nextRequestId();
        pending.put(id, "CALL " + procedure + " " + options);
        s.send(new Call(id, options, procedure, new Payload.Arguments(List.of(id, "soak"), null)));
    }

    void publish(String topic, boolean acknowledge) {
        BenchSession s = session;
        long id = s.nextRequestId();
        if (acknowledge) {
            pending.put(id, "PUBLISH " + topic);
        }
        s.send(new Publish(id, acknowledge ? Map.of("acknowledge", true) : Map.of(), topic,
                new Payload.Arguments(List.of(id), null)));
    }

    /** Takes the answers among {@code message}; returns false for anything else. */
    boolean onMessage(WampMessage message) {
        if (message instanceof Result r && !Boolean.TRUE.equals(r.details().get("progress"))) {
            if (pending.remove(r.requestId()) != null) {
                results.incrementAndGet();
            }
            return true;
        }
        if (message instanceof Published p) {
            if (pending.remove(p.requestId()) != null) {
                published.incrementAndGet();
            }
            return true;
        }
        if (message instanceof Error e && (e.requestType() == MessageType.CALL.code()
                || e.requestType() == MessageType.PUBLISH.code())) {
            if (pending.remove(e.requestId()) != null) {
                errors.incrementAndGet();
                errorUris.computeIfAbsent(e.error(), k -> new AtomicLong()).incrementAndGet();
            }
            return true;
        }
        return false;
    }
}
