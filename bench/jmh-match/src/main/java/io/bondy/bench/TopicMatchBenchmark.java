package io.bondy.bench;

import io.bondy.core.message.MatchPolicy;
import io.bondy.core.uri.UriIndex;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The broker's matching cost: one published topic against 100,000 subscriptions mixed across the
 * three policies, in the broker's {@link UriIndex} (plain-string prefixes, as the broker uses it).
 *
 * <p>Subscriptions: 60,000 exact ({@code com.app.gG.tT}), 20,000 prefix ({@code com.app.gG.tT} as a
 * string prefix, so {@code com.app.g5.t1} also matches {@code com.app.g5.t13}) and 20,000 wildcard
 * ({@code com..gG.tT}, {@code ..gG.tT} and {@code com.app.gG.}). Published topics are drawn from the
 * same 100,000-topic space, so most match several subscriptions of each kind and some match none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopicMatchBenchmark {

    private static final int GROUPS = 1000;
    private static final int TOPICS_PER_GROUP = 100;
    private static final int SAMPLE = 4096;

    private final UriIndex<String> index = new UriIndex<>(false);
    private final String[] topics = new String[SAMPLE];
    private int next;

    @Setup
    public void setUp() {
        for (int i = 0; i < 60_000; i++) {
            add("com.app.g" + (i / TOPICS_PER_GROUP) + ".t" + (i % TOPICS_PER_GROUP), MatchPolicy.EXACT);
        }
        for (int i = 0; i < 20_000; i++) {
            add("com.app.g" + (i % GROUPS) + ".t" + (i / GROUPS), MatchPolicy.PREFIX);
        }
        for (int i = 0; i < 10_000; i++) {
            add("com..g" + (i % GROUPS) + ".t" + (i / GROUPS), MatchPolicy.WILDCARD);
        }
        for (int i = 0; i < 9_000; i++) {
            add("..g" + (i % GROUPS) + ".t" + (10 + i / GROUPS), MatchPolicy.WILDCARD);
        }
        for (int g = 0; g < GROUPS; g++) {
            add("com.app.g" + g + ".", MatchPolicy.WILDCARD);
        }
        if (index.size() != 100_000) {
            throw new IllegalStateException("expected 100000 subscriptions, have " + index.size());
        }
        Random random = new Random(42);
        for (int i = 0; i < SAMPLE; i++) {
            topics[i] = "com.app.g" + random.nextInt(GROUPS) + ".t" + random.nextInt(TOPICS_PER_GROUP);
        }
    }

    private void add(String pattern, MatchPolicy policy) {
        index.update(pattern, policy, existing -> pattern);
    }

    /** All subscriptions matching one published topic (what the broker does per PUBLISH). */
    @Benchmark
    public void matchOneTopic(Blackhole bh) {
        String topic = topics[next++ & (SAMPLE - 1)];
        index.forEachMatch(topic, bh::consume);
    }
}
