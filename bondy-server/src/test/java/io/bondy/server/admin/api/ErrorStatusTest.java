package io.bondy.server.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorStatusTest {

    @Test
    void mapsWampAndBondyErrorUrisToHttpStatuses() {
        assertThat(ErrorStatus.of("bondy.error.not_found")).isEqualTo(404);
        assertThat(ErrorStatus.of("wamp.error.no_such_realm")).isEqualTo(404);
        assertThat(ErrorStatus.of("bondy.error.already_exists")).isEqualTo(409);
        assertThat(ErrorStatus.of("wamp.error.not_authorized")).isEqualTo(403);
        assertThat(ErrorStatus.of("wamp.error.invalid_argument")).isEqualTo(400);
        assertThat(ErrorStatus.of("wamp.error.invalid_uri")).isEqualTo(400);
        assertThat(ErrorStatus.of("bondy.error.unknown_roles")).isEqualTo(400);
        assertThat(ErrorStatus.of("wamp.error.authentication_failed")).isEqualTo(401);
        assertThat(ErrorStatus.of("bondy.error.internal_error")).isEqualTo(500);
        assertThat(ErrorStatus.of(null)).isEqualTo(500);
    }
}
