package io.bondy.core.expression;

import java.util.List;

/**
 * A parsed string: literal text and expressions in order. {@code typed} when the string is exactly one
 * expression (surrounding blanks aside), whose value is then the result as it is (a map, a number...);
 * otherwise the result is the text with each expression's value rendered in its place.
 */
record Template(String source, List<Object> parts, boolean typed) {

    /** One {{...}}: the head operand and the pipe of operators applied to it in order. */
    record Expr(String source, Operand head, List<Op> ops) {
    }

    /** {@code name} or {@code name(args)}; names may contain ':' (base64:encode). */
    record Op(String name, List<Operand> args) {
    }

    /** What an operand can be: a literal, a reference to the context, a list of operands, or '_'. */
    sealed interface Operand permits Literal, Ref, ListOf, Placeholder {
    }

    /** A quoted string, a number, true, false or null. */
    record Literal(Object value) implements Operand {
    }

    /** A dotted path; its first key is the root looked up in the context. */
    record Ref(List<String> keys) implements Operand {
        String root() {
            return keys.get(0);
        }

        String dotted() {
            return String.join(".", keys);
        }
    }

    /** {@code [a, 'b', 1]}: literals and references, one level deep. */
    record ListOf(List<Operand> items) implements Operand {
    }

    /** {@code _}: the piped value, in merge(_, m) and merge(m, _). */
    record Placeholder() implements Operand {
    }
}
