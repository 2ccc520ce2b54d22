package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Register;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatternRegistrationTest {

    private final RouterFixture fixture = new RouterFixture();
    private final RouterFixture.Client caller = fixture.join();

    @Test
    void prefixRegistrationReceivesCallsUnderItsPrefixWithTheConcreteProcedure() {
        RouterFixture.Client callee = fixture.join();
        long reg = register(callee, "com.app.obj", Map.of("match", "prefix"));

        caller.send(new Call(1, Map.of(), "com.app.obj.method", null));

        Invocation inv = callee.next(Invocation.class);
        assertThat(inv.registrationId()).isEqualTo(reg);
        assertThat(inv.details()).containsEntry("procedure", "com.app.obj.method");
    }

    @Test
    void wildcardRegistrationMatchesWholeComponents() {
        RouterFixture.Client callee = fixture.join();
        register(callee, "com.app..get", Map.of("match", "wildcard"));

        caller.send(new Call(2, Map.of(), "com.app.users.get", null));
        assertThat(callee.next(Invocation.class).details()).containsEntry("procedure", "com.app.users.get");

        caller.send(new Call(3, Map.of(), "com.app.users.get.more", null));
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.NO_SUCH_PROCEDURE);
    }

    @Test
    void exactRegistrationWinsOverPrefixWhichWinsOverWildcard() {
        RouterFixture.Client exact = fixture.join();
        RouterFixture.Client prefix = fixture.join();
        RouterFixture.Client wildcard = fixture.join();
        register(exact, "a1.b2.c3.d4", Map.of());
        register(prefix, "a1.b2", Map.of("match", "prefix"));
        register(wildcard, "a1.b2..d4", Map.of("match", "wildcard"));

        caller.send(new Call(4, Map.of(), "a1.b2.c3.d4", null));
        assertThat(exact.next(Invocation.class).details()).doesNotContainKey("procedure");
        caller.send(new Call(5, Map.of(), "a1.b2.c9.d4", null));
        assertThat(prefix.next(Invocation.class).details()).containsEntry("procedure", "a1.b2.c9.d4");
        assertThat(wildcard.peer().drain()).isEmpty();
    }

    @Test
    void longestPrefixWinsAndComponentsMustMatchWhole() {
        RouterFixture.Client shortPrefix = fixture.join();
        RouterFixture.Client longPrefix = fixture.join();
        register(shortPrefix, "a1.b2", Map.of("match", "prefix"));
        register(longPrefix, "a1.b2.c3", Map.of("match", "prefix"));

        caller.send(new Call(6, Map.of(), "a1.b2.c3.d4.e325", null));
        longPrefix.next(Invocation.class);
        caller.send(new Call(7, Map.of(), "a1.b2.c33.d4", null));
        shortPrefix.next(Invocation.class);
    }

    @Test
    void wildcardTiesAreBrokenByTheLongerLeadingComponentsAsInTheSpec() {
        RouterFixture.Client rpc4 = fixture.join();
        RouterFixture.Client rpc5 = fixture.join();
        RouterFixture.Client rpc6 = fixture.join();
        RouterFixture.Client rpc7 = fixture.join();
        register(rpc4, "a1.b2..d4.e5", Map.of("match", "wildcard"));
        register(rpc5, "a1.b2.c33..e5", Map.of("match", "wildcard"));
        register(rpc6, "a1.b2..d4.e5..g7", Map.of("match", "wildcard"));
        register(rpc7, "a1.b2..d4..f6.g7", Map.of("match", "wildcard"));

        caller.send(new Call(8, Map.of(), "a1.b2.c55.d4.e5", null));
        rpc4.next(Invocation.class);
        caller.send(new Call(9, Map.of(), "a1.b2.c33.d4.e5", null));
        rpc5.next(Invocation.class);
        caller.send(new Call(10, Map.of(), "a1.b2.c88.d4.e5.f6.g7", null));
        rpc6.next(Invocation.class);
        assertThat(rpc7.peer().drain()).isEmpty();
    }

    @Test
    void samePatternWithDifferentPoliciesAreDistinctRegistrations() {
        RouterFixture.Client a = fixture.join();
        RouterFixture.Client b = fixture.join();
        long exact = register(a, "x.y", Map.of());
        long prefix = register(b, "x.y", Map.of("match", "prefix"));
        assertThat(exact).isNotEqualTo(prefix);
    }

    @Test
    void anEmptyComponentIsInvalidOutsideWildcardRegistrations() {
        RouterFixture.Client callee = fixture.join();
        callee.send(new Register(11, Map.of("match", "prefix"), "a..b"));
        assertThat(callee.next(Error.class).error()).isEqualTo(WampErrors.INVALID_URI);
    }
}
