package io.bondy.core.expression;

/** STUB until wt-expr is merged (see tools/EXPRESSION_API.md): a bad or failing expression. */
public final class ExpressionException extends RuntimeException {

    private final String path;

    public ExpressionException(String message) {
        this("", message);
    }

    public ExpressionException(String path, String message) {
        super(message);
        this.path = path;
    }

    public String path() {
        return path;
    }

    public ExpressionException at(String outerKey) {
        return new ExpressionException(path.isEmpty() ? outerKey : outerKey + "." + path, getMessage());
    }
}
