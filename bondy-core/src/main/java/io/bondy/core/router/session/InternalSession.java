package io.bondy.core.router.session;

import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Unsubscribe;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Yield;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.thread.AnyThread;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.TransportInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session inside the router, for the router's own procedures and events (meta API, admin API,
 * gateway, bridge). It takes the same path as any client: its REGISTERs and PUBLISHes go through
 * the realm's dealer and broker, so routing, meta events and clustering apply to it too. Unlike a
 * client it may register {@code wamp.*} and {@code bondy.*} procedures.
 *
 * <p>Threading: thread-safe. Procedures run on the caller's thread (see {@link Procedure}).
 */
@AnyThread
public final class InternalSession {

    private static final Logger LOG = LoggerFactory.getLogger(InternalSession.class);
    /** The error for a procedure that failed unexpectedly (Bondy's URI). */
    public static final String INTERNAL_ERROR = "bondy.error.internal_error";

    /** Who the router's own sessions are. */
    public static final AuthIdentity ROUTER_IDENTITY =
            new AuthIdentity("bondy", "bondy.internal", "trusted", "bondy", Map.of());
    /** The options of an acknowledged publish without options of its own. */
    private static final Map<String, Object> ACKNOWLEDGE = Map.of("acknowledge", true);

    private final WampSession session;
    private final AtomicLong requestIds = new AtomicLong();
    private final Map<Long, Procedure> procedures = new ConcurrentHashMap<>();
    private final Map<Long, DeferredProcedure> deferred = new ConcurrentHashMap<>();
    private final Map<Long, WampMessage> replies = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Payload>> calls = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Long>> publications = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<Event>> subscriptions = new ConcurrentHashMap<>();
    private final TransportInfo transport;

    private InternalSession(SessionHost host, RealmHandle realm, AuthIdentity identity, TransportInfo transport) {
        this(host, realm, identity, transport, false);
    }

    private InternalSession(SessionHost host, RealmHandle realm, AuthIdentity identity, TransportInfo transport,
            boolean nodeLocal) {
        this.transport = transport;
        this.session = new LocalSession(host, new LocalPeer(), realm, identity, nodeLocal);
    }

    /**
     * Joins {@code realm} as {@code identity} as a node-local session ({@link WampSession#isNodeLocal()}):
     * its subscriptions see only what is published on this node (the broker bridge: an event is
     * bridged once, by the node it was published on).
     */
    public static InternalSession joinNodeLocal(SessionHost router, RealmHandle realm, AuthIdentity identity) {
        InternalSession session = new InternalSession(router, realm, identity, TransportInfo.internal(), true);
        realm.track(session);
        return session;
    }

    /** Joins {@code realm} as {@code identity}, with no authentication (the router trusts itself). */
    public static InternalSession join(SessionHost router, RealmHandle realm, AuthIdentity identity) {
        InternalSession session = new InternalSession(router, realm, identity, TransportInfo.internal());
        realm.track(session); // leaves with the realm when it is removed
        return session;
    }

    /**
     * Joins {@code realm} on behalf of a principal another front end (e.g. the admin HTTP API) has
     * already authenticated. Its transport is {@code transport} (not {@code internal}), so the
     * realm's authorizer applies RBAC to its calls exactly as to a client's, and internal callees
     * see its identity in the caller details. Short-lived: the caller leaves it after its request.
     */
    public static InternalSession actingFor(SessionHost router, RealmHandle realm, AuthIdentity identity, TransportInfo transport) {
        return new InternalSession(router, realm, identity, transport);
    }

    public long id() {
        return session.id();
    }

    /**
     * Registers {@code procedure}; returns the registration id.
     *
     * @throws ApplicationError if the dealer refuses (e.g. the procedure already exists)
     */
    public long register(String procedure, Map<String, Object> options, Procedure handler) {
        long request = requestIds.incrementAndGet();
        session.receive(new Register(request, options, procedure));
        WampMessage reply = replies.remove(request);
        if (reply instanceof Registered registered) {
            procedures.put(registered.registrationId(), handler);
            return registered.registrationId();
        }
        if (reply instanceof Error error) {
            throw new ApplicationError(error.error(), error.payload());
        }
        throw new IllegalStateException("no reply to REGISTER " + procedure + ": " + reply);
    }

    /**
     * A procedure whose answer comes later (e.g. after other nodes answered): the YIELD or ERROR is
     * sent when the future completes, on the completing thread. It must not block either.
     */
    @FunctionalInterface
    public interface DeferredProcedure {

        /** The result; completing exceptionally with an {@link ApplicationError} answers with an ERROR. */
        CompletableFuture<Payload> invoke(Invocation invocation);
    }

    /** Registers a {@link DeferredProcedure}; returns the registration id (see {@link #register}). */
    public long registerDeferred(String procedure, Map<String, Object> options, DeferredProcedure handler) {
        long id = register(procedure, options, inv -> {
            throw new IllegalStateException("deferred procedure " + procedure + " invoked synchronously");
        });
        deferred.put(id, handler);
        return id;
    }

    /**
     * Calls {@code procedure} through the realm's dealer. The future completes with the RESULT's
     * payload, or exceptionally with an {@link ApplicationError} carrying the ERROR's URI and payload.
     * Internal callees answer on the calling thread; others whenever their YIELD arrives.
     */
    public CompletableFuture<Payload> call(String procedure, Payload payload, Map<String, Object> options) {
        long request = requestIds.incrementAndGet();
        CompletableFuture<Payload> future = new CompletableFuture<>();
        calls.put(request, future);
        future.whenComplete((r, e) -> calls.remove(request));
        session.receive(new Call(request, options, procedure, payload));
        return future;
    }

    /**
     * Subscribes to {@code topic}; {@code handler} gets each EVENT on the publisher's thread (it must
     * not block). Returns the subscription id.
     *
     * @throws ApplicationError if the broker refuses
     */
    public long subscribe(String topic, Map<String, Object> options, Consumer<Event> handler) {
        long request = requestIds.incrementAndGet();
        session.receive(new Subscribe(request, options, topic));
        WampMessage reply = replies.remove(request);
        if (reply instanceof Subscribed subscribed) {
            subscriptions.put(subscribed.subscriptionId(), handler);
            return subscribed.subscriptionId();
        }
        if (reply instanceof Error error) {
            throw new ApplicationError(error.error(), error.payload());
        }
        throw new IllegalStateException("no reply to SUBSCRIBE " + topic + ": " + reply);
    }

    /** Ends a subscription made by {@link #subscribe}. */
    public void unsubscribe(long subscriptionId) {
        if (subscriptions.remove(subscriptionId) != null) {
            session.receive(new Unsubscribe(requestIds.incrementAndGet(), subscriptionId));
        }
    }

    /** Publishes an event (no acknowledgement). */
    public void publish(String topic, Payload payload, Map<String, Object> options) {
        session.receive(new Publish(requestIds.incrementAndGet(), options, topic, payload));
    }

    /**
     * Publishes an event asking for an acknowledgement: the future completes with the publication id
     * (PUBLISHED), or exceptionally with an {@link ApplicationError} (ERROR, e.g. not authorized).
     */
    public CompletableFuture<Long> publishAcknowledged(String topic, Payload payload, Map<String, Object> options) {
        long request = requestIds.incrementAndGet();
        CompletableFuture<Long> future = new CompletableFuture<>();
        publications.put(request, future); // removed by its PUBLISHED or ERROR
        Map<String, Object> acknowledged = options == null || options.isEmpty() ? ACKNOWLEDGE
                : io.bondy.core.message.Dicts.with(options, "acknowledge", true);
        session.receive(new Publish(request, acknowledged, topic, payload));
        return future;
    }

    /** Leaves the realm: its registrations and subscriptions go. */
    public void leave() {
        session.transportClosed();
    }

    private void onMessage(WampMessage message) {
        if (message instanceof Event event) {
            Consumer<Event> handler = subscriptions.get(event.subscriptionId());
            if (handler != null) {
                handler.accept(event);
            }
        } else if (message instanceof Invocation invocation) {
            invoke(invocation);
        } else if (message instanceof Subscribed r) {
            replies.put(r.requestId(), r);
        } else if (message instanceof Error e && e.requestType() == MessageType.SUBSCRIBE.code()) {
            replies.put(e.requestId(), e);
        } else if (message instanceof Registered r) {
            replies.put(r.requestId(), r);
        } else if (message instanceof Error e && e.requestType() == MessageType.REGISTER.code()) {
            replies.put(e.requestId(), e);
        } else if (message instanceof Result r) {
            complete(r.requestId(), r.payload(), null);
        } else if (message instanceof Error e && e.requestType() == MessageType.CALL.code()) {
            complete(e.requestId(), null, new ApplicationError(e.error(), e.payload()));
        } else if (message instanceof io.bondy.core.message.Published p) {
            CompletableFuture<Long> future = publications.remove(p.requestId());
            if (future != null) {
                future.complete(p.publicationId());
            }
        } else if (message instanceof Error e && e.requestType() == MessageType.PUBLISH.code()) {
            CompletableFuture<Long> future = publications.remove(e.requestId());
            if (future != null) {
                future.completeExceptionally(new ApplicationError(e.error(), e.payload()));
            }
        } else {
            LOG.debug("Internal session {} ignores {}", session.id(), message.type());
        }
    }

    private void complete(long request, Payload result, ApplicationError error) {
        CompletableFuture<Payload> future = calls.get(request);
        if (future == null) {
            LOG.debug("Internal session {} got a reply to unknown call {}", session.id(), request);
        } else if (error != null) {
            future.completeExceptionally(error);
        } else {
            future.complete(result);
        }
    }

    private void invoke(Invocation invocation) {
        DeferredProcedure later = deferred.get(invocation.registrationId());
        if (later != null) {
            CompletableFuture<Payload> result;
            try {
                result = later.invoke(invocation);
            } catch (RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
            }
            result.whenComplete((payload, error) -> session.receive(answer(invocation, payload, error)));
            return;
        }
        Procedure procedure = procedures.get(invocation.registrationId());
        WampMessage answer;
        try {
            if (procedure == null) {
                throw new ApplicationError(io.bondy.core.WampErrors.NO_SUCH_PROCEDURE, "not registered here");
            }
            answer = new Yield(invocation.requestId(), Map.of(), procedure.invoke(invocation));
        } catch (ApplicationError e) {
            answer = new Error(MessageType.INVOCATION.code(), invocation.requestId(), Map.of(), e.uri(), e.payload());
        } catch (RuntimeException e) {
            LOG.warn("Internal procedure of registration {} failed", invocation.registrationId(), e);
            answer = new Error(MessageType.INVOCATION.code(), invocation.requestId(), Map.of(), INTERNAL_ERROR,
                    Payload.of(List.of(String.valueOf(e.getMessage()))));
        }
        session.receive(answer);
    }

    private WampMessage answer(Invocation invocation, Payload payload, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause == null) {
            return new Yield(invocation.requestId(), Map.of(), payload);
        }
        if (cause instanceof ApplicationError e) {
            return new Error(MessageType.INVOCATION.code(), invocation.requestId(), Map.of(), e.uri(), e.payload());
        }
        LOG.warn("Internal procedure of registration {} failed", invocation.registrationId(), cause);
        return new Error(MessageType.INVOCATION.code(), invocation.requestId(), Map.of(), INTERNAL_ERROR,
                Payload.of(List.of(String.valueOf(cause.getMessage()))));
    }

    /** The in-process transport of an internal session. */
    private final class LocalPeer implements Peer {

        @Override
        public void send(WampMessage message) {
            onMessage(message);
        }

        @Override
        public void sendAndClose(WampMessage message) {
            onMessage(message);
        }

        @Override
        public void close() {
            // nothing to close: the session lives as long as the router or until leave()
        }

        @Override
        public TransportInfo transport() {
            return transport;
        }
    }
}
