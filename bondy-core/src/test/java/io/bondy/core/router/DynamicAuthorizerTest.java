package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static io.bondy.core.router.Rpc.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.AuthorizerSettings;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Unsubscribe;
import io.bondy.core.message.Unsubscribed;
import io.bondy.core.message.Yield;
import io.bondy.core.spi.Action;
import io.bondy.core.spi.Authorizer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dynamic authorizer in the session's message path: a client registers the authorizer procedure,
 * another client's actions wait for its answers, in order, with caching, timeout and queue limits.
 */
class DynamicAuthorizerTest {

    private static final String AUTHORIZER = "com.example.authorize";
    private static final AuthorizerSettings SETTINGS = new AuthorizerSettings(AUTHORIZER, Duration.ofSeconds(30),
            Duration.ofSeconds(5), 3, 100);

    private final RouterFixture fixture = new RouterFixture(SETTINGS, null);
    private final RouterFixture.Client authorizer = fixture.joinAs("authz-service", "service");
    private final RouterFixture.Client app = fixture.joinAs("app-service", "service");
    private final RouterFixture.Client alice = fixture.joinAs("alice", "user");

    DynamicAuthorizerTest() {
        register(authorizer, AUTHORIZER); // the authorizer's own REGISTER is not sent to it
    }

    @Test
    void theAuthorizerGetsCrossbarsArgumentsAndItsYesLetsTheCallThrough() {
        allowNext(true);
        register(app, "com.example.add"); // asks the authorizer first
        alice.send(new Call(1, Map.of(), "com.example.add", Payload.of(List.of(2, 3))));

        Invocation ask = authorizer.next(Invocation.class);
        List<Object> args = args(ask);
        assertThat(args).hasSize(3);
        assertThat(args.get(1)).isEqualTo("com.example.add");
        assertThat(args.get(2)).isEqualTo("call");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) args.get(0);
        assertThat(details).containsEntry("session", alice.id()).containsEntry("authid", "alice")
                .containsEntry("authrole", "user").containsEntry("realm", "realm1").containsKey("transport");
        assertThat(app.peer().drain()).as("nothing is routed before the answer").isEmpty();

        authorizer.send(new Yield(ask.requestId(), Map.of(), Payload.of(List.of(true))));
        Invocation inv = app.next(Invocation.class);
        app.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of(5))));
        assertThat(alice.next(Result.class).payload()).isEqualTo(Payload.of(List.of(5)));
    }

    @Test
    void followingMessagesWaitAndAreProcessedInOrderOnceTheAnswerIsIn() {
        alice.send(new Subscribe(1, Map.of(), "com.example.a"));
        alice.send(new Subscribe(2, Map.of(), "com.example.b"));
        alice.send(new Publish(3, Map.of("acknowledge", true), "com.example.c", null));

        Invocation first = authorizer.next(Invocation.class);
        assertThat(args(first).subList(1, 3)).containsExactly("com.example.a", "subscribe");
        assertThat(authorizer.peer().drain()).as("one question at a time").isEmpty();
        assertThat(alice.peer().drain()).isEmpty();

        authorizer.send(new Yield(first.requestId(), Map.of(), Payload.of(List.of(true))));
        assertThat(alice.next(Subscribed.class).requestId()).isEqualTo(1);
        Invocation second = authorizer.next(Invocation.class);
        assertThat(args(second).subList(1, 3)).containsExactly("com.example.b", "subscribe");

        authorizer.send(new Yield(second.requestId(), Map.of(), Payload.of(List.of(Map.of("allow", false)))));
        Error denied = alice.next(Error.class);
        assertThat(denied.requestType()).isEqualTo(MessageType.SUBSCRIBE.code());
        assertThat(denied.requestId()).isEqualTo(2);
        assertThat(denied.error()).isEqualTo(WampErrors.NOT_AUTHORIZED);

        Invocation third = authorizer.next(Invocation.class);
        assertThat(args(third).subList(1, 3)).containsExactly("com.example.c", "publish");
        authorizer.send(new Yield(third.requestId(), Map.of(), Payload.of(List.of(true))));
        assertThat(alice.next(Published.class).requestId()).isEqualTo(3);
    }

    @Test
    void messagesTheAuthorizerIsNotAskedAboutStillWaitTheirTurn() {
        allowNext(true);
        long sub = subscribe(alice, "com.example.news"); // cached from now on
        alice.send(new Subscribe(2, Map.of(), "com.example.other"));
        alice.send(new Unsubscribe(3, sub));
        Invocation ask = authorizer.next(Invocation.class);
        assertThat(alice.peer().drain()).as("UNSUBSCRIBE waits behind the SUBSCRIBE").isEmpty();

        authorizer.send(new Yield(ask.requestId(), Map.of(), Payload.of(List.of(true))));
        assertThat(alice.next(Subscribed.class).requestId()).isEqualTo(2);
        assertThat(alice.next(Unsubscribed.class).requestId()).isEqualTo(3);
    }

    @Test
    void anAnswerIsReusedWithinTheTtlAndAskedForAgainAfterIt() {
        allowNext(true);
        register(app, "com.example.ping");
        for (int i = 1; i <= 3; i++) {
            alice.send(new Call(i, Map.of(), "com.example.ping", null));
            if (i == 1) {
                Invocation ask = authorizer.next(Invocation.class);
                authorizer.send(new Yield(ask.requestId(), Map.of(), Payload.of(List.of(true))));
            }
            Invocation inv = app.next(Invocation.class);
            app.send(new Yield(inv.requestId(), Map.of(), null));
            alice.next(Result.class);
        }
        assertThat(authorizer.peer().drain()).as("asked once for three calls within the TTL").isEmpty();

        fixture.scheduler.advance(Duration.ofSeconds(30));
        alice.send(new Call(4, Map.of(), "com.example.ping", null));
        Invocation again = authorizer.next(Invocation.class);
        assertThat(args(again).subList(1, 3)).containsExactly("com.example.ping", "call");
    }

    @Test
    void aDenialIsCachedTooButCacheFalseIsNot() {
        alice.send(new Call(1, Map.of(), "com.example.nope", null));
        answer(Map.of("allow", false));
        assertThat(alice.next(Error.class).error()).isEqualTo(WampErrors.NOT_AUTHORIZED);
        alice.send(new Call(2, Map.of(), "com.example.nope", null));
        assertThat(alice.next(Error.class).requestId()).isEqualTo(2);
        assertThat(authorizer.peer().drain()).isEmpty();

        alice.send(new Call(3, Map.of(), "com.example.once", null));
        answer(Map.of("allow", false, "cache", false));
        assertThat(alice.next(Error.class).requestId()).isEqualTo(3);
        alice.send(new Call(4, Map.of(), "com.example.once", null));
        assertThat(authorizer.next(Invocation.class)).isNotNull();
    }

    @Test
    void answersAreCachedPerSession() {
        allowNext(true);
        subscribe(alice, "com.example.t");
        RouterFixture.Client bob = fixture.joinAs("bob", "user");
        bob.send(new Subscribe(1, Map.of(), "com.example.t"));
        Invocation ask = authorizer.next(Invocation.class);
        assertThat(args(ask).get(0)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("session", bob.id());
    }

    @Test
    void aNewSessionOnTheSameTransportStartsWithoutCachedAnswers() {
        allowNext(true);
        subscribe(alice, "com.example.t");
        alice.send(new io.bondy.core.message.Goodbye(Map.of(), WampErrors.CLOSE_NORMAL));
        alice.next(io.bondy.core.message.Goodbye.class);
        alice.send(new io.bondy.core.message.Hello("realm1", Map.of("authid", "carol", "roles", Map.of("subscriber",
                Map.of()))));
        io.bondy.core.message.Welcome welcome = alice.next(io.bondy.core.message.Welcome.class);

        alice.send(new Subscribe(7, Map.of(), "com.example.t"));
        Invocation ask = authorizer.next(Invocation.class);
        assertThat(args(ask).get(0)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("session", welcome.session()).containsEntry("authid", "carol");
    }

    @Test
    void noAnswerWithinTheTimeoutIsADenialAndTheQueueMovesOn() {
        alice.send(new Call(1, Map.of(), "com.example.slow", null));
        alice.send(new Publish(2, Map.of(), "com.example.unacknowledged", null));
        authorizer.next(Invocation.class);

        fixture.scheduler.advance(Duration.ofSeconds(5));

        Error denied = alice.next(Error.class);
        assertThat(denied.requestId()).isEqualTo(1);
        assertThat(denied.error()).isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(String.valueOf(denied.payload())).contains("the authorizer failed");
        Invocation next = authorizer.next(Invocation.class);
        assertThat(args(next).subList(1, 3)).containsExactly("com.example.unacknowledged", "publish");
    }

    @Test
    void anErrorFromTheAuthorizerIsADenial() {
        alice.send(new Call(1, Map.of(), "com.example.x", null));
        Invocation ask = authorizer.next(Invocation.class);
        authorizer.send(new Error(MessageType.INVOCATION.code(), ask.requestId(), Map.of(), "com.example.oops",
                Payload.of(List.of("database down"))));
        Error denied = alice.next(Error.class);
        assertThat(denied.error()).isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(String.valueOf(denied.payload())).contains("com.example.oops");

        alice.send(new Call(2, Map.of(), "com.example.x", null));
        assertThat(authorizer.next(Invocation.class)).as("a failure is not cached").isNotNull();
    }

    @Test
    void anAnswerThatIsNeitherABooleanNorAnAllowDictIsADenial() {
        alice.send(new Call(1, Map.of(), "com.example.x", null));
        answer("yes");
        assertThat(alice.next(Error.class).error()).isEqualTo(WampErrors.NOT_AUTHORIZED);
        alice.send(new Call(2, Map.of(), "com.example.y", null));
        answer(Map.of("allow", "true"));
        assertThat(alice.next(Error.class).requestId()).isEqualTo(2);
    }

    @Test
    void aMissingAuthorizerProcedureDeniesEverything() {
        authorizer.session().transportClosed(); // its registration goes
        alice.send(new Subscribe(1, Map.of(), "com.example.t"));
        Error denied = alice.next(Error.class);
        assertThat(denied.error()).isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(String.valueOf(denied.payload())).contains(WampErrors.NO_SUCH_PROCEDURE);
    }

    @Test
    void tooManyMessagesWhileWaitingEndTheSessionWithAProtocolViolation() {
        alice.send(new Call(1, Map.of(), "com.example.x", null));
        for (int i = 2; i <= 4; i++) {
            alice.send(new Call(i, Map.of(), "com.example.x", null)); // the limit is 3
        }
        assertThat(alice.peer().drain()).isEmpty();
        alice.send(new Call(5, Map.of(), "com.example.x", null));

        Abort abort = alice.next(Abort.class);
        assertThat(abort.reason()).isEqualTo(WampErrors.PROTOCOL_VIOLATION);
        assertThat(String.valueOf(abort.details().get("message"))).contains("authorizer_max_queued");
        assertThat(alice.peer().isClosed()).isTrue();

        Invocation ask = authorizer.next(Invocation.class);
        authorizer.send(new Yield(ask.requestId(), Map.of(), Payload.of(List.of(true)))); // too late: ignored
        assertThat(alice.peer().drain()).isEmpty();
    }

    @Test
    void aSessionThatIsItsOwnAuthorizerIsNotStuckBehindItsOwnRequest() {
        allowNext(true);
        register(app, "com.example.work");
        authorizer.send(new Call(1, Map.of(), "com.example.work", null));
        Invocation ask = authorizer.next(Invocation.class); // it is asked about its own call
        authorizer.send(new Yield(ask.requestId(), Map.of(), Payload.of(List.of(true))));
        Invocation inv = app.next(Invocation.class);
        app.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of("done"))));
        assertThat(authorizer.next(Result.class).payload()).isEqualTo(Payload.of(List.of("done")));
    }

    @Test
    void anUnacknowledgedPublishThatIsDeniedGetsNoError() {
        RouterFixture.Client bob = fixture.joinAs("bob", "user");
        allowNext(true);
        subscribe(bob, "com.example.t");
        alice.send(new Publish(1, Map.of(), "com.example.t", null));
        answer(false);
        alice.send(new Publish(2, Map.of("acknowledge", true), "com.example.t", null));
        assertThat(alice.next(Error.class).requestId()).as("the cached denial, acknowledged").isEqualTo(2);
        assertThat(bob.peer().drain()).noneMatch(m -> m instanceof Event);
    }

    @Test
    void staticRbacDecidesFirstAndTheAuthorizerIsNotAskedWhenItSaysNo() {
        Authorizer rbac = (session, action, uri) -> !(action == Action.CALL && uri.startsWith("com.example.secret"));
        RouterFixture secured = new RouterFixture(SETTINGS, rbac);
        RouterFixture.Client authz = secured.joinAs("authz-service", "service");
        register(authz, AUTHORIZER);
        RouterFixture.Client bob = secured.joinAs("bob", "user");

        bob.send(new Call(1, Map.of(), "com.example.secret.x", null));
        assertThat(bob.next(Error.class).error()).isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(authz.peer().drain()).isEmpty();

        bob.send(new Call(2, Map.of(), "com.example.open", null));
        Invocation ask = authz.next(Invocation.class);
        authz.send(new Yield(ask.requestId(), Map.of(), Payload.of(List.of(false))));
        assertThat(bob.next(Error.class).requestId()).isEqualTo(2);
    }

    @Test
    void discloseTrueIdentifiesTheCallerWithoutTheDisclosePermissionAndIsCachedWithTheAnswer() {
        Authorizer rbac = (session, action, uri) -> action != Action.DISCLOSE_CALLER;
        RouterFixture secured = new RouterFixture(SETTINGS, rbac);
        RouterFixture.Client authz = secured.joinAs("authz-service", "service");
        register(authz, AUTHORIZER);
        RouterFixture.Client callee = secured.joinAs("app-service", "service");
        callee.send(new io.bondy.core.message.Register(1, Map.of(), "com.example.whoami"));
        answerOn(authz, true);
        callee.next(io.bondy.core.message.Registered.class);
        RouterFixture.Client bob = secured.joinAs("bob", "user");

        bob.send(new Call(1, Map.of(), "com.example.whoami", null));
        answerOn(authz, Map.of("allow", true, "disclose", true));
        Invocation inv = callee.next(Invocation.class);
        assertThat(inv.details()).containsEntry("caller", bob.id()).containsEntry("caller_authid", "bob");
        callee.send(new Yield(inv.requestId(), Map.of(), Payload.NONE));
        bob.next(Result.class);

        bob.send(new Call(2, Map.of(), "com.example.whoami", null));
        assertThat(callee.next(Invocation.class).details()).as("the cached answer discloses too")
                .containsEntry("caller", bob.id());
        assertThat(authz.peer().drain()).isEmpty();

        bob.send(new Call(3, Map.of("disclose_me", true), "com.example.other", null));
        answerOn(authz, Map.of("allow", true));
        assertThat(bob.next(Error.class).error()).as("without disclose, disclose_me still needs the permission")
                .isEqualTo(WampErrors.NOT_AUTHORIZED);
    }

    @Test
    void discloseTrueIdentifiesThePublisherToSubscribers() {
        allowNext(true);
        subscribe(app, "com.example.news");
        alice.send(new Publish(1, Map.of("exclude_me", false), "com.example.news", Payload.of(List.of("hi"))));
        answer(Map.of("allow", true, "disclose", true));
        Event event = app.next(Event.class);
        assertThat(event.details()).containsEntry("publisher", alice.id());
    }

    @Test
    void aDiscloseThatIsNotABooleanIsADenial() {
        alice.send(new Call(1, Map.of(), "com.example.add", null));
        answer(Map.of("allow", true, "disclose", "yes"));
        Error error = alice.next(Error.class);
        assertThat(error.error()).isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(error.payload().toString()).contains("disclose?: boolean");
    }

    /** Answers the next invocation of {@code authz} with {@code value}. */
    private static void answerOn(RouterFixture.Client authz, Object value) {
        Invocation ask = authz.next(Invocation.class);
        authz.send(new Yield(ask.requestId(), Map.of(), Payload.of(List.of(value))));
    }

    /** Answers the next authorizer invocation with {@code value}. */
    private void answer(Object value) {
        Invocation ask = authorizer.next(Invocation.class);
        authorizer.send(new Yield(ask.requestId(), Map.of(), Payload.of(List.of(value))));
    }

    /** Sends the authorizer's answer to the question the next action will cause, once it comes. */
    private void allowNext(boolean allow) {
        pendingAnswers.add(allow);
        authorizerAnswersFromQueue();
    }

    private final java.util.ArrayDeque<Boolean> pendingAnswers = new java.util.ArrayDeque<>();

    /**
     * Wraps the authorizer's peer so that questions are answered as they arrive, for helpers such as
     * {@link Rpc#subscribe} that wait for the reply on the same thread.
     */
    private void authorizerAnswersFromQueue() {
        // The recording peer cannot answer by itself: answer on a helper thread once the question arrives.
        Thread t = new Thread(() -> {
            Invocation ask = authorizer.next(Invocation.class);
            authorizer.send(new Yield(ask.requestId(), Map.of(), Payload.of(List.of(pendingAnswers.poll()))));
        }, "test-authorizer");
        t.setDaemon(true);
        t.start();
    }

    private static List<Object> args(Invocation invocation) {
        return ((Payload.Arguments) invocation.payload()).args();
    }
}
