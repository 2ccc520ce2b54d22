package io.bondy.core.uri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UriValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = {"com.myapp.topic1", "a", "com.My-App.Topic", "x.1.y", "ünïcode.ok"})
    void looseAcceptsComponentsWithoutDotsHashesOrWhitespace(String uri) {
        assertThat(UriValidator.LOOSE.isValid(uri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a..b", ".a", "a.", "a b", "a#b", "a.\tb", "a.b\n"})
    void looseRefusesEmptyComponentsHashAndWhitespace(String uri) {
        assertThat(UriValidator.LOOSE.isValid(uri)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.myapp.topic_1", "a.b2.c"})
    void strictAcceptsLowerCaseDigitsAndUnderscore(String uri) {
        assertThat(UriValidator.STRICT.isValid(uri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.MyApp", "com.my-app", "a..b", "ünïcode.no"})
    void strictRefusesWhatLooseMayAllow(String uri) {
        assertThat(UriValidator.STRICT.isValid(uri)).isFalse();
    }

    @Test
    void patternsMayHaveEmptyComponents() {
        assertThat(UriValidator.LOOSE.isValidPattern("com..topic")).isTrue();
        assertThat(UriValidator.LOOSE.isValidPattern("com.myapp.")).as("the spec regex allows a trailing empty component").isTrue();
        assertThat(UriValidator.STRICT.isValidPattern("com..topic")).isTrue();
        assertThat(UriValidator.LOOSE.isValidPattern("a b")).isFalse();
    }

    @Test
    void wampPrefixIsReserved() {
        assertThat(UriValidator.isReserved("wamp.session.count")).isTrue();
        assertThat(UriValidator.isReserved("wampish.topic")).isFalse();
    }

    @Test
    void namedRulesResolveAndUnknownNamesAreRefused() {
        assertThat(UriValidator.named("strict")).isEqualTo(UriValidator.STRICT);
        assertThatThrownBy(() -> UriValidator.named("lax")).hasMessageContaining("lax");
    }
}
