package io.bondy.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

    @Test
    void globalIdsStayWithinOneAndTwoToThe53AndSpreadOverTheRange() {
        Set<Long> seen = new HashSet<>();
        boolean upperHalf = false;
        for (int i = 0; i < 10_000; i++) {
            long id = IdGenerator.global();
            assertThat(id).isBetween(1L, IdGenerator.MAX_ID);
            seen.add(id);
            upperHalf |= id > IdGenerator.MAX_ID / 2;
        }
        assertThat(seen).hasSizeGreaterThan(9_990);
        assertThat(upperHalf).isTrue();
    }

    @Test
    void sessionIdsAreInRange() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 1_000; i++) {
            assertThat(IdGenerator.sessionId(random)).isBetween(1L, IdGenerator.MAX_ID);
        }
    }

    @Test
    void sessionScopedIdsCountFromOneAndWrapAfterTwoToThe53() {
        AtomicLong counter = new AtomicLong();
        assertThat(IdGenerator.nextSessionScoped(counter)).isEqualTo(1);
        assertThat(IdGenerator.nextSessionScoped(counter)).isEqualTo(2);
        counter.set(IdGenerator.MAX_ID);
        assertThat(IdGenerator.nextSessionScoped(counter)).isEqualTo(1);
    }

    @Test
    void routerScopedIdsAreUniqueAndNeverZero() {
        IdGenerator ids = new IdGenerator();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            long id = ids.nextRouterScoped();
            assertThat(id).isPositive();
            assertThat(seen.add(id)).isTrue();
        }
    }
}
