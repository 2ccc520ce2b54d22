package io.bondy.core.uri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UriLimitsTest {

    private final UriLimits limits = new UriLimits(16, 3);

    @Test
    void lengthIsCountedInUtf8BytesAsJavaEncodesThem() {
        for (String uri : new String[] {"a.b.c", "é.ü", "日本.語", "\uD83D\uDE00.x", "abcdefghijklmnop", "ab.日本語日本語",
                "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00a"}) {
            int bytes = uri.getBytes(StandardCharsets.UTF_8).length;
            boolean tooLong = bytes > 16;
            assertThat(limits.violation(uri) != null && limits.violation(uri).contains("bytes"))
                    .as("%s (%d bytes)", uri, bytes).isEqualTo(tooLong);
        }
    }

    @Test
    void componentsAreCountedEmptyOnesIncluded() {
        assertThat(limits.admits("a.b.c")).isTrue();
        assertThat(limits.admits("a..")).isTrue();
        assertThat(limits.violation("a.b.c.d")).contains("3 components", UriLimits.MAX_COMPONENTS_KEY);
        assertThat(limits.violation("...")).contains("components");
    }

    @Test
    void aHugeUriIsJudgedWithoutReadingIt() {
        String huge = "x".repeat(10_000_000);
        assertThat(limits.violation(huge)).contains("16 bytes", UriLimits.MAX_LENGTH_KEY);
        assertThat(UriLimits.abbreviate(huge)).hasSizeLessThan(100).contains("10,000,000 characters");
        assertThat(UriLimits.abbreviate("short.uri")).isEqualTo("short.uri");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new UriLimits(0, 1)).hasMessageContaining(UriLimits.MAX_LENGTH_KEY);
        assertThatThrownBy(() -> new UriLimits(1, 0)).hasMessageContaining(UriLimits.MAX_COMPONENTS_KEY);
    }
}
