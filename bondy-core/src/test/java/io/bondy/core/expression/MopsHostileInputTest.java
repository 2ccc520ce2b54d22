package io.bondy.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Inputs meant to hurt: huge strings, deep nesting, long pipes, random garbage; all on a small stack. */
class MopsHostileInputTest {

    private static final int MB = 1 << 20;
    /** Far less than any thread's default: the parser must not use stack per character or per bracket. */
    private static final long SMALL_STACK = 128 * 1024;

    /** Runs body on a thread with a small stack and rethrows what it threw (StackOverflowError included). */
    private static void onSmallStack(Runnable body) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", SMALL_STACK);
        t.start();
        try {
            t.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(t.isAlive()).as("finished").isFalse();
        if (failure.get() instanceof Error err) {
            throw err;
        }
        if (failure.get() instanceof RuntimeException re) {
            throw re;
        }
    }

    @Test
    void aMegabyteOfOpeningsIsRefusedByItsLength() {
        String hostile = "{{".repeat(MB / 2);
        onSmallStack(() -> {
            assertThatThrownBy(() -> Mops.eval(hostile, Map.of()))
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining("expression is 1048576 characters long, the limit is 4096");
            assertThatThrownBy(() -> Mops.validate(Map.of("a", hostile)))
                    .isInstanceOf(ExpressionException.class);
            assertThat(Mops.hasExpressions(hostile)).isTrue();
        });
    }

    @Test
    void aMegabyteStringWithoutExpressionsIsJustAValue() {
        String big = "(".repeat(MB) + "}}";
        onSmallStack(() -> {
            assertThat(Mops.eval(big, Map.of())).isSameAs(big);
            Mops.validate(big);
        });
    }

    @Test
    void theLengthLimitIsExact() {
        String atLimit = "{{a}}" + "x".repeat(MopsLimits.MAX_EXPRESSION_LENGTH - 5);
        assertThat(Mops.eval(atLimit, Map.of("a", 1L))).isEqualTo("1" + "x".repeat(4091));
        assertThatThrownBy(() -> Mops.eval(atLimit + "x", Map.of("a", 1L)))
                .hasMessageContaining("the limit is 4096");
    }

    @Test
    void bracketsAndQuotesUpToTheLengthLimitNeverOverflowTheStack() {
        int n = MopsLimits.MAX_EXPRESSION_LENGTH - 20;
        List<String> hostile = List.of(
                "{{a |> with(" + "[".repeat(n) + "}}",
                "{{a |> get(" + "(".repeat(n) + "}}",
                "{{" + "'".repeat(n) + "}}",
                "{{a |> get('" + "\\".repeat(n) + "}}",
                "{{" + "{".repeat(n) + "}}",
                "{{" + "a.".repeat(n / 2) + "}}",
                "{{" + "|>".repeat(n / 2) + "}}",
                "x" + "{{a}".repeat(n / 4));
        onSmallStack(() -> {
            for (String s : hostile) {
                assertThatThrownBy(() -> Mops.eval(s, Map.of("a", Map.of())))
                        .as(s.substring(0, 20)).isInstanceOf(ExpressionException.class);
            }
        });
    }

    @Test
    void manyExpressionsInOneTemplateAreFine() {
        String template = "{{a}},".repeat(MopsLimits.MAX_EXPRESSION_LENGTH / 6);
        Object out = Mops.eval(template, Map.of("a", 7L));
        assertThat((String) out).hasSize(2 * (MopsLimits.MAX_EXPRESSION_LENGTH / 6)).startsWith("7,7,");
    }

    @Test
    void pipeChainsAreBounded() {
        String ok = "{{a" + " |> integer".repeat(MopsLimits.MAX_PIPE_LENGTH) + "}}";
        assertThat(Mops.eval(ok, Map.of("a", "5"))).isEqualTo(5L);
        String tooLong = "{{a" + " |> integer".repeat(MopsLimits.MAX_PIPE_LENGTH + 1) + "}}";
        assertThatThrownBy(() -> Mops.validate(tooLong))
                .hasMessageContaining("more than 32 operators in one pipe");
    }

    @Test
    void nestingIsBoundedAndTheErrorSaysWhere() {
        Object ok = "{{a}}";
        for (int i = 0; i < MopsLimits.MAX_DEPTH; i++) {
            ok = Map.of("k", ok);
        }
        Mops.validate(ok);
        Object tooDeep = List.of(ok);
        ExpressionException e = catchThrowableOfType(() -> Mops.eval(tooDeep, Map.of("a", 1L)),
                ExpressionException.class);
        assertThat(e.reason()).isEqualTo("maps and lists are nested deeper than 32");
        assertThat(e.path()).isEqualTo("0" + ".k".repeat(MopsLimits.MAX_DEPTH - 1));
    }

    @Test
    void aHundredThousandNestedListsFailCleanlyOnASmallStack() {
        List<Object> root = new ArrayList<>();
        List<Object> cur = root;
        for (int i = 0; i < 100_000; i++) {
            List<Object> next = new ArrayList<>();
            cur.add(next);
            cur = next;
        }
        cur.add("{{x}}");
        onSmallStack(() -> {
            assertThat(Mops.hasExpressions(root)).isTrue();
            assertThatThrownBy(() -> Mops.validate(root)).isInstanceOf(ExpressionException.class);
            assertThatThrownBy(() -> Mops.eval(root, Map.of())).isInstanceOf(ExpressionException.class);
        });
    }

    @Test
    void randomGarbageOnlyEverGivesExpressionExceptions() {
        String alphabet = "{}|>()[],'\"\\ a.b1_-:x";
        Random random = new Random(20261206L);
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("a", Map.of("b", List.of(1L, 2L)));
        ctx.put("x", "1");
        onSmallStack(() -> {
            int evaluated = 0;
            for (int i = 0; i < 20_000; i++) {
                int len = 2 + random.nextInt(60);
                StringBuilder sb = new StringBuilder("{{");
                for (int j = 0; j < len; j++) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String s = sb.toString();
                try {
                    Mops.validate(s);
                    Mops.eval(s, ctx);
                    evaluated++;
                } catch (ExpressionException expected) {
                    assertThat(expected.reason()).isNotBlank();
                }
            }
            assertThat(evaluated).isLessThan(20_000);
        });
    }
}
