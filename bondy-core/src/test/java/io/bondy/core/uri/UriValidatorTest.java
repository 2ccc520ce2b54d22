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

    /** The scan agrees with the spec's regular expressions on every string of a generated set. */
    @Test
    void theScanAgreesWithTheSpecsRegularExpressions() {
        java.util.Map<UriValidator, java.util.regex.Pattern[]> spec = java.util.Map.of(
                UriValidator.LOOSE, new java.util.regex.Pattern[] {
                        java.util.regex.Pattern.compile("^([^\\s.#]+\\.)*([^\\s.#]+)$"),
                        java.util.regex.Pattern.compile("^(([^\\s.#]+\\.)|\\.)*([^\\s.#]+)?$")},
                UriValidator.STRICT, new java.util.regex.Pattern[] {
                        java.util.regex.Pattern.compile("^([0-9a-z_]+\\.)*([0-9a-z_]+)$"),
                        java.util.regex.Pattern.compile("^(([0-9a-z_]+\\.)|\\.)*([0-9a-z_]+)?$")});
        char[] alphabet = {'a', 'z', '0', '_', '.', '.', '#', ' ', '\t', '\u000B', 'Z', '-', '\u00fc', '\u00a0', '\n'};
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                b.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String uri = b.toString();
            spec.forEach((validator, patterns) -> {
                assertThat(validator.isValid(uri)).as("%s isValid(%s)", validator, uri)
                        .isEqualTo(patterns[0].matcher(uri).matches());
                assertThat(validator.isValidPattern(uri)).as("%s isValidPattern(%s)", validator, uri)
                        .isEqualTo(patterns[1].matcher(uri).matches());
            });
        }
    }
}
