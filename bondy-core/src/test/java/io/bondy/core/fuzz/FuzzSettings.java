package io.bondy.core.fuzz;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The seed and the number of cases of every fuzz property, from system properties:
 *
 * <ul>
 *   <li>{@code fuzz.seed}: the seed (a long); default {@value #DEFAULT_SEED}, so CI runs the same cases
 *       every time; {@code random} picks one per JVM and prints it;</li>
 *   <li>{@code fuzz.cases}: the cases of a whole fuzz class (e.g. {@code 1000000}), shared among its
 *       properties in proportion to their own {@code tries} (their CI sizes), which it replaces;
 *       {@code bench/fuzz.sh} sets it for the long mode.</li>
 * </ul>
 *
 * A failing property prints its seed and the command line that replays it. Registered on a class with
 * {@code @AddLifecycleHook(FuzzSettings.class)}.
 */
public final class FuzzSettings implements AroundPropertyHook {

    public static final String DEFAULT_SEED = "20261206";
    private static final String SEED = chooseSeed();

    /** The seed of this JVM's fuzz properties. */
    public static String seed() {
        return SEED;
    }

    private static String chooseSeed() {
        String configured = System.getProperty("fuzz.seed", DEFAULT_SEED).trim();
        if (configured.equalsIgnoreCase("random")) {
            String seed = Long.toString(ThreadLocalRandom.current().nextLong());
            System.out.println("[fuzz] random seed for this run: " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
            return seed;
        }
        Long.parseLong(configured); // fail fast on a typo
        return configured;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setSeed(SEED);
        // The arbitraries put their edge values (0, -1, 2^53, 2^64, NaN, ...) in on purpose; jqwik's own
        // edge-case search through nested flatMaps cost more than the cases themselves.
        context.attributes().setEdgeCases(EdgeCasesMode.NONE);
        Integer cases = Integer.getInteger("fuzz.cases");
        if (cases != null) {
            context.attributes().setTries(share(cases, context));
        }
        long start = System.nanoTime();
        PropertyExecutionResult result = property.execute();
        String where = context.containerClass().getSimpleName() + "#" + context.targetMethod().getName();
        String how = "seed " + SEED + ", " + context.attributes().tries().map(t -> t + " cases").orElse("default cases");
        if (result.status() == PropertyExecutionResult.Status.FAILED) {
            System.out.println("[fuzz] FAILED " + where + " (" + how + "): replay with -Dtest="
                    + context.containerClass().getSimpleName() + " -Dfuzz.seed=" + SEED
                    + (cases != null ? " -Dfuzz.cases=" + cases : ""));
        } else if (cases != null) {
            System.out.printf("[fuzz] %s %s: %s in %.1f s%n", result.status(), where, how,
                    (System.nanoTime() - start) / 1e9);
        }
        return result;
    }

    /** This property's part of {@code cases}: in proportion to its own tries among its class's properties. */
    private static int share(int cases, PropertyLifecycleContext context) {
        int own = tries(context.targetMethod().getAnnotation(Property.class));
        int all = Arrays.stream(context.containerClass().getDeclaredMethods())
                .map(m -> m.getAnnotation(Property.class)).filter(Objects::nonNull)
                .mapToInt(FuzzSettings::tries).sum();
        return (int) Math.max(1, Math.round((double) cases * own / Math.max(own, all)));
    }

    private static int tries(Property property) {
        return property == null || property.tries() <= 0 ? 1000 : property.tries();
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public int aroundPropertyProximity() {
        return -100; // outermost: the attributes are set before anything else runs
    }
}
