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
 * A character trie for prefix patterns ({@code match: prefix} is a plain string prefix in the spec:
 * {@code com.myapp.topic.emergency} matches {@code com.myapp.topic.emergency-low}).
 *
 * <p>Path-compressed (a radix tree): a node's edge holds a run of characters, so a node exists only
 * where a key ends or two keys part, and a key costs its characters once plus a constant, not a node
 * per character (169 bytes a character before, see docs/reliability.md). Every walk is a loop, never
 * a recursion per character.
 *
 * <p>Writes are serialized by {@link UriIndex}; reads are lock-free: a write never changes the label
 * of a node a reader may be on; it puts a new node in its parent's map instead, so a reader sees the
 * tree before or after the write.
 */
final class CharTrie<V> {

    private static final class Node<V> {
        /** The characters from the parent to this node (non-empty, but the root's). */
        final String label;
        final Map<Character, Node<V>> children;
        volatile V value;

        Node(String label, Map<Character, Node<V>> children, V value) {
            this.label = label;
            this.children = children;
            this.value = value;
        }

        Node(String label, V value) {
            this(label, new ConcurrentHashMap<>(2), value);
        }
    }

    private final Node<V> root = new Node<>("", null);

    V get(String key) {
        Node<V> n = find(key);
        return n == null ? null : n.value;
    }

    void put(String key, V value) {
        Node<V> n = root;
        int i = 0;
        while (i < key.length()) {
            char c = key.charAt(i);
            Node<V> child = n.children.get(c);
            if (child == null) {
                n.children.put(c, new Node<>(key.substring(i), value));
                return;
            }
            int common = commonPrefix(child.label, key, i);
            if (common < child.label.length()) {
                // split the edge: a new node where the key parts from it, holding the old node's rest
                Node<V> middle = new Node<>(child.label.substring(0, common), null);
                Node<V> rest = new Node<>(child.label.substring(common), child.children, child.value);
                middle.children.put(rest.label.charAt(0), rest);
                n.children.put(c, middle);
                child = middle;
            }
            n = child;
            i += common;
        }
        n.value = value;
    }

    void remove(String key) {
        List<Node<V>> path = new ArrayList<>();
        path.add(root);
        Node<V> n = root;
        int i = 0;
        while (i < key.length()) {
            Node<V> child = n.children.get(key.charAt(i));
            if (child == null || !key.startsWith(child.label, i)) {
                return;
            }
            i += child.label.length();
            n = child;
            path.add(n);
        }
        if (n.value == null) {
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
                parent.children.remove(node.label.charAt(0), node);
                continue;
            }
            if (children == 1) {
                Iterator<Node<V>> only = node.children.values().iterator();
                if (only.hasNext()) {
                    Node<V> child = only.next();
                    parent.children.put(node.label.charAt(0),
                            new Node<>(node.label + child.label, child.children, child.value));
                }
            }
            return;
        }
    }

    /**
     * Every value whose key is a prefix of {@code uri}, shortest first. With {@code wholeComponents},
     * a key counts only where it ends on a component boundary of the URI (at a '.', or at the end).
     */
    void forEachPrefixOf(String uri, boolean wholeComponents, Consumer<V> action) {
        Node<V> n = root;
        int i = 0;
        while (i < uri.length()) {
            Node<V> child = n.children.get(uri.charAt(i));
            if (child == null || !uri.startsWith(child.label, i)) {
                return;
            }
            i += child.label.length();
            n = child;
            V v = n.value;
            if (v != null && (!wholeComponents || endsComponent(uri, i - 1))) {
                action.accept(v);
            }
        }
    }

    V longestPrefixOf(String uri, boolean wholeComponents) {
        Node<V> n = root;
        V best = null;
        int i = 0;
        while (i < uri.length()) {
            Node<V> child = n.children.get(uri.charAt(i));
            if (child == null || !uri.startsWith(child.label, i)) {
                break;
            }
            i += child.label.length();
            n = child;
            V v = n.value;
            if (v != null && (!wholeComponents || endsComponent(uri, i - 1))) {
                best = v;
            }
        }
        return best;
    }

    private static boolean endsComponent(String uri, int i) {
        return i == uri.length() - 1 || uri.charAt(i) == '.' || uri.charAt(i + 1) == '.';
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

    private Node<V> find(String key) {
        Node<V> n = root;
        int i = 0;
        while (i < key.length()) {
            Node<V> child = n.children.get(key.charAt(i));
            if (child == null || !key.startsWith(child.label, i)) {
                return null;
            }
            i += child.label.length();
            n = child;
        }
        return n;
    }

    /** How many leading characters of {@code label} equal those of {@code key} from {@code from}. */
    private static int commonPrefix(String label, String key, int from) {
        int max = Math.min(label.length(), key.length() - from);
        int i = 0;
        while (i < max && label.charAt(i) == key.charAt(from + i)) {
            i++;
        }
        return i;
    }
}
