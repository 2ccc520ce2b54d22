package io.bondy.core.uri;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A trie over URI components for wildcard patterns: an empty component matches any one component,
 * and a pattern matches only URIs with the same number of components.
 *
 * <p>Path-compressed: a node's edge holds a run of components (joined by '.', as in the pattern), so a
 * node exists only where a pattern ends or two patterns part, and a pattern costs its characters once
 * plus a constant instead of a node and a string per component. Every walk is a loop with its own
 * stack, never a recursion per component, and a URI with more components than the deepest pattern
 * ever stored is answered without splitting it.
 *
 * <p>Writes are serialized by {@link UriIndex}; reads are lock-free: a write never changes the label
 * of a node a reader may be on; it puts a new node in its parent's map instead.
 */
final class ComponentTrie<V> {

    /** The wildcard: an empty component. */
    private static final String ANY = "";

    private static final class Node<V> {
        /** The components from the parent to this node joined by '.' (at least one, but the root's none). */
        final String label;
        /** How many components the label holds. */
        final int count;
        /** Children by the first component of their label. */
        final Map<String, Node<V>> children;
        volatile V value;

        Node(String label, int count, Map<String, Node<V>> children, V value) {
            this.label = label;
            this.count = count;
            this.children = children;
            this.value = value;
        }

        Node(String label, int count, V value) {
            this(label, count, new ConcurrentHashMap<>(2), value);
        }

        String key() {
            int dot = label.indexOf('.');
            return dot < 0 ? label : label.substring(0, dot);
        }
    }

    private record Frame<V>(Node<V> node, int at) {
    }

    private final Node<V> root = new Node<>("", 0, null);
    /** The most components any pattern stored so far had (never lowered; a bound for lookups). */
    private volatile int deepest;

    V get(String pattern) {
        if (components(pattern) > deepest) {
            return null;
        }
        Node<V> n = find(split(pattern), null);
        return n == null ? null : n.value;
    }

    void put(String pattern, V value) {
        String[] parts = split(pattern);
        if (parts.length > deepest) {
            deepest = parts.length;
        }
        Node<V> n = root;
        int i = 0;
        while (i < parts.length) {
            Node<V> child = n.children.get(parts[i]);
            if (child == null) {
                n.children.put(parts[i], new Node<>(join(parts, i, parts.length), parts.length - i, value));
                return;
            }
            String[] label = split(child.label);
            int common = 1;
            while (common < label.length && i + common < parts.length && label[common].equals(parts[i + common])) {
                common++;
            }
            if (common < label.length) {
                // split the edge where the pattern parts from it
                Node<V> middle = new Node<>(join(label, 0, common), common, null);
                Node<V> rest = new Node<>(join(label, common, label.length), label.length - common, child.children,
                        child.value);
                middle.children.put(label[common], rest);
                n.children.put(parts[i], middle);
                child = middle;
            }
            n = child;
            i += common;
        }
        n.value = value;
    }

    void remove(String pattern) {
        if (components(pattern) > deepest) {
            return;
        }
        List<Node<V>> path = new ArrayList<>();
        Node<V> n = find(split(pattern), path);
        if (n == null || n.value == null) {
            return;
        }
        n.value = null;
        // upwards: a node without value or children goes; one without value and with one child merges with it
        for (int d = path.size() - 1; d > 0; d--) {
            Node<V> node = path.get(d);
            Node<V> parent = path.get(d - 1);
            if (node.value != null) {
                return;
            }
            int children = node.children.size();
            if (children == 0) {
                parent.children.remove(node.key(), node);
                continue;
            }
            if (children == 1) {
                Iterator<Node<V>> only = node.children.values().iterator();
                if (only.hasNext()) {
                    Node<V> child = only.next();
                    parent.children.put(node.key(), new Node<>(node.label + "." + child.label,
                            node.count + child.count, child.children, child.value));
                }
            }
            return;
        }
    }

    /** Every value whose pattern matches {@code uri}, concrete components before wildcards at each position. */
    void forEachMatch(String uri, Consumer<V> action) {
        if (root.children.isEmpty() || components(uri) > deepest) {
            return;
        }
        String[] parts = split(uri);
        Deque<Frame<V>> todo = new ArrayDeque<>();
        todo.push(new Frame<>(root, 0));
        while (!todo.isEmpty()) {
            Frame<V> f = todo.pop();
            if (f.at() == parts.length) {
                V v = f.node().value;
                if (v != null) {
                    action.accept(v);
                }
                continue;
            }
            pushChildren(f, parts, todo);
        }
    }

    /**
     * The spec's wildcard precedence: the match whose concrete components reach furthest before each
     * wildcard wins. Walking concrete children before the wildcard child, depth first, the first
     * complete match found is exactly that one.
     */
    V bestMatch(String uri) {
        if (root.children.isEmpty() || components(uri) > deepest) {
            return null;
        }
        String[] parts = split(uri);
        Deque<Frame<V>> todo = new ArrayDeque<>();
        todo.push(new Frame<>(root, 0));
        while (!todo.isEmpty()) {
            Frame<V> f = todo.pop();
            if (f.at() == parts.length) {
                V v = f.node().value;
                if (v != null) {
                    return v;
                }
                continue;
            }
            pushChildren(f, parts, todo);
        }
        return null;
    }

    /** Pushes the children of a frame that match the URI: the wildcard child first, so the concrete one is popped first. */
    private static <V> void pushChildren(Frame<V> f, String[] parts, Deque<Frame<V>> todo) {
        String part = parts[f.at()];
        Node<V> any = f.node().children.get(ANY);
        if (any != null && !part.isEmpty() && matches(any, parts, f.at())) {
            todo.push(new Frame<>(any, f.at() + any.count));
        }
        Node<V> concrete = part.isEmpty() ? null : f.node().children.get(part);
        if (concrete != null && matches(concrete, parts, f.at())) {
            todo.push(new Frame<>(concrete, f.at() + concrete.count));
        }
    }

    /** Whether the node's label matches the URI's components from {@code from} (an empty label component: any one). */
    private static boolean matches(Node<?> node, String[] parts, int from) {
        if (from + node.count > parts.length) {
            return false;
        }
        String label = node.label;
        int pos = 0;
        for (int k = from; k < from + node.count; k++) {
            int end = label.indexOf('.', pos);
            if (end < 0) {
                end = label.length();
            }
            String part = parts[k];
            int len = end - pos;
            if (len == 0 ? part.isEmpty() : len != part.length() || !label.regionMatches(pos, part, 0, len)) {
                return false;
            }
            pos = end + 1;
        }
        return true;
    }

    void forEachValue(Consumer<V> action) {
        Deque<Node<V>> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Node<V> n = todo.pop();
            V v = n.value;
            if (v != null) {
                action.accept(v);
            }
            n.children.values().forEach(todo::push);
        }
    }

    /** The node of exactly this pattern (components compared as strings), recording the way in {@code path}. */
    private Node<V> find(String[] parts, List<Node<V>> path) {
        Node<V> n = root;
        if (path != null) {
            path.add(n);
        }
        int i = 0;
        while (i < parts.length) {
            Node<V> child = n.children.get(parts[i]);
            if (child == null || i + child.count > parts.length
                    || !child.label.equals(child.count == 1 ? parts[i] : join(parts, i, i + child.count))) {
                return null;
            }
            i += child.count;
            n = child;
            if (path != null) {
                path.add(n);
            }
        }
        return n;
    }

    private static String join(String[] parts, int from, int to) {
        if (to - from == 1) {
            return parts[from];
        }
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                b.append('.');
            }
            b.append(parts[i]);
        }
        return b.toString();
    }

    /** The number of components of {@code uri} (one more than its dots), without splitting it. */
    private static int components(String uri) {
        int n = 1;
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) == '.') {
                n++;
            }
        }
        return n;
    }

    private static String[] split(String uri) {
        return uri.split("\\.", -1);
    }
}
