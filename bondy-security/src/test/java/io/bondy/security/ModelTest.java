package io.bondy.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.security.model.Cidr;
import io.bondy.security.model.Password;
import io.bondy.security.model.PasswordPolicy;
import io.bondy.security.model.SecurityError;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The value types of the identity model. */
class ModelTest {

    @Test
    void cidrMatchesItsNetworkOnlyInBothFamilies() throws Exception {
        Cidr net = Cidr.parse("10.1.0.0/16");
        assertThat(net.contains(InetAddress.getByName("10.1.200.3"))).isTrue();
        assertThat(net.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(net.contains(null)).isFalse();
        assertThat(Cidr.parse("::/0").contains(InetAddress.getByName("2001:db8::1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("::ffff:1.2.3.4"))).isTrue();
        assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
    }

    @Test
    void cidrRefusesNonsenseWithoutLookingItUp() {
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).isInstanceOf(SecurityError.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(SecurityError.class);
    }

    @Test
    void aPasswordMatchesOnlyItselfAndHidesItsValue() {
        Password p = Password.create("correct horse", new PasswordPolicy(1000, 1, 64, 6));
        assertThat(p.matches("correct horse")).isTrue();
        assertThat(p.matches("correct horsE")).isFalse();
        assertThat(p.toString()).doesNotContain("correct");
        assertThatThrownBy(() -> Password.create("short", new PasswordPolicy(1000, 1, 64, 6)))
                .isInstanceOf(SecurityError.class);
    }
}
