package io.bondy.bench;

import io.bondy.core.message.MatchPolicy;
import io.bondy.core.uri.UriIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Heap cost of patterns in a {@link UriIndex}: heap used after GC with N patterns minus without,
 * divided by the pattern characters (or components). The pattern strings themselves are kept alive in
 * both readings, so the figure is what the index adds. Prints one line per (policy, pattern shape).
 *
 * <pre>
 * mvn -B -o -q compile -pl bondy-bench -am
 * java -Xmx2g -cp bondy-core/target/classes:bondy-bench/target/classes io.bondy.bench.PatternMemory
 * </pre>
 *
 * Arguments (optional): the number of patterns (default 2000) and their length in characters
 * (default 500; components of 9 characters and a '.').
 */
public final class PatternMemory {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private PatternMemory() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int length = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Random random = new Random(42);
        List<String> patterns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            patterns.add(pattern(random, length, false));
        }
        List<String> wildcards = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            wildcards.add(pattern(random, length, true));
        }
        // warm up the classes and the JIT once, then measure
        measure(MatchPolicy.PREFIX, patterns.subList(0, Math.min(10, n)), false);
        System.out.printf(Locale.ROOT, "%d patterns of %d characters (%d components) each%n", n, length,
                components(patterns.get(0)));
        for (boolean pubsub : new boolean[] {false, true}) {
            report("prefix", pubsub, patterns, measure(MatchPolicy.PREFIX, patterns, pubsub));
            report("wildcard", pubsub, wildcards, measure(MatchPolicy.WILDCARD, wildcards, pubsub));
            report("exact", pubsub, patterns, measure(MatchPolicy.EXACT, patterns, pubsub));
        }
    }

    private static void report(String what, boolean pubsub, List<String> patterns, long bytes) {
        long chars = patterns.stream().mapToLong(String::length).sum();
        long comps = patterns.stream().mapToLong(PatternMemory::components).sum();
        System.out.printf(Locale.ROOT, "%-8s (%s index): %,d bytes; %.1f B/char, %.1f B/component, %,.0f B/pattern%n",
                what, pubsub ? "pubsub" : "rpc", bytes, bytes / (double) chars, bytes / (double) comps,
                bytes / (double) patterns.size());
    }

    /** Bytes of heap the index holds for these patterns (after GC). */
    private static long measure(MatchPolicy policy, List<String> patterns, boolean pubsub) {
        Object value = new Object();
        long before = usedAfterGc();
        UriIndex<Object> index = new UriIndex<>(!pubsub);
        for (String p : patterns) {
            index.update(p, policy, v -> value);
        }
        long after = usedAfterGc();
        if (index.size() != patterns.size()) {
            throw new IllegalStateException("expected " + patterns.size() + " entries, got " + index.size());
        }
        for (String p : patterns) {
            index.update(p, policy, v -> null);
        }
        if (index.size() != 0) {
            throw new IllegalStateException("entries left after removal: " + index.size());
        }
        return after - before;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Random lower-case components of 9 characters joined by '.'; wildcards leave every 4th component empty. */
    private static String pattern(Random random, int length, boolean wildcard) {
        StringBuilder b = new StringBuilder(length);
        int component = 0;
        while (b.length() < length) {
            if (b.length() > 0) {
                b.append('.');
            }
            boolean empty = wildcard && component % 4 == 3;
            for (int i = 0; i < 9 && !empty && b.length() < length; i++) {
                b.append((char) ('a' + random.nextInt(26)));
            }
            component++;
        }
        if (b.charAt(b.length() - 1) == '.') {
            b.append('z');
        }
        return b.toString();
    }

    private static long components(String uri) {
        return uri.chars().filter(c -> c == '.').count() + 1;
    }
}
