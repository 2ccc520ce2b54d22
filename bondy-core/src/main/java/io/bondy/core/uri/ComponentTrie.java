package io.bondy.core.uri;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A trie over URI components for wildcard patterns: an empty component matches any one component,
 * and a pattern matches only URIs with the same number of components. Writes are serialized by
 * {@link UriIndex}; reads are lock-free.
 */
final class ComponentTrie<V> {

    private static final String ANY = "";

    private static final class Node<V> {
        final Map<String, Node<V>> children = new ConcurrentHashMap<>(4);
        volatile V value;
    }

    private final Node<V> root = new Node<>();

    V get(String pattern) {
        Node<V> n = root;
        for (String c : split(pattern)) {
            n = n.children.get(c);
            if (n == null) {
                return null;
            }
        }
        return n.value;
    }

    void put(String pattern, V value) {
        Node<V> n = root;
        for (String c : split(pattern)) {
            n = n.children.computeIfAbsent(c, k -> new Node<>());
        }
        n.value = value;
    }

    void remove(String pattern) {
        remove(root, split(pattern), 0);
    }

    private boolean remove(Node<V> n, String[] parts, int i) {
        if (i == parts.length) {
            n.value = null;
        } else {
            Node<V> child = n.children.get(parts[i]);
            if (child != null && remove(child, parts, i + 1)) {
                n.children.remove(parts[i]);
            }
        }
        return n.value == null && n.children.isEmpty();
    }

    void forEachMatch(String uri, Consumer<V> action) {
        if (root.children.isEmpty()) {
            return;
        }
        collect(root, split(uri), 0, action);
    }

    private void collect(Node<V> n, String[] parts, int i, Consumer<V> action) {
        if (i == parts.length) {
            if (n.value != null) {
                action.accept(n.value);
            }
            return;
        }
        Node<V> concrete = n.children.get(parts[i]);
        if (concrete != null) {
            collect(concrete, parts, i + 1, action);
        }
        Node<V> any = n.children.get(ANY);
        if (any != null && !parts[i].isEmpty()) {
            collect(any, parts, i + 1, action);
        }
    }

    /**
     * The spec's wildcard precedence: the match whose concrete components reach furthest before each
     * wildcard wins. Walking concrete children before the wildcard child, depth first, the first
     * complete match found is exactly that one.
     */
    V bestMatch(String uri) {
        if (root.children.isEmpty()) {
            return null;
        }
        return best(root, split(uri), 0);
    }

    private V best(Node<V> n, String[] parts, int i) {
        if (i == parts.length) {
            return n.value;
        }
        Node<V> concrete = n.children.get(parts[i]);
        if (concrete != null) {
            V v = best(concrete, parts, i + 1);
            if (v != null) {
                return v;
            }
        }
        Node<V> any = n.children.get(ANY);
        return any == null ? null : best(any, parts, i + 1);
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

    private static String[] split(String uri) {
        return uri.split("\\.", -1);
    }
}
