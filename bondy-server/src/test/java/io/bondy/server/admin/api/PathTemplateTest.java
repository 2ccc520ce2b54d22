package io.bondy.server.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {

    private final PathTemplate users = new PathTemplate("/realms/{realm}/users/{username}");

    @Test
    void matchesAndDecodesVariables() {
        assertThat(users.match("/realms/com.example/users/al%20ice"))
                .contains(Map.of("realm", "com.example", "username", "al ice"));
        assertThat(users.match("/realms/com.example/users/alice/")).isPresent();
    }

    @Test
    void refusesOtherShapesAndEmptyVariables() {
        assertThat(users.match("/realms/com.example/users")).isEmpty();
        assertThat(users.match("/realms/com.example/groups/alice")).isEmpty();
        assertThat(users.match("/realms//users/alice")).isEmpty();
        assertThat(new PathTemplate("/realms").match("/realms")).contains(Map.of());
    }
}
