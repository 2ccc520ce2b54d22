package io.bondy.core.router.relay;

import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.Publish;
import io.bondy.core.message.WampMessage;
import io.bondy.core.router.pubsub.Publication;
import io.bondy.core.router.rpc.InvokePolicy;
import io.bondy.core.serialization.Serializers;
import io.bondy.core.spi.AuthIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What routers of one cluster tell each other, and its wire form: a MessagePack array whose first
 * element is the type, with WAMP messages embedded as their own MessagePack bytes ({@code Message|bin}),
 * so a relayed message nests no deeper than the client's did and decodes by the same rules.
 *
 * <pre>
 * [1, Incarnation, Seq, [[Realm, Kind, Uri, Match, Invoke|string|null, Added|bool], ...]]  route changes
 * [2, Realm, Origin|list, Message|bin]                                                  CALL or CANCEL to run here
 * [3, SessionId, Message|bin]                                                           a reply for a session of the receiver
 * [4, Realm, SessionId]                                                                 the sender's session left
 * [5, Realm, PublicationId, PublisherId, Details|dict, PUBLISH|bin]                    a publication to fan out here
 * [6]                                                                                   "send me your state"
 * [7, Incarnation, Seq, [[Realm, Details|dict], ...], [SessionId, ...]]               sessions joined and left
 * [8, QueryId, Realm, Kind, Uri, Match]                                                "your sessions on this route?"
 * [9, QueryId, [SessionId, ...]]                                                      the answer
 * [10, Realm, SessionId, Reason|uri, Message|string|null]                            kill this session of yours
 * [11, Incarnation, Seq, [[Realm, Kind, Uri, Match, Invoke], ...], [[Realm, Details|dict], ...]]  the sender's state
 * [12, Incarnation, Seq, Hash, Routes, Sessions]                                       the sender's digest
 * </pre>
 *
 * <p>Every change of a node's routing state (a route, a session) carries the node's incarnation (a
 * random number drawn when its router starts) and a sequence number (one counter for routes and
 * sessions, +1 per change); its state and its digest carry the sequence number of the last change
 * they include. A receiver applies changes in sequence only, so it sees a gap (a lost message) and a
 * stale message (one older than what it has), and asks for the state to repair ({@link RoutingSync}).
 *
 * <p>Immutable values; the codec is stateless.
 */
public sealed interface RelayMessage {

    int ROUTES = 1;
    int FORWARD = 2;
    int DELIVER = 3;
    int SESSION_GONE = 4;
    int PUBLICATION = 5;
    int STATE_REQUEST = 6;
    int SESSIONS = 7;
    int QUERY = 8;
    int QUERY_REPLY = 9;
    int KILL = 10;
    int STATE = 11;
    int DIGEST = 12;

    /** How embedded WAMP messages are written. */
    io.bondy.core.serialization.Serializer WAMP = Serializers.of(io.bondy.core.serialization.SerializerKind.MSGPACK);

    /** Kinds of route: a registration (a callee) or a subscription. */
    enum Kind { REGISTRATION, SUBSCRIPTION }

    /**
     * That the sender has (or no longer has) sessions attached to (uri, match) in a realm.
     *
     * @param invoke the registration's invocation policy; null for a subscription
     */
    record Route(String realm, Kind kind, String uri, MatchPolicy match, InvokePolicy invoke) {
    }

    /** Changes of the sender's routes: change {@code seq} of the sender's incarnation {@code incarnation}. */
    record Routes(long incarnation, long seq, List<Route> added, List<Route> removed) implements RelayMessage {
    }

    /** Who made a forwarded call: the receiver acts for this session of the sender. */
    record Origin(long sessionId, AuthIdentity identity, String transport, Map<String, Object> roles) {
    }

    /** A CALL (new or a progressive continuation) or a CANCEL for the receiver's callees. */
    record Forward(String realm, Origin origin, WampMessage message) implements RelayMessage {
    }

    /** A message (RESULT, ERROR, ABORT) for the receiver's session {@code sessionId}. */
    record Deliver(long sessionId, WampMessage message) implements RelayMessage {
    }

    /** The sender's session {@code sessionId} left: what the receiver does for it ends. */
    record SessionGone(String realm, long sessionId) implements RelayMessage {
    }

    /** A publication accepted by the sender, for the receiver's subscribers. */
    record Publication(String realm, long publicationId, long publisherId, Map<String, Object> details,
                       Publish publish) implements RelayMessage {
    }

    /** Asks the receiver for its {@link State} (the sender has none, or found a gap or a differing digest). */
    record StateRequest() implements RelayMessage {
    }

    /**
     * The sender's complete routing state as of its change {@code seq}: every route and client session
     * it has (what it does not list, it does not have).
     */
    record State(long incarnation, long seq, List<Route> routes, List<SessionEntry> sessions) implements RelayMessage {
    }

    /**
     * A summary of the sender's routing state as of its change {@code seq}: a receiver whose copy does
     * not have the same incarnation, sequence number and hash asks for the {@link State}. The hash is
     * {@link StateHash#of} the routes and sessions; the counts are for people reading logs.
     */
    record Digest(long incarnation, long seq, long hash, int routes, int sessions) implements RelayMessage {
    }

    /** A client session of the sender: its realm and its Session Meta API details. */
    record SessionEntry(String realm, Map<String, Object> details) {

        long id() {
            return ((Number) details.get("session")).longValue();
        }
    }

    /** Client sessions of the sender that joined and left: change {@code seq} of its incarnation. */
    record Sessions(long incarnation, long seq, List<SessionEntry> joined, List<Long> left)
            implements RelayMessage {
    }

    /** Asks for the receiver's sessions attached to a route: callees of a registration, subscribers of a subscription. */
    record Query(long queryId, Route route) implements RelayMessage {
    }

    /** The receiver's answer to {@link Query}. */
    record QueryReply(long queryId, List<Long> sessions) implements RelayMessage {
    }

    /** {@code wamp.session.kill} of a session of the receiver. */
    record Kill(String realm, long sessionId, String reason, String message) implements RelayMessage {
    }

    static byte[] encode(RelayMessage message) {
        List<Object> wire = new ArrayList<>(6);
        if (message instanceof Routes r) {
            wire.add(ROUTES);
            wire.add(r.incarnation());
            wire.add(r.seq());
            List<Object> changes = new ArrayList<>(r.added().size() + r.removed().size());
            r.added().forEach(route -> changes.add(route(route, true)));
            r.removed().forEach(route -> changes.add(route(route, false)));
            wire.add(changes);
        } else if (message instanceof Forward f) {
            wire.add(FORWARD);
            wire.add(f.realm());
            AuthIdentity who = f.origin().identity();
            wire.add(java.util.Arrays.asList(f.origin().sessionId(), who.authid(), who.authrole(), who.authmethod(),
                    who.authprovider(), who.authextra(), f.origin().transport(), f.origin().roles()));
            wire.add(WAMP.encode(f.message()));
        } else if (message instanceof Deliver d) {
            wire.add(DELIVER);
            wire.add(d.sessionId());
            wire.add(WAMP.encode(d.message()));
        } else if (message instanceof SessionGone g) {
            wire.add(SESSION_GONE);
            wire.add(g.realm());
            wire.add(g.sessionId());
        } else if (message instanceof Publication p) {
            wire.add(PUBLICATION);
            wire.add(p.realm());
            wire.add(p.publicationId());
            wire.add(p.publisherId());
            wire.add(p.details());
            wire.add(WAMP.encode(p.publish()));
        } else if (message instanceof Sessions ss) {
            wire.add(SESSIONS);
            wire.add(ss.incarnation());
            wire.add(ss.seq());
            wire.add(sessions(ss.joined()));
            wire.add(ss.left());
        } else if (message instanceof State st) {
            wire.add(STATE);
            wire.add(st.incarnation());
            wire.add(st.seq());
            List<Object> routes = new ArrayList<>(st.routes().size());
            st.routes().forEach(route -> routes.add(route(route, true).subList(0, 5)));
            wire.add(routes);
            wire.add(sessions(st.sessions()));
        } else if (message instanceof Digest d) {
            wire.add(DIGEST);
            wire.add(d.incarnation());
            wire.add(d.seq());
            wire.add(d.hash());
            wire.add(d.routes());
            wire.add(d.sessions());
        } else if (message instanceof Query q) {
            wire.add(QUERY);
            wire.add(q.queryId());
            wire.addAll(route(q.route(), true).subList(0, 4));
        } else if (message instanceof QueryReply r) {
            wire.add(QUERY_REPLY);
            wire.add(r.queryId());
            wire.add(r.sessions());
        } else if (message instanceof Kill k) {
            wire.add(KILL);
            wire.add(k.realm());
            wire.add(k.sessionId());
            wire.add(k.reason());
            wire.add(k.message());
        } else {
            wire.add(STATE_REQUEST);
        }
        return Serializers.pack(wire);
    }

    /**
     * @throws IllegalArgumentException (or a {@link io.bondy.core.message.ProtocolViolationException})
     *     for bytes that are not a relay message
     */
    static RelayMessage decode(byte[] bytes) {
        List<Object> wire = Serializers.unpack(bytes);
        int type = ((Number) wire.get(0)).intValue();
        return switch (type) {
            case ROUTES -> {
                List<Route> added = new ArrayList<>();
                List<Route> removed = new ArrayList<>();
                for (Object o : (List<?>) wire.get(3)) {
                    List<?> r = (List<?>) o;
                    (Boolean.TRUE.equals(r.get(5)) ? added : removed).add(route(r));
                }
                yield new Routes(number(wire.get(1)), number(wire.get(2)), added, removed);
            }
            case FORWARD -> {
                List<?> o = (List<?>) wire.get(2);
                AuthIdentity who = new AuthIdentity((String) o.get(1), (String) o.get(2), (String) o.get(3),
                        (String) o.get(4), map(o.get(5)));
                yield new Forward((String) wire.get(1),
                        new Origin(((Number) o.get(0)).longValue(), who, (String) o.get(6), map(o.get(7))),
                        WAMP.decode((byte[]) wire.get(3)));
            }
            case DELIVER -> new Deliver(((Number) wire.get(1)).longValue(), WAMP.decode((byte[]) wire.get(2)));
            case SESSION_GONE -> new SessionGone((String) wire.get(1), ((Number) wire.get(2)).longValue());
            case PUBLICATION -> new Publication((String) wire.get(1), ((Number) wire.get(2)).longValue(),
                    ((Number) wire.get(3)).longValue(), map(wire.get(4)),
                    (Publish) WAMP.decode((byte[]) wire.get(5)));
            case STATE_REQUEST -> new StateRequest();
            case SESSIONS -> {
                List<Long> left = ((List<?>) wire.get(4)).stream().map(RelayMessage::number).toList();
                yield new Sessions(number(wire.get(1)), number(wire.get(2)), sessions(wire.get(3)), left);
            }
            case STATE -> {
                List<Route> routes = new ArrayList<>();
                for (Object o : (List<?>) wire.get(3)) {
                    routes.add(route((List<?>) o));
                }
                yield new State(number(wire.get(1)), number(wire.get(2)), routes, sessions(wire.get(4)));
            }
            case DIGEST -> new Digest(number(wire.get(1)), number(wire.get(2)), number(wire.get(3)),
                    (int) number(wire.get(4)), (int) number(wire.get(5)));
            case QUERY -> new Query(((Number) wire.get(1)).longValue(), new Route((String) wire.get(2),
                    Kind.valueOf((String) wire.get(3)), (String) wire.get(4),
                    MatchPolicy.fromOptions(Map.of("match", wire.get(5))), null));
            case QUERY_REPLY -> new QueryReply(((Number) wire.get(1)).longValue(),
                    ((List<?>) wire.get(2)).stream().map(n -> ((Number) n).longValue()).toList());
            case KILL -> new Kill((String) wire.get(1), ((Number) wire.get(2)).longValue(), (String) wire.get(3),
                    (String) wire.get(4));
            default -> throw new IllegalArgumentException("unknown relay message type " + type);
        };
    }

    private static List<Object> route(Route r, boolean added) {
        List<Object> out = new ArrayList<>(6);
        out.add(r.realm());
        out.add(r.kind().name());
        out.add(r.uri());
        out.add(r.match().wireName());
        out.add(r.invoke() == null ? null : r.invoke().wireName());
        out.add(added);
        return out;
    }

    private static Route route(List<?> r) {
        return new Route((String) r.get(0), Kind.valueOf((String) r.get(1)), (String) r.get(2),
                MatchPolicy.fromOptions(Map.of("match", r.get(3))),
                r.get(4) == null ? null : InvokePolicy.fromOptions(Map.of("invoke", r.get(4))));
    }

    private static List<Object> sessions(List<SessionEntry> entries) {
        List<Object> out = new ArrayList<>(entries.size());
        entries.forEach(e -> out.add(List.of(e.realm(), e.details())));
        return out;
    }

    private static List<SessionEntry> sessions(Object wire) {
        List<SessionEntry> out = new ArrayList<>();
        for (Object o : (List<?>) wire) {
            List<?> e = (List<?>) o;
            out.add(new SessionEntry((String) e.get(0), map(e.get(1))));
        }
        return out;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
