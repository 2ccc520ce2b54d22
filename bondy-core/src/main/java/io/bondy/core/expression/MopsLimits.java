package io.bondy.core.expression;

/**
 * The bounds every expression is checked against before any work is done with it (documented in
 * docs/expressions.md, "Limits"). They are constants, not configuration: expressions come from API
 * specs and bridge configurations written by administrators, and the bounds only keep a hostile or
 * mistaken one from costing more than a few microseconds or a deep stack.
 */
public final class MopsLimits {

    /** The longest string containing an expression, in characters (template text included). */
    public static final int MAX_EXPRESSION_LENGTH = 4096;
    /** The most operators in one pipe chain ({@code {{x |> a |> b ...}}}). */
    public static final int MAX_PIPE_LENGTH = 32;
    /** The deepest nesting of maps and lists {@link Mops#validate} and {@link Mops#eval} descend into. */
    public static final int MAX_DEPTH = 32;

    private MopsLimits() {
    }
}
