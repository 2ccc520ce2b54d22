package io.bondy.core.uri;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A character trie for prefix patterns ({@code match: prefix} is a plain string prefix in the spec:
 * {@code com.myapp.topic.emergency} matches {@code com.myapp.topic.emergency-low}).
 * Writes are serialized by {@link UriIndex}; reads are lock-free.
 */
final class CharTrie<V> {

    private static final class Node<V> {
        final Map<Character, Node<V>> children = new ConcurrentHashMap<>(4);
        volatile V value;
    }

    private final Node<V> root = new Node<>();

    V get(String key) {
        Node<V> n = find(key);
        return n == null ? null : n.value;
    }

    void put(String key, V value) {
        Node<V> n = root;
        for (int i = 0; i < key.length(); i++) {
            n = n.children.computeIfAbsent(key.charAt(i), c -> new Node<>());
        }
        n.value = value;
    }

    void remove(String key) {
        remove(root, key, 0);
    }

    /** Removes the key below {@code n}; returns whether {@code n} became empty and may be pruned. */
    private boolean remove(Node<V> n, String key, int i) {
        if (i == key.length()) {
            n.value = null;
        } else {
            Node<V> child = n.children.get(key.charAt(i));
            if (child != null && remove(child, key, i + 1)) {
                n.children.remove(key.charAt(i));
            }
        }
        return n.value == null && n.children.isEmpty();
    }

    /**
     * Every value whose key is a prefix of {@code uri}. With {@code wholeComponents}, a key counts
     * only where it ends on a component boundary of the URI (at a '.', or at the end).
     */
    void forEachPrefixOf(String uri, boolean wholeComponents, Consumer<V> action) {
        Node<V> n = root;
        for (int i = 0; i < uri.length() && n != null; i++) {
            n = n.children.get(uri.charAt(i));
            if (n != null && n.value != null && (!wholeComponents || endsComponent(uri, i))) {
                action.accept(n.value);
            }
        }
    }

    V longestPrefixOf(String uri, boolean wholeComponents) {
        Node<V> n = root;
        V best = null;
        for (int i = 0; i < uri.length() && n != null; i++) {
            n = n.children.get(uri.charAt(i));
            if (n != null && n.value != null && (!wholeComponents || endsComponent(uri, i))) {
                best = n.value;
            }
        }
        return best;
    }

    private static boolean endsComponent(String uri, int i) {
        return i == uri.length() - 1 || uri.charAt(i) == '.' || uri.charAt(i + 1) == '.';
    }

    void forEachValue(Consumer<V> action) {
        forEachValue(root, action);
    }

    private void forEachValue(Node<V> n, Consumer<V> action) {
        if (n.value != null) {
            action.accept(n.value);
        }
        for (Node<V> child : n.children.values()) {
            forEachValue(child, action);
        }
    }

    private Node<V> find(String key) {
        Node<V> n = root;
        for (int i = 0; i < key.length() && n != null; i++) {
            n = n.children.get(key.charAt(i));
        }
        return n;
    }
}
