package io.bondy.core.uri;

import io.bondy.core.message.MatchPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * An index of URI patterns (exact, prefix, wildcard) shared by the broker (every match) and the
 * dealer (the best match by the spec's precedence). Lookups cost O(length of the URI) for exact
 * and prefix patterns and a walk of the wildcard trie, never a scan of all patterns.
 *
 * <p>Threading: lookups take no lock and may run on any thread while a write is in progress (they
 * see the index before or after it). Writes are serialized on the index.
 *
 * <p>Prefix matching: the spec's PubSub text makes {@code match: prefix} a plain string prefix
 * ({@code com.myapp.topic.emergency} matches {@code com.myapp.topic.emergency-low}), while its RPC
 * precedence examples count whole components ({@code a1.b2.c3} does not match
 * {@code a1.b2.c33.d4}). The index does either, chosen at construction.
 *
 * @param <V> what is stored per (pattern, policy), e.g. a subscription
 */
public final class UriIndex<V> {

    private final boolean prefixOnWholeComponents;

    /** @param prefixOnWholeComponents whether prefix patterns match only on component boundaries */
    public UriIndex(boolean prefixOnWholeComponents) {
        this.prefixOnWholeComponents = prefixOnWholeComponents;
    }

    private final Map<String, V> exact = new ConcurrentHashMap<>();
    private final CharTrie<V> prefix = new CharTrie<>();
    private final ComponentTrie<V> wildcard = new ComponentTrie<>();
    private int size;

    /** The value stored for exactly this pattern and policy, if any. */
    public V get(String pattern, MatchPolicy policy) {
        return switch (policy) {
            case EXACT -> exact.get(pattern);
            case PREFIX -> prefix.get(pattern);
            case WILDCARD -> wildcard.get(pattern);
        };
    }

    /**
     * Sets the value for (pattern, policy) to {@code update.apply(current)} (current may be null);
     * an update returning null removes the entry. Returns the new value.
     */
    public synchronized V update(String pattern, MatchPolicy policy, UnaryOperator<V> update) {
        V before = get(pattern, policy);
        V after = update.apply(before);
        if (after == before) {
            return after;
        }
        if (after == null) {
            remove(pattern, policy);
            size--;
        } else {
            put(pattern, policy, after);
            if (before == null) {
                size++;
            }
        }
        return after;
    }

    /** Creates the entry with {@code create} if absent; returns the entry. */
    public V computeIfAbsent(String pattern, MatchPolicy policy, Function<String, V> create) {
        V existing = get(pattern, policy);
        return existing != null ? existing : update(pattern, policy, v -> v != null ? v : create.apply(pattern));
    }

    /** Every value whose pattern matches {@code uri}: exact, then prefix, then wildcard. */
    public void forEachMatch(String uri, Consumer<V> action) {
        V e = exact.get(uri);
        if (e != null) {
            action.accept(e);
        }
        prefix.forEachPrefixOf(uri, prefixOnWholeComponents, action);
        wildcard.forEachMatch(uri, action);
    }

    /** All matches as a list (see {@link #forEachMatch}). */
    public List<V> matches(String uri) {
        List<V> out = new ArrayList<>(4);
        forEachMatch(uri, out::add);
        return out;
    }

    /**
     * The single best match by the spec's precedence for registrations: exact, else the longest
     * prefix, else the wildcard pattern with the longest concrete components before each wildcard.
     */
    public Optional<V> bestMatch(String uri) {
        V e = exact.get(uri);
        if (e != null) {
            return Optional.of(e);
        }
        V p = prefix.longestPrefixOf(uri, prefixOnWholeComponents);
        if (p != null) {
            return Optional.of(p);
        }
        return Optional.ofNullable(wildcard.bestMatch(uri));
    }

    /** Number of (pattern, policy) entries. */
    public synchronized int size() {
        return size;
    }

    /** Every stored value (no particular order). */
    public List<V> values() {
        List<V> out = new ArrayList<>(exact.values());
        prefix.forEachValue(out::add);
        wildcard.forEachValue(out::add);
        return out;
    }

    private void put(String pattern, MatchPolicy policy, V value) {
        switch (policy) {
            case EXACT -> exact.put(pattern, value);
            case PREFIX -> prefix.put(pattern, value);
            case WILDCARD -> wildcard.put(pattern, value);
        }
    }

    private void remove(String pattern, MatchPolicy policy) {
        switch (policy) {
            case EXACT -> exact.remove(pattern);
            case PREFIX -> prefix.remove(pattern);
            case WILDCARD -> wildcard.remove(pattern);
        }
    }
}
