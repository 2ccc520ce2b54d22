package io.bondy.core.router;

import io.bondy.core.message.Call;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Short helpers for the dealer tests. */
final class Rpc {

    private static final AtomicLong REQUESTS = new AtomicLong(1000);

    private Rpc() {
    }

    static long register(RouterFixture.Client c, String procedure) {
        return register(c, procedure, Map.of());
    }

    static long register(RouterFixture.Client c, String procedure, Map<String, Object> options) {
        c.send(new Register(REQUESTS.incrementAndGet(), options, procedure));
        return c.next(Registered.class).registrationId();
    }

    static long subscribe(RouterFixture.Client c, String topic) {
        c.send(new Subscribe(REQUESTS.incrementAndGet(), Map.of(), topic));
        return c.next(Subscribed.class).subscriptionId();
    }

    /** Calls a (meta) procedure and returns the RESULT. */
    static Result call(RouterFixture.Client c, String procedure, List<Object> args) {
        return call(c, procedure, args, null);
    }

    static Result call(RouterFixture.Client c, String procedure, List<Object> args, Map<String, Object> kwargs) {
        c.send(new Call(REQUESTS.incrementAndGet(), Map.of(), procedure, Payload.of(args, kwargs)));
        return c.next(Result.class);
    }

    /** The first positional value of a result. */
    static Object first(Result r) {
        return ((Payload.Arguments) r.payload()).args().get(0);
    }
}
