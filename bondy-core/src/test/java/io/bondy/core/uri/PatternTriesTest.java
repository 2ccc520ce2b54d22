package io.bondy.core.uri;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.MatchPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The path-compressed tries behind {@link UriIndex}: removal at any depth without recursion, pruning
 * back to nothing, and agreement with a brute-force model through random adds and removes.
 */
class PatternTriesTest {

    private static final int DEPTH = 100_000;

    @Test
    void charTrieRemovesAKeyOfAHundredThousandCharactersIteratively() {
        onEventLoopSizedStack(() -> {
            CharTrie<String> trie = new CharTrie<>();
            String deep = "a".repeat(DEPTH);
            // every 1000th prefix too, so the path has many nodes
            for (int i = 1000; i < DEPTH; i += 1000) {
                trie.put(deep.substring(0, i), "p" + i);
            }
            trie.put(deep, "deep");
            assertThat(trie.get(deep)).isEqualTo("deep");
            assertThat(trie.longestPrefixOf(deep + "b", false)).isEqualTo("deep");
            trie.remove(deep);
            assertThat(trie.get(deep)).isNull();
            for (int i = 1000; i < DEPTH; i += 1000) {
                trie.remove(deep.substring(0, i));
            }
            List<String> left = new ArrayList<>();
            trie.forEachValue(left::add);
            assertThat(left).isEmpty();
        });
    }

    @Test
    void componentTrieRemovesAPatternOfAHundredThousandComponentsIteratively() {
        onEventLoopSizedStack(() -> {
            ComponentTrie<String> trie = new ComponentTrie<>();
            String deep = "a.".repeat(DEPTH) + "b";
            String deepWild = ".".repeat(DEPTH) + "b";
            trie.put(deep, "deep");
            trie.put(deepWild, "wild");
            trie.put("a.b", "short");
            String concrete = "a.".repeat(DEPTH) + "b";
            assertThat(trie.bestMatch(concrete)).isEqualTo("deep");
            List<String> all = new ArrayList<>();
            trie.forEachMatch(concrete, all::add);
            assertThat(all).containsExactly("deep", "wild");
            trie.remove(deep);
            trie.remove(deepWild);
            assertThat(trie.get(deep)).isNull();
            assertThat(trie.bestMatch(concrete)).isNull();
            assertThat(trie.get("a.b")).isEqualTo("short");
            trie.remove("a.b");
            List<String> left = new ArrayList<>();
            trie.forEachValue(left::add);
            assertThat(left).isEmpty();
        });
    }

    @Test
    void aUriLongerThanEveryWildcardPatternIsAnsweredWithoutSplittingIt() {
        ComponentTrie<String> trie = new ComponentTrie<>();
        trie.put("a..c", "w");
        List<String> found = new ArrayList<>();
        trie.forEachMatch("a.".repeat(1_000_000) + "c", found::add);
        assertThat(found).isEmpty();
        assertThat(trie.bestMatch("a.b.c")).isEqualTo("w");
    }

    @Test
    void splittingAndMergingEdgesKeepsEveryKey() {
        CharTrie<String> chars = new CharTrie<>();
        chars.put("com.example.topic", "1");
        chars.put("com.example", "2");
        chars.put("com.exam", "3");
        chars.put("com.other", "4");
        assertThat(chars.get("com.example.topic")).isEqualTo("1");
        assertThat(chars.get("com.examp")).isNull();
        chars.remove("com.example");
        chars.remove("com.exam");
        assertThat(chars.get("com.example.topic")).isEqualTo("1");
        assertThat(chars.get("com.other")).isEqualTo("4");
        List<String> prefixes = new ArrayList<>();
        chars.forEachPrefixOf("com.example.topic.x", false, prefixes::add);
        assertThat(prefixes).containsExactly("1");

        ComponentTrie<String> comps = new ComponentTrie<>();
        comps.put("a.b.c.d", "1");
        comps.put("a.b", "2");
        comps.put("a..c.d", "3");
        comps.put("a.b.x.d", "4");
        assertThat(comps.get("a.b.c.d")).isEqualTo("1");
        assertThat(comps.get("a.b.c")).isNull();
        comps.remove("a.b");
        comps.remove("a.b.x.d");
        assertThat(comps.get("a.b.c.d")).isEqualTo("1");
        assertThat(comps.bestMatch("a.b.c.d")).isEqualTo("1");
        assertThat(comps.bestMatch("a.z.c.d")).isEqualTo("3");
    }

    @Test
    void indexAgreesWithABruteForceModelThroughRandomAddsAndRemoves() {
        Random random = new Random(18);
        String[] words = {"a", "b", "ab", "ba", "c"};
        for (boolean wholeComponents : new boolean[] {true, false}) {
            UriIndex<String> index = new UriIndex<>(wholeComponents);
            Map<String, String[]> model = new HashMap<>(); // id -> {pattern, policy}
            for (int step = 0; step < 2000; step++) {
                MatchPolicy policy = MatchPolicy.values()[random.nextInt(3)];
                String pattern = randomPattern(random, words, policy == MatchPolicy.WILDCARD);
                String id = policy + ":" + pattern;
                if (model.containsKey(id) && random.nextBoolean()) {
                    index.update(pattern, policy, v -> null);
                    model.remove(id);
                } else if (!model.containsKey(id)) {
                    index.update(pattern, policy, v -> id);
                    model.put(id, new String[] {pattern, policy.name()});
                }
                if (step % 10 == 0) {
                    String uri = randomPattern(random, words, false);
                    Set<String> expected = new HashSet<>();
                    for (Map.Entry<String, String[]> e : model.entrySet()) {
                        if (matches(e.getValue()[0], MatchPolicy.valueOf(e.getValue()[1]), uri, wholeComponents)) {
                            expected.add(e.getKey());
                        }
                    }
                    List<String> found = index.matches(uri);
                    assertThat(new HashSet<>(found)).as("%s (whole components %s)", uri, wholeComponents)
                            .isEqualTo(expected);
                    assertThat(found).hasSameSizeAs(expected);
                    assertThat(index.bestMatch(uri)).as("best match of %s", uri)
                            .isEqualTo(best(model, uri, wholeComponents));
                    assertThat(index.size()).isEqualTo(model.size());
                }
            }
            for (String[] p : List.copyOf(model.values())) {
                index.update(p[0], MatchPolicy.valueOf(p[1]), v -> null);
            }
            assertThat(index.size()).isZero();
            assertThat(index.values()).isEmpty();
        }
    }

    private static String randomPattern(Random random, String[] words, boolean wildcards) {
        int n = 1 + random.nextInt(5);
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                b.append('.');
            }
            if (!(wildcards && random.nextInt(3) == 0)) {
                b.append(words[random.nextInt(words.length)]);
            }
        }
        return b.toString();
    }

    private static boolean matches(String pattern, MatchPolicy policy, String uri, boolean wholeComponents) {
        return switch (policy) {
            case EXACT -> uri.equals(pattern);
            case PREFIX -> uri.startsWith(pattern) && (!wholeComponents || uri.length() == pattern.length()
                    || uri.charAt(pattern.length()) == '.' || pattern.endsWith("."));
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

    /** The spec's precedence: exact, the longest prefix, then the wildcard with concrete components furthest left. */
    private static Optional<String> best(Map<String, String[]> model, String uri, boolean wholeComponents) {
        String exact = null;
        String prefix = null;
        String wildcard = null;
        for (Map.Entry<String, String[]> e : model.entrySet()) {
            String pattern = e.getValue()[0];
            MatchPolicy policy = MatchPolicy.valueOf(e.getValue()[1]);
            if (!matches(pattern, policy, uri, wholeComponents)) {
                continue;
            }
            switch (policy) {
                case EXACT -> exact = e.getKey();
                case PREFIX -> {
                    if (prefix == null || pattern.length() > model.get(prefix)[0].length()) {
                        prefix = e.getKey();
                    }
                }
                case WILDCARD -> {
                    if (wildcard == null || precedes(pattern, model.get(wildcard)[0])) {
                        wildcard = e.getKey();
                    }
                }
            }
        }
        return Optional.ofNullable(exact != null ? exact : prefix != null ? prefix : wildcard);
    }

    /** Whether wildcard pattern {@code a} wins over {@code b}: at the first position they differ, a is concrete. */
    private static boolean precedes(String a, String b) {
        String[] pa = a.split("\\.", -1);
        String[] pb = b.split("\\.", -1);
        for (int i = 0; i < pa.length; i++) {
            if (pa[i].isEmpty() != pb[i].isEmpty()) {
                return !pa[i].isEmpty();
            }
        }
        return false;
    }

    /** Runs {@code task} on a thread with a 1 MiB stack (the JVM default, as Netty's event loops); rethrows. */
    private static void onEventLoopSizedStack(Runnable task) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                task.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "event-loop-like", 1L << 20);
        t.start();
        try {
            t.join(120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw new AssertionError("failed on its thread: " + failure.get(), failure.get());
        }
    }
}
