package io.bondy.core.expression;

/**
 * Thrown for a bad or failing expression: a syntax error, an unknown operator, a limit exceeded, a
 * missing key under a present root, an operator given a value of the wrong type, or (in strict mode)
 * an unresolved reference. {@link #path()} says where the expression is inside the term that was
 * validated or evaluated ({@code "action.args.0"}), {@link #reason()} why it failed.
 */
public final class ExpressionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private String path;

    public ExpressionException(String reason) {
        this(reason, null);
    }

    public ExpressionException(String reason, Throwable cause) {
        super(reason, cause, false, false);
        this.reason = reason;
        this.path = "";
    }

    /** Where the bad expression is: "" at the top of the term, else map keys and list indexes joined by '.'. */
    public String path() {
        return path;
    }

    /** Why the expression is bad, without the path. */
    public String reason() {
        return reason;
    }

    /** Prefixes the path with {@code outerKey} (a map key or a list index); returns this exception. */
    public ExpressionException at(String outerKey) {
        path = path.isEmpty() ? outerKey : outerKey + "." + path;
        return this;
    }

    @Override
    public String getMessage() {
        return path.isEmpty() ? reason : "at '" + path + "': " + reason;
    }
}
