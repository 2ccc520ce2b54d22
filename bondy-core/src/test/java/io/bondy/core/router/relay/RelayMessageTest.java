package io.bondy.core.router.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.message.Call;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Result;
import io.bondy.core.router.rpc.InvokePolicy;
import io.bondy.core.spi.AuthIdentity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayMessageTest {

    private static RelayMessage roundTrip(RelayMessage m) {
        return RelayMessage.decode(RelayMessage.encode(m));
    }

    @Test
    void routesKeepKindMatchPolicyAndWhetherAddedOrRemoved() {
        RelayMessage.Route reg = new RelayMessage.Route("realm1", RelayMessage.Kind.REGISTRATION, "com.p",
                MatchPolicy.PREFIX, InvokePolicy.ROUNDROBIN);
        RelayMessage.Route sub = new RelayMessage.Route("realm1", RelayMessage.Kind.SUBSCRIPTION, "com..t",
                MatchPolicy.WILDCARD, null);
        RelayMessage.Routes decoded = (RelayMessage.Routes) roundTrip(new RelayMessage.Routes(Long.MAX_VALUE - 3, 41,
                List.of(reg), List.of(sub)));
        assertThat(decoded.incarnation()).isEqualTo(Long.MAX_VALUE - 3);
        assertThat(decoded.seq()).isEqualTo(41);
        assertThat(decoded.added()).containsExactly(reg);
        assertThat(decoded.removed()).containsExactly(sub);
    }

    @Test
    void aStateAndADigestKeepTheVersionRoutesAndSessions() {
        RelayMessage.Route reg = new RelayMessage.Route("realm1", RelayMessage.Kind.REGISTRATION, "com.p",
                MatchPolicy.EXACT, InvokePolicy.SINGLE);
        RelayMessage.Route sub = new RelayMessage.Route("realm2", RelayMessage.Kind.SUBSCRIPTION, "com.t",
                MatchPolicy.PREFIX, null);
        RelayMessage.SessionEntry session = new RelayMessage.SessionEntry("realm1", Map.of("session", 5L, "authid", "x"));
        RelayMessage.State state = (RelayMessage.State) roundTrip(new RelayMessage.State(7, 9, List.of(reg, sub),
                List.of(session)));
        assertThat(state.incarnation()).isEqualTo(7);
        assertThat(state.seq()).isEqualTo(9);
        assertThat(state.routes()).containsExactly(reg, sub);
        assertThat(state.sessions()).hasSize(1);
        assertThat(state.sessions().get(0).id()).isEqualTo(5L);
        assertThat(StateHash.of(state.routes(), state.sessions())).isEqualTo(StateHash.of(List.of(sub, reg),
                List.of(session)));

        assertThat(roundTrip(new RelayMessage.Digest(7, 9, -12345678901L, 2, 1)))
                .isEqualTo(new RelayMessage.Digest(7, 9, -12345678901L, 2, 1));
    }

    @Test
    void aForwardedCallKeepsTheCallersIdentityRolesAndBinaryPayload() {
        AuthIdentity who = new AuthIdentity("alice", "user", "wampcra", null, Map.of("k", "v"));
        byte[] blob = {0, 1, 2, (byte) 255};
        Call call = new Call(42, Map.of("receive_progress", true), "com.p", Payload.of(List.of(blob, "x")));
        RelayMessage.Forward decoded = (RelayMessage.Forward) roundTrip(new RelayMessage.Forward("realm1",
                new RelayMessage.Origin(7, who, "websocket", Map.of("caller", Map.of("features", Map.of("x", true)))),
                call));
        assertThat(decoded.realm()).isEqualTo("realm1");
        assertThat(decoded.origin().sessionId()).isEqualTo(7);
        assertThat(decoded.origin().identity()).isEqualTo(who);
        assertThat(decoded.origin().transport()).isEqualTo("websocket");
        assertThat(decoded.origin().roles()).containsKey("caller");
        Call back = (Call) decoded.message();
        assertThat(back.requestId()).isEqualTo(42);
        assertThat((byte[]) ((Payload.Arguments) back.payload()).args().get(0)).containsExactly(blob);
    }

    @Test
    void deliveriesPublicationsAndDeparturesRoundTrip() {
        RelayMessage.Deliver d = (RelayMessage.Deliver) roundTrip(new RelayMessage.Deliver(9,
                new Result(3, Map.of("progress", true), Payload.of(List.of(1)))));
        assertThat(d.sessionId()).isEqualTo(9);
        assertThat(((Result) d.message()).details()).containsEntry("progress", true);

        Publish publish = new Publish(1, Map.of("exclude_me", false), "com.t", Payload.of(List.of("e")));
        RelayMessage.Publication p = (RelayMessage.Publication) roundTrip(new RelayMessage.Publication("realm1", 77,
                8, Map.of("publisher", 8L), publish));
        assertThat(p.publicationId()).isEqualTo(77);
        assertThat(p.publisherId()).isEqualTo(8);
        assertThat(((Number) p.details().get("publisher")).longValue()).isEqualTo(8L);
        assertThat(p.publish().topic()).isEqualTo("com.t");

        assertThat(roundTrip(new RelayMessage.SessionGone("realm1", 5))).isEqualTo(new RelayMessage.SessionGone("realm1", 5));
        assertThat(roundTrip(new RelayMessage.StateRequest())).isInstanceOf(RelayMessage.StateRequest.class);
    }

    @Test
    void sessionAnnouncementsKeepTheirDetailsAndDepartures() {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("session", 12L);
        details.put("authid", "alice");
        details.put("authprovider", null);
        RelayMessage.Sessions decoded = (RelayMessage.Sessions) roundTrip(new RelayMessage.Sessions(3, 4,
                List.of(new RelayMessage.SessionEntry("realm1", details)), List.of(13L)));
        assertThat(decoded.seq()).isEqualTo(4);
        assertThat(decoded.joined()).hasSize(1);
        assertThat(decoded.joined().get(0).id()).isEqualTo(12L);
        assertThat(decoded.joined().get(0).details()).containsEntry("authid", "alice").containsKey("authprovider");
        assertThat(decoded.left()).containsExactly(13L);
    }

    @Test
    void garbageIsRefusedWithAnException() {
        assertThatThrownBy(() -> RelayMessage.decode(new byte[] {(byte) 0x91, 99})).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> RelayMessage.decode(new byte[] {1, 2, 3})).isInstanceOf(RuntimeException.class);
    }
}
