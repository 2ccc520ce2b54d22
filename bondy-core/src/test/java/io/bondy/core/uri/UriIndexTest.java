package io.bondy.core.uri;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.MatchPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UriIndexTest {

    /** The registrations of the spec's precedence example (rpc_pattern_based_registration.md). */
    private static UriIndex<String> specRegistrations() {
        UriIndex<String> index = new UriIndex<>(true);
        put(index, "a1.b2.c3.d4.e55", MatchPolicy.EXACT, "1");
        put(index, "a1.b2.c3", MatchPolicy.PREFIX, "2");
        put(index, "a1.b2.c3.d4", MatchPolicy.PREFIX, "3");
        put(index, "a1.b2..d4.e5", MatchPolicy.WILDCARD, "4");
        put(index, "a1.b2.c33..e5", MatchPolicy.WILDCARD, "5");
        put(index, "a1.b2..d4.e5..g7", MatchPolicy.WILDCARD, "6");
        put(index, "a1.b2..d4..f6.g7", MatchPolicy.WILDCARD, "7");
        return index;
    }

    @Test
    void bestMatchFollowsTheSpecsPrecedenceExamples() {
        UriIndex<String> index = specRegistrations();
        assertThat(index.bestMatch("a1.b2.c3.d4.e55")).contains("1");
        assertThat(index.bestMatch("a1.b2.c3.d98.e74")).contains("2");
        assertThat(index.bestMatch("a1.b2.c3.d4.e325")).contains("3");
        assertThat(index.bestMatch("a1.b2.c55.d4.e5")).contains("4");
        assertThat(index.bestMatch("a1.b2.c33.d4.e5")).contains("5");
        assertThat(index.bestMatch("a1.b2.c88.d4.e5.f6.g7")).contains("6");
        assertThat(index.bestMatch("a2.b2.c2.d2.e2")).isEmpty();
    }

    @Test
    void stringPrefixIndexMatchesTheSpecsPubSubExample() {
        UriIndex<String> index = new UriIndex<>(false);
        put(index, "com.myapp.topic.emergency", MatchPolicy.PREFIX, "p");
        for (String t : List.of("com.myapp.topic.emergency.11", "com.myapp.topic.emergency-low",
                "com.myapp.topic.emergency.category.severe", "com.myapp.topic.emergency")) {
            assertThat(index.matches(t)).as(t).containsExactly("p");
        }
        assertThat(index.matches("com.myapp.topic.emerge")).isEmpty();
    }

    @Test
    void wildcardMatchesOnlyUrisWithTheSameNumberOfComponents() {
        UriIndex<String> index = new UriIndex<>(false);
        put(index, "com.myapp..userevent", MatchPolicy.WILDCARD, "w");
        assertThat(index.matches("com.myapp.foo.userevent")).containsExactly("w");
        assertThat(index.matches("com.myapp.foo.bar.userevent")).isEmpty();
        assertThat(index.matches("com.myapp.foo.userevent.x")).isEmpty();
    }

    @Test
    void everyMatchingPatternIsFoundOnce() {
        UriIndex<String> index = specRegistrations();
        assertThat(index.matches("a1.b2.c3.d4.e5")).containsExactlyInAnyOrder("2", "3", "4");
    }

    @Test
    void removingTheLastValueDeletesTheEntryAndPrunesTheTrie() {
        UriIndex<String> index = new UriIndex<>(false);
        put(index, "a.b", MatchPolicy.PREFIX, "x");
        put(index, "a..c", MatchPolicy.WILDCARD, "y");
        assertThat(index.size()).isEqualTo(2);
        index.update("a.b", MatchPolicy.PREFIX, v -> null);
        index.update("a..c", MatchPolicy.WILDCARD, v -> null);
        assertThat(index.size()).isZero();
        assertThat(index.matches("a.b.c")).isEmpty();
        assertThat(index.values()).isEmpty();
    }

    @Test
    void matchesAgreeWithABruteForceScanOnRandomPatterns() {
        Random random = new Random(42);
        String[] words = {"a", "b", "c", "d"};
        UriIndex<String> index = new UriIndex<>(false);
        List<String[]> patterns = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            MatchPolicy policy = MatchPolicy.values()[random.nextInt(3)];
            int n = 1 + random.nextInt(4);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    b.append('.');
                }
                if (!(policy == MatchPolicy.WILDCARD && random.nextInt(3) == 0)) {
                    b.append(words[random.nextInt(words.length)]);
                }
            }
            String pattern = b.toString();
            String id = policy + ":" + pattern;
            if (index.get(pattern, policy) == null) {
                put(index, pattern, policy, id);
                patterns.add(new String[] {pattern, policy.name(), id});
            }
        }
        for (int i = 0; i < 500; i++) {
            int n = 1 + random.nextInt(4);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < n; k++) {
                b.append(k > 0 ? "." : "").append(words[random.nextInt(words.length)]);
            }
            String uri = b.toString();
            Set<String> expected = new HashSet<>();
            for (String[] p : patterns) {
                if (bruteForce(p[0], MatchPolicy.valueOf(p[1]), uri)) {
                    expected.add(p[2]);
                }
            }
            assertThat(new HashSet<>(index.matches(uri))).as(uri).isEqualTo(expected);
        }
    }

    private static boolean bruteForce(String pattern, MatchPolicy policy, String uri) {
        return switch (policy) {
            case EXACT -> uri.equals(pattern);
            case PREFIX -> uri.startsWith(pattern);
            case WILDCARD -> {
                String[] p = pattern.split("\\.", -1);
                String[] u = uri.split("\\.", -1);
                if (p.length != u.length) {
                    yield false;
                }
                for (int i = 0; i < p.length; i++) {
                    if (!p[i].isEmpty() && !p[i].equals(u[i])) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    private static void put(UriIndex<String> index, String pattern, MatchPolicy policy, String value) {
        index.update(pattern, policy, v -> value);
    }
}
