package io.bondy.core.serialization;

import io.bondy.core.message.Abort;
import io.bondy.core.message.Authenticate;
import io.bondy.core.message.Call;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.Challenge;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.EventReceived;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Hello;
import io.bondy.core.message.Interrupt;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Unregister;
import io.bondy.core.message.Unregistered;
import io.bondy.core.message.Unsubscribe;
import io.bondy.core.message.Unsubscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.message.Yield;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The attributes of a decoded message under the names the test vectors use in
 * {@code expected_attributes}. A name missing from the map is one this mapping does not know, which
 * the vector test reports as a failure rather than skipping.
 */
final class VectorAttributes {

    private final Map<String, Object> attributes = new HashMap<>();

    private VectorAttributes() {
    }

    static Map<String, Object> of(WampMessage m) {
        VectorAttributes a = new VectorAttributes();
        a.put("message_type", m.type().code());
        // Java 17: no pattern matching for switch yet.
        if (m instanceof Hello h) {
            a.put("realm", h.realm()).put("details", h.details()).put("roles", h.roles());
        } else if (m instanceof Welcome w) {
            a.put("session_id", w.session()).put("details", w.details()).put("roles", w.details().get("roles"));
        } else if (m instanceof Abort x) {
            a.put("details", x.details()).put("reason", x.reason());
        } else if (m instanceof Challenge c) {
            a.put("method", c.authMethod()).put("extra", c.extra());
        } else if (m instanceof Authenticate x) {
            a.put("signature", x.signature()).put("extra", x.extra());
        } else if (m instanceof Goodbye g) {
            a.put("details", g.details()).put("reason", g.reason());
        } else if (m instanceof Error e) {
            a.put("request_type", e.requestType()).put("request_id", e.requestId()).put("details", e.details())
                    .put("error", e.error()).payload(e.payload());
        } else if (m instanceof Publish p) {
            a.put("request_id", p.requestId()).put("options", p.options()).put("topic", p.topic()).payload(p.payload());
        } else if (m instanceof Published p) {
            a.put("request_id", p.requestId()).publication(p.publicationId());
        } else if (m instanceof Subscribe s) {
            a.put("request_id", s.requestId()).put("options", s.options()).put("topic", s.topic());
        } else if (m instanceof Subscribed s) {
            a.put("request_id", s.requestId()).subscription(s.subscriptionId());
        } else if (m instanceof Unsubscribe u) {
            a.put("request_id", u.requestId()).subscription(u.subscriptionId());
        } else if (m instanceof Unsubscribed u) {
            a.put("request_id", u.requestId()).put("details", u.details());
        } else if (m instanceof Event e) {
            a.subscription(e.subscriptionId()).publication(e.publicationId()).put("details", e.details())
                    .payload(e.payload());
        } else if (m instanceof EventReceived e) {
            a.publication(e.publicationId()).put("details", e.details()).payload(e.payload());
        } else if (m instanceof Call c) {
            a.put("request_id", c.requestId()).put("options", c.options()).put("procedure", c.procedure())
                    .payload(c.payload());
        } else if (m instanceof Cancel c) {
            a.put("request_id", c.requestId()).put("options", c.options());
        } else if (m instanceof Result r) {
            a.put("request_id", r.requestId()).put("details", r.details()).payload(r.payload());
        } else if (m instanceof Register r) {
            a.put("request_id", r.requestId()).put("options", r.options()).put("procedure", r.procedure());
        } else if (m instanceof Registered r) {
            a.put("request_id", r.requestId()).put("registration_id", r.registrationId());
        } else if (m instanceof Unregister u) {
            a.put("request_id", u.requestId()).put("registration_id", u.registrationId());
        } else if (m instanceof Unregistered u) {
            a.put("request_id", u.requestId()).put("details", u.details());
        } else if (m instanceof Invocation i) {
            a.put("request_id", i.requestId()).put("registration_id", i.registrationId())
                    .put("details", i.details()).payload(i.payload());
        } else if (m instanceof Interrupt i) {
            a.put("request_id", i.requestId()).put("options", i.options());
        } else if (m instanceof Yield y) {
            a.put("request_id", y.requestId()).put("options", y.options()).payload(y.payload());
        }
        return a.attributes;
    }

    private VectorAttributes put(String name, Object value) {
        attributes.put(name, value);
        return this;
    }

    private VectorAttributes publication(long id) {
        return put("publication_id", id).put("publication", id);
    }

    private VectorAttributes subscription(long id) {
        return put("subscription_id", id).put("subscription", id);
    }

    private VectorAttributes payload(Payload payload) {
        if (payload instanceof Payload.Transparent t) {
            return put("args", null).put("kwargs", null).put("payload", HexFormat.of().formatHex(t.bytes()));
        }
        Payload.Arguments arguments = (Payload.Arguments) payload;
        return put("args", arguments.args()).put("kwargs", arguments.kwargs()).put("payload", null);
    }
}
