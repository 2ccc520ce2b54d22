package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Register;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerIdentificationTest {

    @Test
    void discloseMePutsTheCallersIdentityIntoTheInvocation() {
        RouterFixture fixture = new RouterFixture();
        RouterFixture.Client callee = fixture.join();
        RouterFixture.Client caller = fixture.join();
        register(callee, "id.echo");

        caller.send(new Call(1, Map.of("disclose_me", true), "id.echo", null));

        Map<String, Object> details = callee.next(Invocation.class).details();
        assertThat(details).containsEntry("caller", caller.id())
                .containsEntry("caller_authid", caller.session().identity().authid())
                .containsEntry("caller_authrole", "anonymous");
    }

    @Test
    void withoutARequestTheCallerStaysAnonymous() {
        RouterFixture fixture = new RouterFixture();
        RouterFixture.Client callee = fixture.join();
        RouterFixture.Client caller = fixture.join();
        register(callee, "id.quiet");
        caller.send(new Call(2, Map.of(), "id.quiet", null));
        assertThat(callee.next(Invocation.class).details()).doesNotContainKeys("caller", "caller_authid");
    }

    @Test
    void aCalleeRegisteringWithDiscloseCallerLearnsEveryCaller() {
        RouterFixture fixture = new RouterFixture();
        RouterFixture.Client callee = fixture.join();
        RouterFixture.Client caller = fixture.join();
        register(callee, "id.curious", Map.of("disclose_caller", true));
        caller.send(new Call(3, Map.of(), "id.curious", null));
        assertThat(callee.next(Invocation.class).details()).containsEntry("caller", caller.id());
    }

    @Test
    void aRealmPolicyOfAlwaysDisclosesEveryCaller() {
        RouterFixture fixture = new RouterFixture(policy(RpcSettings.CallerDisclosure.ALWAYS));
        RouterFixture.Client callee = fixture.join();
        RouterFixture.Client caller = fixture.join();
        register(callee, "id.always");
        caller.send(new Call(4, Map.of(), "id.always", null));
        assertThat(callee.next(Invocation.class).details()).containsEntry("caller", caller.id());
    }

    @Test
    void aRealmPolicyOfNeverRefusesDiscloseMeAndDiscloseCaller() {
        RouterFixture fixture = new RouterFixture(policy(RpcSettings.CallerDisclosure.NEVER));
        RouterFixture.Client callee = fixture.join();
        RouterFixture.Client caller = fixture.join();
        register(callee, "id.never");

        caller.send(new Call(5, Map.of("disclose_me", true), "id.never", null));
        assertThat(caller.next(Error.class).error()).isEqualTo("wamp.error.disclose_me.not_allowed");
        callee.send(new Register(6, Map.of("disclose_caller", true), "id.never2"));
        assertThat(callee.next(Error.class).error()).isEqualTo(WampErrors.OPTION_NOT_ALLOWED);
    }

    @Test
    void trustLevelsFollowTheRealmRuleByAuthrole() {
        RpcSettings.TrustLevels rule = new RpcSettings.TrustLevels(true, 1, Map.of("admin", 5));
        RouterFixture fixture = new RouterFixture(new RpcSettings(100, 1000, Duration.ZERO, Duration.ofSeconds(1),
                RpcSettings.CallerDisclosure.ON_REQUEST, rule, 4));
        RouterFixture.Client callee = fixture.join();
        RouterFixture.Client caller = fixture.join();
        register(callee, "id.trust");
        caller.send(new Call(7, Map.of(), "id.trust", null));
        assertThat(callee.next(Invocation.class).details()).containsEntry("trustlevel", 1);
        assertThat(rule.levelOf("admin")).isEqualTo(5);
    }

    @Test
    void withoutATrustRuleNoTrustLevelIsSent() {
        RouterFixture fixture = new RouterFixture();
        RouterFixture.Client callee = fixture.join();
        RouterFixture.Client caller = fixture.join();
        register(callee, "id.notrust");
        caller.send(new Call(8, Map.of(), "id.notrust", null));
        assertThat(callee.next(Invocation.class).details()).doesNotContainKey("trustlevel");
    }

    private static RpcSettings policy(RpcSettings.CallerDisclosure disclosure) {
        return new RpcSettings(100, 1000, Duration.ZERO, Duration.ofSeconds(1), disclosure,
                RpcSettings.TrustLevels.OFF, 4);
    }
}
